"""The board of advisors: seats on contacts, who introduced whom, and a mentor update made once when it falls due."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from tests.support.api import ME, create, devices, put
from tests.support.concurrency import at_once
from tests.support.feed import fetch, parsed, subscribe

BOARD = f"{ME}/board"
NEW_YORK = "America/New_York"


def moment(text: str) -> datetime:
    """An API time as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def board_of(client) -> dict:
    """The user's board as the API answers it."""
    response = client.get(BOARD)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def seat(board: dict, role: str) -> dict:
    """One seat of a board."""
    [found] = [item for item in board["roles"] if item["role"] == role]
    return found


def updates_of(client) -> list[dict]:
    """The user's mentor-update follow-ups, deleted ones left out."""
    items = client.get(f"{ME}/followups?per_page=100").get_json()["items"]
    return [item for item in items if item["action"] == "mentor_update"]


def met_on(client, contact: dict, when: str) -> dict:
    """Log meeting a contact at a time."""
    return create(client, "encounters", contact_id=contact["id"], occurred_at=when, kind="conversation")


@pytest.fixture
def phone(auth):
    """Sam Patel's logged-in client, living in New York."""
    client, _ = auth.register(name="Sam Patel")
    assert client.patch(ME, json={"timezone": NEW_YORK}).status_code == 200
    return client


@pytest.fixture
def now_is(monkeypatch):
    """Set the moment the server decides which updates have fallen due."""

    def set_now(text: str) -> None:
        monkeypatch.setattr("conference.followups.cadence.utcnow", lambda: moment(text))

    return set_now


# The fields on contacts.


def test_advisor_fields_are_stored_synced_and_exported(phone):
    nair = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["research_mentor", "clinical_mentor"])
    lee = create(
        phone,
        "contacts",
        name="Ana Lee",
        advisor_roles=["near_peer", "near_peer"],
        introduced_by_id=nair["id"],
        update_every_months=4,
    )
    assert nair["advisor_roles"] == ["research_mentor", "clinical_mentor"]
    assert (nair["introduced_by_id"], nair["update_every_months"]) == (None, None)
    assert (lee["advisor_roles"], lee["introduced_by_id"], lee["update_every_months"]) == (["near_peer"], nair["id"], 4)
    changed = phone.patch(f"{ME}/contacts/{lee['id']}", json={"update_every_months": None, "advisor_roles": []})
    assert changed.status_code == 200 and changed.get_json()["version"] == 2
    feed = {item["id"]: item for item in phone.get(f"{ME}/changes?since=0").get_json()["contacts"]}
    assert (feed[lee["id"]]["advisor_roles"], feed[lee["id"]]["update_every_months"]) == ([], None)
    assert feed[lee["id"]]["introduced_by_id"] == nair["id"]
    exported = {row["id"]: row for row in phone.get(f"{ME}/export").get_json()["records"]["contacts"]}
    assert exported[nair["id"]]["advisor_roles"] == ["research_mentor", "clinical_mentor"]
    assert exported[lee["id"]]["introduced_by_id"] == nair["id"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"advisor_roles": ["mentor"]}, "advisor_roles"),
        ({"advisor_roles": "clinical_mentor"}, "advisor_roles"),
        ({"update_every_months": 0}, "update_every_months"),
        ({"update_every_months": 13}, "update_every_months"),
        ({"update_every_months": "3"}, "update_every_months"),
        ({"introduced_by_id": "not-an-id"}, "introduced_by_id"),
        ({"introduced_by_id": str(uuid.uuid4())}, "introduced_by_id"),
    ],
)
def test_bad_advisor_fields_are_422_naming_the_field_and_store_nothing(phone, fields, field):
    response = put(phone, "contacts", uuid.uuid4(), {"name": "Ana Lee", **fields})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert phone.get(f"{ME}/contacts").get_json()["items"] == []


def test_a_contact_cannot_be_introduced_by_itself_or_by_another_users_contact(auth, phone):
    lee = create(phone, "contacts", name="Ana Lee")
    response = phone.patch(f"{ME}/contacts/{lee['id']}", json={"introduced_by_id": lee["id"]})
    assert response.status_code == 422 and "introduced_by_id" in response.get_json()["error"]["fields"]
    stranger, _ = auth.register()
    theirs = create(stranger, "contacts", name="Their contact")
    response = phone.patch(f"{ME}/contacts/{lee['id']}", json={"introduced_by_id": theirs["id"]})
    assert response.status_code == 422 and "introduced_by_id" in response.get_json()["error"]["fields"]
    assert phone.get(f"{ME}/contacts/{lee['id']}").get_json()["version"] == 1


