"""Indico exports whose slots and contributions lists do not nest: refused naming --level, read at the level
given (issue 21)."""

from __future__ import annotations

import io

import pytest

from conference.schedule.importers import ImportOptions, parse
from conference.schedule.importers.records import UncertainReading
from tests.schedule.test_import_indico_levels import _contribution, _event


def _other_ids(contributions: list[dict]) -> list[dict]:
    """The same contributions under ids of another numbering, as some exports list them beside their slots."""
    return [
        {**item, "db_id": item["db_id"] + 100, "id": item["id"] + 100, "title": f"{item['title']} (talk)"}
        for item in contributions
    ]


def test_lists_that_do_not_nest_yet_share_the_slots_times_are_refused_naming_the_level():
    listed = _other_ids([_contribution(1, "Fast MRI", "09:00", "09:30"), _contribution(2, "PET", "09:30", "10:00")])
    with pytest.raises(UncertainReading) as refused:
        parse(_event(listed), None, ImportOptions(filename="event.json"))
    message = str(refused.value)
    assert message.startswith("event.json: the 2 contributions listed beside the 1 session slots are none of")
    assert "--level 'sessions'" in message and "--level 'contributions'" in message
    assert [reading.choice for reading in refused.value.readings] == [{"level": "sessions"}, {"level": "contributions"}]


def test_the_level_option_reads_only_the_slots_or_only_the_contributions():
    listed = _other_ids([_contribution(1, "Fast MRI", "09:00", "09:30"), _contribution(2, "PET", "09:30", "10:00")])
    slots = parse(_event(listed), None, ImportOptions(level="sessions"))
    assert [(s.title, [t.title for t in s.talks]) for s in slots.sessions] == [("Imaging", ["Fast MRI", "PET"])]
    contributions = parse(_event(listed), None, ImportOptions(level="contributions"))
    assert [(s.title, s.talks) for s in contributions.sessions] == [("Fast MRI (talk)", ()), ("PET (talk)", ())]


def test_the_upload_preview_shows_both_levels(auth):
    client, _ = auth.admin()
    listed = _other_ids([_contribution(1, "Fast MRI", "09:00", "09:30"), _contribution(2, "PET", "09:30", "10:00")])
    data = {"file": (io.BytesIO(_event(listed)), "event.json"), "dry_run": "true"}
    response = client.post("/api/v1/conferences/apa-2027/imports", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    readings = response.get_json()["interpretations"]
    choices = [(reading["choose"], reading["created"]) for reading in readings]
    assert choices == [({"level": "sessions"}, 1), ({"level": "contributions"}, 2)]
