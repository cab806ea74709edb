"""Milestones: the day-stamped achievements a mentor update lists, synced like every owned record."""

from __future__ import annotations

import uuid

import pytest

from tests.support.api import ME, create, put

POSTER = {"kind": "poster", "title": "Poster: early psychosis outcomes", "date": "2026-05-18", "notes": "private"}


def milestones_of(client, query: str = "") -> list[dict]:
    """The user's milestones as the list answers them."""
    response = client.get(f"{ME}/milestones{query}")
    assert response.status_code == 200
    return response.get_json()["items"]


def test_a_milestone_keeps_its_kind_title_and_day_and_lists_latest_first(auth):
    client, _ = auth.register()
    exam = create(client, "milestones", kind="exam", title="Step 2 CK passed", date="2026-02-03")
    poster = create(client, "milestones", POSTER)
    assert (poster["kind"], poster["title"], poster["date"], poster["notes"]) == (
        "poster",
        POSTER["title"],
        "2026-05-18",
        "private",
    )
    assert [item["id"] for item in milestones_of(client)] == [poster["id"], exam["id"]]
    assert [item["id"] for item in milestones_of(client, "?kind=exam")] == [exam["id"]]
    assert [item["id"] for item in milestones_of(client, "?since=2026-03-01")] == [poster["id"]]


def test_a_milestone_without_a_kind_is_other(auth):
    client, _ = auth.register()
    assert create(client, "milestones", title="Chief resident interview", date="2026-09-01")["kind"] == "other"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**POSTER, "date": "18/05/2026"}, "date"),
        ({**POSTER, "date": "1776-07-04"}, "date"),
        ({key: value for key, value in POSTER.items() if key != "date"}, "date"),
        ({**POSTER, "kind": "award"}, "kind"),
        ({**POSTER, "title": "  "}, "title"),
    ],
)
def test_a_bad_milestone_is_422_naming_the_field_and_stores_nothing(auth, body, field):
    client, _ = auth.register()
    response = put(client, "milestones", uuid.uuid4(), body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert milestones_of(client) == []


def test_a_patch_with_a_bad_day_is_422_and_leaves_the_milestone_alone(auth):
    client, _ = auth.register()
    poster = create(client, "milestones", POSTER)
    response = client.patch(f"{ME}/milestones/{poster['id']}", json={"date": "2026-02-30"})
    assert response.status_code == 422 and "date" in response.get_json()["error"]["fields"]
    assert milestones_of(client) == [poster]


def test_the_export_holds_the_users_milestones_and_not_another_users(auth):
    client, _ = auth.register()
    other, _ = auth.register()
    poster = create(client, "milestones", POSTER)
    create(other, "milestones", POSTER)
    rows = client.get(f"{ME}/export").get_json()["records"]["milestones"]
    assert [(row["id"], row["happened_on"], row["title"]) for row in rows] == [
        (poster["id"], "2026-05-18", POSTER["title"])
    ]
    assert milestones_of(other)[0]["id"] != poster["id"]


def _statements(count_queries, client, path: str) -> int:
    """How many SQL statements a GET runs (checking it answers 200)."""
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", [f"{ME}/milestones", f"{ME}/changes?since=0", f"{ME}/export"])
def test_reading_milestones_takes_as_many_statements_for_forty_as_for_one(auth, count_queries, path):
    client, _ = auth.register()
    create(client, "milestones", POSTER)
    one = _statements(count_queries, client, path)
    for day in range(1, 40):
        create(client, "milestones", POSTER, date=f"2026-03-{day % 28 + 1:02d}")
    assert _statements(count_queries, client, path) == one