def test_deleting_the_introducer_leaves_the_introduced_contact_as_it_was(phone):
    nair = create(phone, "contacts", name="Dr. Priya Nair")
    lee = create(phone, "contacts", name="Ana Lee", introduced_by_id=nair["id"], advisor_roles=["near_peer"])
    assert phone.delete(f"{ME}/contacts/{nair['id']}", headers={"If-Match": '"1"'}).status_code == 204
    kept = phone.get(f"{ME}/contacts/{lee['id']}")
    assert kept.status_code == 200
    assert (kept.get_json()["version"], kept.get_json()["introduced_by_id"]) == (1, nair["id"])
    assert [person["name"] for person in seat(board_of(phone), "near_peer")["advisors"]] == ["Ana Lee"]


# The board.


def test_the_board_lists_each_seat_in_order_with_its_advisors_and_names_the_empty_ones(phone):
    nair = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor", "career_navigator"])
    create(phone, "contacts", name="Jo Park", advisor_roles=["program_contact"])
    create(phone, "contacts", name="Not on the board")
    board = board_of(phone)
    assert [item["role"] for item in board["roles"]] == [
        "clinical_mentor",
        "research_mentor",
        "career_navigator",
        "near_peer",
        "program_contact",
    ]
    assert board["empty_roles"] == ["research_mentor", "near_peer"]
    assert seat(board, "research_mentor") == {
        "role": "research_mentor",
        "label": "Research mentor",
        "empty_text": "No research mentor yet",
        "advisors": [],
    }
    [mentor] = seat(board, "clinical_mentor")["advisors"]
    assert seat(board, "career_navigator")["advisors"] == [mentor]
    assert (mentor["contact_id"], mentor["update_every_months"], mentor["last_contact_at"]) == (nair["id"], 3, None)
    # Never contacted: the first update is due three months after the mentor joined the board.
    assert moment(mentor["next_update_due"]) > moment(nair["created_at"])
    [program] = seat(board, "program_contact")["advisors"]
    assert (program["update_every_months"], program["next_update_due"]) == (None, None)


def test_another_users_advisors_are_not_on_my_board(auth, phone):
    create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    stranger, _ = auth.register()
    assert board_of(stranger)["empty_roles"] == [
        "clinical_mentor",
        "research_mentor",
        "career_navigator",
        "near_peer",
        "program_contact",
    ]
    assert stranger.get(f"{ME}/contacts/{board_of(phone)['roles'][0]['advisors'][0]['contact_id']}").status_code == 404


def test_the_board_needs_a_login(client):
    assert client.get(BOARD).status_code == 401


@pytest.mark.parametrize(
    ("last_contact", "months", "due"),
    [
        # 31 January: February has no 31st, so the 28th at the same New York time.
        ("2027-01-31T20:00:00Z", 1, "2027-02-28T20:00:00Z"),
        # Winter to summer time: 15:00 in New York stays 15:00, an hour earlier in UTC.
        ("2027-01-31T20:00:00Z", 3, "2027-04-30T19:00:00Z"),
        # Summer to winter time, from the 31st to a month of 30 days.
        ("2027-10-31T14:00:00Z", 1, "2027-11-30T15:00:00Z"),
        # The 29th into a leap February, the 30th into February of a common year.
        ("2027-11-29T15:00:00Z", 3, "2028-02-29T15:00:00Z"),
        ("2026-11-30T15:00:00Z", 3, "2027-02-28T15:00:00Z"),
        # Late evening in New York is already the next day in UTC: the day is New York's.
        ("2027-04-01T03:30:00Z", 2, "2027-06-01T03:30:00Z"),
    ],
)
def test_the_next_update_is_due_months_after_the_last_contact_in_the_users_zone(phone, last_contact, months, due):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    phone.patch(f"{ME}/contacts/{mentor['id']}", json={"update_every_months": months})
    met_on(phone, mentor, last_contact)
    [advisor] = seat(board_of(phone), "clinical_mentor")["advisors"]
    assert moment(advisor["last_contact_at"]) == moment(last_contact)
    assert moment(advisor["next_update_due"]) == moment(due)


def test_the_last_contact_is_the_latest_meeting_or_done_follow_up(phone):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["research_mentor"])
    met_on(phone, mentor, "2027-01-10T15:00:00Z")
    create(phone, "followups", contact_id=mentor["id"], status="done", done_at="2027-02-03T15:00:00Z")
    met_on(phone, mentor, "2027-01-20T15:00:00Z")
    [advisor] = seat(board_of(phone), "research_mentor")["advisors"]
    assert moment(advisor["last_contact_at"]) == moment("2027-02-03T15:00:00Z")
    assert moment(advisor["next_update_due"]) == moment("2027-05-03T14:00:00Z")  # 10:00 in New York, summer time


def test_a_message_the_user_says_they_sent_is_the_last_contact_when_they_sent_it(phone):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["research_mentor"])
    met_on(phone, mentor, "2027-01-10T15:00:00Z")
    create(phone, "followups", contact_id=mentor["id"], sent_at="2027-02-03T15:00:00Z", reply="awaiting")
    [advisor] = seat(board_of(phone), "research_mentor")["advisors"]
    assert moment(advisor["last_contact_at"]) == moment("2027-02-03T15:00:00Z")


