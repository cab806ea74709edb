"""Letters of recommendation: each step adds the follow-up it calls for, once, to the writer."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from conference.db.types import utcnow
from tests.support.api import ME, create, devices, put
from tests.support.concurrency import at_once
from tests.support.feed import fetch, parsed, subscribe


def moment(text: str) -> datetime:
    """A time the API answered."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def followups_of(client) -> list[dict]:
    """The user's follow-ups as the list answers them."""
    response = client.get(f"{ME}/followups?limit=100")
    assert response.status_code == 200
    return response.get_json()["items"]


def letters_of(client) -> list[dict]:
    """The user's letters as the list answers them."""
    response = client.get(f"{ME}/letters")
    assert response.status_code == 200
    return response.get_json()["items"]


def step(client, letter: dict, status: str, **fields) -> dict:
    """PATCH a letter to a status; its new JSON."""
    response = client.patch(f"{ME}/letters/{letter['id']}", json={"status": status, **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def writer(auth):
    """A logged-in client, and a letter it asked of its contact Dr. Lee, due in thirty days."""
    client, _ = auth.register()
    contact = create(client, "contacts", name="Dr. Ana Lee", role="faculty")
    due = (utcnow() + timedelta(days=30)).replace(microsecond=0)
    letter = create(client, "letters", contact_id=contact["id"], due_at=due.isoformat(), materials=["cv", "cv"])
    return client, contact, letter


def test_a_new_letter_is_asked_now_with_each_material_once_and_no_follow_up(writer):
    client, contact, letter = writer
    assert (letter["status"], letter["materials"], letter["contact_id"]) == ("asked", ["cv"], contact["id"])
    assert abs(moment(letter["asked_at"]) - utcnow()) < timedelta(minutes=1)
    assert followups_of(client) == []


def test_each_step_adds_its_follow_up_with_its_due_time(writer):
    client, contact, letter = writer
    step(client, letter, "agreed")
    step(client, letter, "materials_sent")
    step(client, letter, "submitted")
    step(client, letter, "thanked")
    found = sorted(followups_of(client), key=lambda item: item["due_at"])
    now = utcnow()
    assert [item["contact_id"] for item in found] == [contact["id"]] * 3
    thanks, agreed, reminder = found
    assert agreed["action"] == "email" and "materials" in agreed["title"]
    assert abs(moment(agreed["due_at"]) - (now + timedelta(days=2))) < timedelta(minutes=1)
    assert thanks["action"] == "thank_you"
    assert abs(moment(thanks["due_at"]) - (now + timedelta(days=1))) < timedelta(minutes=1)
    assert moment(reminder["due_at"]) == moment(letter["due_at"]) - timedelta(days=7)


def test_materials_sent_without_a_due_time_adds_no_reminder(writer):
    client, _, letter = writer
    step(client, letter, "materials_sent", due_at=None)
    assert followups_of(client) == []


def test_a_replayed_or_repeated_step_adds_its_follow_up_once_even_after_it_was_deleted(writer):
    client, _, letter = writer
    agreed = step(client, letter, "agreed")
    assert (
        put(client, "letters", letter["id"], {**letter, "status": "agreed"}, **{"If-Match": '"2"'}).status_code == 200
    )
    assert len(followups_of(client)) == 1
    step(client, letter, "asked")
    step(client, letter, "agreed")
    assert len(followups_of(client)) == 1
    (made,) = followups_of(client)
    assert client.delete(f"{ME}/followups/{made['id']}").status_code == 204
    step(client, letter, "asked")
    step(client, letter, "agreed")
    assert followups_of(client) == [] and agreed["version"] == 2


def test_a_declined_letter_adds_no_follow_up(writer):
    client, _, letter = writer
    step(client, letter, "declined")
    assert followups_of(client) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "sent"}, "status"),
        ({"materials": ["transcript"]}, "materials"),
        ({"due_at": "next week"}, "due_at"),
        ({"contact_id": "not-a-uuid"}, "contact_id"),
    ],
)
def test_a_bad_letter_is_422_naming_the_field_and_changes_nothing(writer, fields, field):
    client, _, letter = writer
    response = client.patch(f"{ME}/letters/{letter['id']}", json=fields)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
    assert letters_of(client) == [letter] and followups_of(client) == []


def test_a_letter_from_another_users_contact_is_422_and_nothing_is_stored(auth, writer):
    _, contact, _ = writer
    other, _ = auth.register()
    response = put(other, "letters", uuid.uuid4(), {"contact_id": contact["id"], "status": "agreed"})
    assert response.status_code == 422 and "contact_id" in response.get_json()["error"]["fields"]
    assert letters_of(other) == [] and followups_of(other) == []


def test_deleting_the_contact_tombstones_its_letters(writer):
    client, contact, letter = writer
    assert client.delete(f"{ME}/contacts/{contact['id']}").status_code == 204
    assert letters_of(client) == []
    feed = client.get(f"{ME}/changes?since=0").get_json()["letters"]
    assert [(item["id"], item["version"]) for item in feed] == [(letter["id"], 2)] and feed[0]["deleted_at"]


def test_the_export_holds_the_users_letters(writer):
    client, contact, letter = writer
    rows = client.get(f"{ME}/export").get_json()["records"]["letters"]
    assert [(row["id"], row["contact_id"], row["materials"]) for row in rows] == [(letter["id"], contact["id"], ["cv"])]


def _statements(count_queries, client, path: str) -> int:
    """How many SQL statements a GET runs (checking it answers 200)."""
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", [f"{ME}/letters", f"{ME}/changes?since=0", f"{ME}/export"])
def test_reading_letters_takes_as_many_statements_for_thirty_as_for_one(writer, count_queries, path):
    client, contact, _ = writer
    one = _statements(count_queries, client, path)
    for _ in range(29):
        create(client, "letters", contact_id=contact["id"], materials=["cv", "bullet_list"])
    assert _statements(count_queries, client, path) == one


def test_two_devices_marking_a_letter_agreed_at_once_add_one_follow_up(app, auth):
    phone, laptop = devices(app, auth, 2)
    contact = create(phone, "contacts", name="Dr. Ana Lee")
    letter = create(phone, "letters", contact_id=contact["id"])
    url = f"{ME}/letters/{letter['id']}"
    answers = at_once(
        [lambda client=client: client.patch(url, json={"status": "agreed"}) for client in (phone, laptop)]
    )
    assert [answer.status_code for answer in answers] == [200, 200], [answer.get_json() for answer in answers]
    assert [item["title"] for item in followups_of(phone)] == ["Send the letter materials"]


def test_the_reminder_before_the_due_date_is_in_the_calendar_feed_and_the_notes_are_not(app, writer):
    client, _, letter = writer
    client.patch(f"{ME}/contacts/{letter['contact_id']}", json={"notes": "PRIVATE-about-dr-lee"})
    step(client, letter, "materials_sent")
    feed = parsed(fetch(app, subscribe(client)))
    event = feed.by_summary("Remind about the letter")
    assert event.start == moment(letter["due_at"]) - timedelta(days=7)
    assert "PRIVATE" not in feed.text
