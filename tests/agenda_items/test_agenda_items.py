"""The user's own agenda items: checks, the agenda's overlaps, the calendar feed, export and isolation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from conference.extensions import db
from tests.support.api import ME, create, put
from tests.support.calendar_readers import READERS
from tests.support.feed import fetch, parsed, subscribe
from tests.support.targets_helpers import ProgramBook, mark

SECRET = "SECRET-NOTE-never-in-a-feed"
ITEMS = f"{ME}/agenda-items"


@pytest.fixture
def book(app):
    """apa-2027 in Chicago with one session, 08:00-09:00 on May 16, committed."""
    book = ProgramBook(tz="America/Chicago")
    book.psychosis = book.session("Early psychosis care", "2099-05-16 08:00")
    db.session.commit()
    return book


def item(**fields) -> dict:
    """A breakfast with a mentor on May 16, 07:30-08:30 in Chicago (overlapping the session's first half hour)."""
    return {
        "title": "Mentoring breakfast",
        "starts_at": "2099-05-16T07:30:00-05:00",
        "ends_at": "2099-05-16T08:30:00-05:00",
        "place": "Hilton, 2nd floor café",
        "conference": "apa-2027",
        **fields,
    }


def agenda(client, query=""):
    """GET the apa-2027 agenda, checking it answers 200."""
    response = client.get(f"{ME}/agenda?conference=apa-2027{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.mark.parametrize(
    "ends_at", ["2099-05-16T07:30:00-05:00", "2099-05-16T07:00:00-05:00", "2099-05-16T12:29:00Z"], ids=str
)
def test_an_item_that_does_not_end_after_it_starts_is_422_naming_ends_at(auth, book, ends_at):
    client, _ = auth.register()
    response = put(client, "agenda-items", uuid.uuid4(), item(ends_at=ends_at))
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["ends_at"]


def test_a_patch_that_moves_the_start_past_the_end_is_422_and_changes_nothing(auth, book):
    client, _ = auth.register()
    stored = create(client, "agenda-items", item())
    response = client.patch(f"{ITEMS}/{stored['id']}", json={"starts_at": "2099-05-16T09:00:00-05:00"})
    assert response.status_code == 422 and "ends_at" in response.get_json()["error"]["fields"]
    assert client.get(f"{ITEMS}/{stored['id']}").get_json() == stored


@pytest.mark.parametrize(
    ("field", "value"),
    [("conference", "no-such-meeting"), ("title", ""), ("starts_at", "2099-05-16T07:30:00"), ("contact_id", "x")],
)
def test_bad_fields_are_422_naming_them(auth, book, field, value):
    client, _ = auth.register()
    response = put(client, "agenda-items", uuid.uuid4(), item(**{field: value}))
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_times_are_stored_and_shown_in_utc(auth, book):
    client, _ = auth.register()
    stored = create(client, "agenda-items", item())
    assert (stored["starts_at"], stored["ends_at"]) == ("2099-05-16T12:30:00+00:00", "2099-05-16T13:30:00+00:00")
    assert stored["conference"] == "apa-2027" and stored["contact_id"] is None


def test_another_users_contact_is_422_and_an_own_contact_is_kept(auth, book):
    client, _ = auth.register()
    other, _ = auth.register(email="other@example.org")
    theirs = create(other, "contacts", name="Their contact")
    response = put(client, "agenda-items", uuid.uuid4(), item(contact_id=theirs["id"]))
    assert response.status_code == 422 and "contact_id" in response.get_json()["error"]["fields"]
    mine = create(client, "contacts", name="Dr. Ana Rivera")
    assert create(client, "agenda-items", item(contact_id=mine["id"]))["contact_id"] == mine["id"]


def test_deleting_the_contact_keeps_the_item_without_them_as_a_new_version(auth, book):
    client, _ = auth.register()
    rivera = create(client, "contacts", name="Dr. Ana Rivera")
    stored = create(client, "agenda-items", item(contact_id=rivera["id"]))
    assert client.delete(f"{ME}/contacts/{rivera['id']}").status_code == 204
    now = client.get(f"{ITEMS}/{stored['id']}").get_json()
    assert (now["contact_id"], now["version"]) == (None, 2)


def test_the_list_filters_by_conference_soonest_first_and_shows_only_mine(auth, book):
    client, _ = auth.register()
    other, _ = auth.register(email="other@example.org")
    ProgramBook(slug="ipc-2099")
    db.session.commit()
    later = create(
        client,
        "agenda-items",
        item(title="Lunch", starts_at="2099-05-16T12:00:00-05:00", ends_at="2099-05-16T13:00:00-05:00"),
    )
    sooner = create(client, "agenda-items", item())
    create(client, "agenda-items", item(conference="ipc-2099", title="Elsewhere"))
    create(other, "agenda-items", item(title="Not mine"))
    listed = client.get(f"{ITEMS}?conference=apa-2027").get_json()
    assert [found["id"] for found in listed["items"]] == [sooner["id"], later["id"]]
    assert client.get(f"{ITEMS}").get_json()["total"] == 3
    assert client.get(f"{ITEMS}?conference=unknown").get_json()["total"] == 0


def test_another_users_item_is_404(auth, book):
    client, _ = auth.register()
    other, _ = auth.register(email="other@example.org")
    theirs = create(other, "agenda-items", item())
    assert client.get(f"{ITEMS}/{theirs['id']}").status_code == 404
    assert client.delete(f"{ITEMS}/{theirs['id']}").status_code == 404
    assert other.get(f"{ITEMS}/{theirs['id']}").status_code == 200


def test_the_agenda_lists_each_item_with_the_targeted_sessions_it_overlaps(auth, book):
    client, _ = auth.register()
    mark(client, kind="session", session_id=book.psychosis.id)
    breakfast = create(client, "agenda-items", item())
    before = create(
        client,
        "agenda-items",
        item(title="Coffee", starts_at="2099-05-16T07:00:00-05:00", ends_at="2099-05-16T08:00:00-05:00"),
    )  # ends as the session starts
    [day] = agenda(client)["days"]
    assert day["date"] == "2099-05-16"
    own = {found["agenda_item"]["id"]: found for found in day["own_items"]}
    assert [found["agenda_item"]["title"] for found in day["own_items"]] == ["Coffee", "Mentoring breakfast"]
    assert own[breakfast["id"]]["conflicts_with"] == [book.psychosis.id]
    assert own[breakfast["id"]]["conflict_count"] == 1
    assert own[before["id"]]["conflicts_with"] == [] and own[before["id"]]["conflict_count"] == 0


def test_an_item_late_at_night_falls_on_its_local_day_and_the_day_filter_keeps_it(auth, book):
    client, _ = auth.register()
    create(
        client,
        "agenda-items",
        item(title="Late dinner", starts_at="2099-05-16T22:30:00-05:00", ends_at="2099-05-16T23:30:00-05:00"),
    )  # May 17 in UTC
    assert [day["date"] for day in agenda(client)["days"]] == ["2099-05-16"]
    assert agenda(client, "&day=2099-05-17")["days"] == []
    [day] = agenda(client, "&day=2099-05-16")["days"]
    assert day["items"] == [] and day["own_items"][0]["agenda_item"]["title"] == "Late dinner"


def test_a_cancelled_or_untargeted_session_is_no_conflict(auth, book):
    client, _ = auth.register()
    cancelled = book.session("Cancelled talk", "2099-05-16 08:00", status="cancelled")
    db.session.commit()
    mark(client, kind="session", session_id=cancelled.id)
    create(client, "agenda-items", item())
    [day] = agenda(client)["days"]
    assert day["own_items"][0]["conflicts_with"] == []


def _statements(count_queries, client) -> int:
    """How many statements one read of the agenda runs."""
    with count_queries() as statements:
        agenda(client)
    return len(statements)


def test_the_agenda_takes_as_many_statements_for_thirty_items_as_for_one(auth, book, count_queries):
    client, _ = auth.register()
    mark(client, kind="session", session_id=book.psychosis.id)
    rivera = create(client, "contacts", name="Dr. Ana Rivera")
    create(client, "agenda-items", item(contact_id=rivera["id"]))
    agenda(client)  # the program's cards are cached after the first read
    one = _statements(count_queries, client)
    for hour in range(29):
        create(
            client,
            "agenda-items",
            item(
                starts_at=f"2099-05-17T{hour % 24:02d}:00:00Z",
                ends_at=f"2099-05-17T{hour % 24:02d}:30:00Z",
                contact_id=rivera["id"],
            ),
        )
    assert _statements(count_queries, client) == one
    with count_queries() as few:
        client.get(f"{ITEMS}?conference=apa-2027")
    assert len(few) <= one


def test_the_export_holds_the_items_and_questions(auth, book):
    client, _ = auth.register()
    stored = create(client, "agenda-items", item(notes="bring the poster"))
    question = create(client, "questions", text="Which rotations helped?", audience="resident")
    records = client.get(f"{ME}/export").get_json()["records"]
    assert [row["id"] for row in records["agenda_items"]] == [stored["id"]]
    assert records["agenda_items"][0]["notes"] == "bring the poster"
    assert [row["id"] for row in records["questions"]] == [question["id"]]


# The calendar feed.


@pytest.fixture
def feed_owner(auth, book):
    """A user in Los Angeles with a private contact, a breakfast with them, and a subscribed feed."""
    client, _ = auth.register()
    assert client.patch(ME, json={"timezone": "America/Los_Angeles"}).status_code == 200
    rivera = create(client, "contacts", name="Dr. Ana Rivera", notes=SECRET)
    stored = create(client, "agenda-items", item(contact_id=rivera["id"], notes=SECRET))
    return client, stored, subscribe(client)


def test_an_item_is_an_event_with_its_title_and_place_in_the_conference_zone(app, feed_owner):
    client, stored, answer = feed_owner
    feed = parsed(fetch(app, answer))
    event = feed.events[f"agenda-item-{stored['id']}@calendar.conference.invalid"]
    assert str(event["SUMMARY"]) == "Mentoring breakfast" and str(event["LOCATION"]) == "Hilton, 2nd floor café"
    assert event.start == datetime(2099, 5, 16, 12, 30, tzinfo=UTC)
    assert str(event.start.tzinfo) == "America/Chicago"
    assert int(event["SEQUENCE"]) == 1
    assert SECRET not in feed.text and "Rivera" not in feed.text


def test_a_change_keeps_the_uid_and_raises_the_sequence_and_a_deleted_item_leaves(app, feed_owner):
    client, stored, answer = feed_owner
    uid = f"agenda-item-{stored['id']}@calendar.conference.invalid"
    moved = client.patch(f"{ITEMS}/{stored['id']}", json={"place": "Lobby"}).get_json()
    event = parsed(fetch(app, answer)).events[uid]
    assert (int(event["SEQUENCE"]), str(event["LOCATION"])) == (moved["version"], "Lobby")
    assert client.delete(f"{ITEMS}/{stored['id']}").status_code == 204
    assert uid not in parsed(fetch(app, answer)).events


def test_a_new_item_changes_the_feeds_etag(app, feed_owner):
    client, _, answer = feed_owner
    first = fetch(app, answer)
    create(client, "agenda-items", item(title="Second breakfast"))
    again = fetch(app, answer, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and b"Second breakfast" in again.data


@pytest.mark.parametrize("reader", list(READERS))
def test_every_calendar_library_reads_the_items_time_as_the_app(app, auth, book, reader):
    client, _ = auth.register()
    # Around the November change: 01:30 happens twice in Chicago that night, an item there is written in UTC.
    times = [
        ("2099-05-16T07:30:00-05:00", "2099-05-16T08:30:00-05:00"),
        ("2099-11-01T01:30:00-05:00", "2099-11-01T02:00:00-06:00"),
        ("2099-03-08T03:30:00-05:00", "2099-03-08T04:00:00-05:00"),
        ("2099-12-31T23:30:00-06:00", "2100-01-01T00:30:00-06:00"),
    ]
    expected = {}
    for number, (starts_at, ends_at) in enumerate(times):
        stored = create(client, "agenda-items", item(title=f"Item {number}", starts_at=starts_at, ends_at=ends_at))
        expected[f"agenda-item-{stored['id']}@calendar.conference.invalid"] = [datetime.fromisoformat(starts_at)]
    body = fetch(app, subscribe(client)).data
    since, until = datetime(2099, 1, 1, tzinfo=UTC), datetime(2100, 2, 1, tzinfo=UTC)
    read = READERS[reader](body, since, until)
    assert {uid: read.get(uid) for uid in expected} == expected


def test_the_feed_takes_as_many_statements_for_thirty_items_as_for_one(app, feed_owner, count_queries):
    client, _, answer = feed_owner
    fetch(app, answer)  # the program's cards are cached after the first read
    with count_queries() as one:
        parsed(fetch(app, answer))
    for day in range(1, 30):
        create(
            client,
            "agenda-items",
            item(starts_at=f"2099-06-{day:02d}T07:30:00-05:00", ends_at=f"2099-06-{day:02d}T08:00:00-05:00"),
        )
    with count_queries() as thirty:
        assert len(parsed(fetch(app, answer)).events) == 30
    assert len(thirty) == len(one)