def test_the_board_takes_as_many_statements_for_twenty_advisors_as_for_one(phone, count_queries, now_is):
    now_is("2027-06-01T12:00:00Z")

    def statements() -> int:
        board_of(phone)  # makes the updates now due, once
        with count_queries() as done:
            board_of(phone)
        return len(done)

    first = create(phone, "contacts", name="Mentor 0", advisor_roles=["clinical_mentor"])
    met_on(phone, first, "2027-01-10T15:00:00Z")
    one = statements()
    for number in range(1, 20):
        mentor = create(phone, "contacts", name=f"Mentor {number}", advisor_roles=["near_peer", "research_mentor"])
        met_on(phone, mentor, "2027-01-10T15:00:00Z")
        create(phone, "followups", contact_id=mentor["id"], status="done", done_at="2027-01-12T15:00:00Z")
    assert statements() == one


# The mentor update that falls due.


def test_a_due_update_appears_once_in_the_follow_ups_and_the_changes_however_often_they_are_read(phone, now_is):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    met_on(phone, mentor, "2027-01-31T20:00:00Z")
    now_is("2027-04-30T18:59:00Z")  # a minute before it is due: nothing yet
    assert updates_of(phone) == [] and board_of(phone)["roles"][0]["advisors"][0]["update_followup_id"] is None
    now_is("2027-04-30T19:00:00Z")
    changes = phone.get(f"{ME}/changes?since=0").get_json()["followups"]
    board_of(phone)
    [update] = updates_of(phone)
    assert [item["id"] for item in changes] == [update["id"]]
    assert (update["contact_id"], update["title"], update["status"]) == (mentor["id"], "Update Dr. Priya Nair", "open")
    assert moment(update["due_at"]) == moment("2027-04-30T19:00:00Z")
    now_is("2027-05-31T12:00:00Z")  # a month later, still open: not made again
    assert [item["id"] for item in updates_of(phone)] == [update["id"]]
    assert seat(board_of(phone), "clinical_mentor")["advisors"][0]["update_followup_id"] == update["id"]


def test_a_deleted_due_update_stays_deleted_and_a_done_one_moves_the_next_update(phone, now_is):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["near_peer"], update_every_months=1)
    met_on(phone, mentor, "2027-01-31T20:00:00Z")
    now_is("2027-03-01T12:00:00Z")
    [update] = updates_of(phone)
    assert phone.delete(f"{ME}/followups/{update['id']}", headers={"If-Match": '"1"'}).status_code == 204
    assert updates_of(phone) == [] and board_of(phone)["roles"][3]["advisors"][0]["update_followup_id"] is None
    # Writing to them (a done follow-up) is the last contact: the next update is due a month after it.
    create(phone, "followups", contact_id=mentor["id"], action="email", status="done", done_at="2027-03-02T15:00:00Z")
    [advisor] = seat(board_of(phone), "near_peer")["advisors"]
    assert moment(advisor["next_update_due"]) == moment("2027-04-02T14:00:00Z")
    now_is("2027-04-02T14:00:00Z")
    [again] = updates_of(phone)
    assert again["id"] != update["id"] and moment(again["due_at"]) == moment("2027-04-02T14:00:00Z")


def test_a_mentor_with_an_open_update_already_gets_no_second_one(phone, now_is):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    met_on(phone, mentor, "2027-01-10T15:00:00Z")
    own = create(phone, "followups", contact_id=mentor["id"], action="mentor_update", due_at="2027-06-01T15:00:00Z")
    now_is("2027-05-01T12:00:00Z")
    assert [item["id"] for item in updates_of(phone)] == [own["id"]]


def test_two_devices_reading_at_once_make_the_due_update_once(app, auth, now_is):
    phone, laptop = devices(app, auth, 2)
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    met_on(phone, mentor, "2027-01-31T20:00:00Z")
    now_is("2027-05-01T12:00:00Z")
    answers = at_once(
        [lambda: phone.get(BOARD), lambda: laptop.get(f"{ME}/changes?since=0"), lambda: laptop.get(BOARD)]
    )
    assert [answer.status_code for answer in answers] == [200, 200, 200], [a.get_json() for a in answers]
    assert len(updates_of(phone)) == 1


def test_a_due_update_is_in_the_calendar_feed(app, phone, now_is, monkeypatch):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["career_navigator"])
    met_on(phone, mentor, "2027-01-31T20:00:00Z")
    now_is("2027-05-02T12:00:00Z")
    monkeypatch.setattr("conference.calendar.operations.utcnow", lambda: moment("2027-05-02T12:00:00Z"))
    feed = parsed(fetch(app, subscribe(phone)))
    assert feed.by_summary("Update Dr. Priya Nair")
    [update] = updates_of(phone)
    assert moment(update["due_at"]) == moment("2027-04-30T19:00:00Z")
