"""Indico exports that list session slots and contributions side by side are read at the right level."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from conference.schedule.importers import ImportOptions, parse

UTC = UTC
WHEN = {"date": "2027-05-15", "tz": "Europe/Zurich"}


def _at(clock: str) -> dict:
    """An Indico date object on the day, at a Zurich clock time."""
    return {**WHEN, "time": f"{clock}:00"}


def _contribution(id: int, title: str, start: str, end: str) -> dict:
    return {"db_id": id, "id": id, "title": title, "startDate": _at(start), "endDate": _at(end), "speakers": []}


def _event(contributions: list[dict]) -> bytes:
    """An export with one session slot holding two talks, and the given top-level contributions."""
    slot = {
        "id": "s1",
        "title": "Imaging",
        "startDate": _at("09:00"),
        "endDate": _at("10:30"),
        "contributions": [_contribution(1, "Fast MRI", "09:00", "09:30"), _contribution(2, "PET", "09:30", "10:00")],
    }
    event = {
        "_fossil": "conferenceMetadataWithSessions",
        "timezone": "Europe/Zurich",
        "title": "Meeting",
        "startDate": _at("09:00"),
        "sessions": [slot],
        "contributions": contributions,
    }
    return json.dumps({"results": [event]}).encode()


def test_contributions_outside_every_slot_are_sessions_beside_the_slots():
    parsed = parse(_event([_contribution(9, "Keynote", "11:00", "12:00")]), None, ImportOptions())
    assert [(s.title, len(s.talks)) for s in parsed.sessions] == [("Imaging", 2), ("Keynote", 0)]
    assert parsed.sessions[1].starts_at == datetime(2027, 5, 15, 9, tzinfo=UTC)


def test_contributions_listed_in_both_places_are_talks_of_their_slot_once():
    listed = [
        _contribution(1, "Fast MRI", "09:00", "09:30"),
        _contribution(2, "PET", "09:30", "10:00"),
        _contribution(9, "Keynote", "11:00", "12:00"),
    ]
    parsed = parse(_event(listed), None, ImportOptions())
    assert [(s.title, [t.title for t in s.talks]) for s in parsed.sessions] == [
        ("Imaging", ["Fast MRI", "PET"]),
        ("Keynote", []),
    ]
