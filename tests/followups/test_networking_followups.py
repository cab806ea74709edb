"""Follow-ups: default titles and due times, done times, repeating mentor updates, and the filtered lists."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from conference.extensions import db
from conference.followups.models import FollowUp
from conference.schedule.models import Conference
from tests.support.api import ME, create, put


def moment(text: str) -> datetime:
    """A UTC moment from "YYYY-MM-DDTHH:MM"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def parsed(value: str) -> datetime:
    """A datetime from the API."""
    return datetime.fromisoformat(value)


@pytest.fixture
def phone(auth):
    """A logged-in user's client."""
    client, _ = auth.register(name="Sam Patel")
    return client


@pytest.fixture
def rivera(phone):
    """A contact of the user."""
    return create(phone, "contacts", name="Maria Rivera", role="faculty")


# Default due times.


def test_due_defaults_to_the_encounter_time_plus_the_followup_window(phone, rivera):
    encounter = create(phone, "encounters", contact_id=rivera["id"], occurred_at="2027-05-16T14:00:00+00:00")
    followup = create(
        phone, "followups", contact_id=rivera["id"], encounter_id=encounter["id"], committed_at="2027-05-17T09:00:00Z"
    )
    assert parsed(followup["due_at"]) == moment("2027-05-19T14:00")


def test_due_defaults_to_committed_at_plus_the_window_without_an_encounter(phone, rivera):
    followup = create(phone, "followups", contact_id=rivera["id"], committed_at="2027-05-16T21:00:00-04:00")
    assert parsed(followup["due_at"]) == moment("2027-05-20T01:00")


def test_the_followup_window_setting_sets_the_default_due(phone, rivera):
    assert phone.patch(f"{ME}", json={"followup_window_hours": 48}).status_code == 200
    followup = create(phone, "followups", contact_id=rivera["id"], committed_at="2027-05-16T12:00:00Z")
    assert parsed(followup["due_at"]) == moment("2027-05-18T12:00")


@pytest.mark.parametrize("hours", [0, 337])
def test_the_followup_window_is_between_one_hour_and_two_weeks(phone, hours):
    response = phone.patch(f"{ME}", json={"followup_window_hours": hours})
    assert response.status_code == 422
    assert "followup_window_hours" in response.get_json()["error"]["fields"]


def test_committed_at_defaults_to_now_and_a_retry_keeps_it(phone, rivera, monkeypatch):
    record_id = uuid.uuid4()
    first = put(phone, "followups", record_id, {"contact_id": rivera["id"]}).get_json()
    assert abs(parsed(first["committed_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    monkeypatch.setattr("conference.followups.operations.utcnow", lambda: moment("2099-01-01T00:00"))
    phone.patch(f"{ME}", json={"followup_window_hours": 5})
    again = put(phone, "followups", record_id, {"contact_id": rivera["id"]}).get_json()
    assert again == first


def test_an_explicit_due_time_wins(phone, rivera):
    followup = create(phone, "followups", contact_id=rivera["id"], due_at="2027-06-01T15:00:00Z")
    assert parsed(followup["due_at"]) == moment("2027-06-01T15:00")


def test_the_title_defaults_to_the_action_and_the_contact(phone, rivera):
    followup = create(phone, "followups", contact_id=rivera["id"], action="linkedin")
    assert followup["title"] == "Connect with Maria Rivera on LinkedIn"


def rename(client, contact: dict, name: str) -> None:
    """Rename a contact as a phone does: the whole record again, with the version it saw."""
    body = {key: contact[key] for key in ("role", "institution", "tags", "notes")}
    response = client.put(
        f"{ME}/contacts/{contact['id']}", json={**body, "name": name}, headers={"If-Match": f'"{contact["version"]}"'}
    )
    assert response.status_code == 200, response.get_json()


def test_a_default_title_follows_a_renamed_contact_everywhere_the_api_shows_it(phone, rivera):
    followup = create(phone, "followups", contact_id=rivera["id"], action="linkedin")
    assert followup["title_is_default"] is True
    rename(phone, rivera, "Maria Rivera-Lopez")
    shown = {
        "item": phone.get(f"{ME}/followups/{followup['id']}").get_json()["title"],
        "list": phone.get(f"{ME}/followups").get_json()["items"][0]["title"],
        "changes": phone.get(f"{ME}/changes").get_json()["followups"][0]["title"],
        "search": [f["title"] for f in phone.get(f"{ME}/followups?q=Rivera-Lopez").get_json()["items"]],
    }
    want = "Connect with Maria Rivera-Lopez on LinkedIn"
    assert shown == {"item": want, "list": want, "changes": want, "search": [want]}


def test_a_default_title_sent_back_as_shown_stays_default_and_an_own_title_is_kept(phone, rivera):
    default = create(phone, "followups", contact_id=rivera["id"])
    own = create(phone, "followups", contact_id=rivera["id"], title="Send the CSC paper")
    # A phone marks it done sending the whole record, title as shown: that changes only the status.
    sent = {key: default[key] for key in ("contact_id", "action", "title", "due_at", "committed_at")}
    done = phone.put(
        f"{ME}/followups/{default['id']}",
        json={**sent, "status": "done"},
        headers={"If-Match": f'"{default["version"]}"'},
    )
    assert done.status_code == 200, done.get_json()
    rename(phone, rivera, "Maria Rivera-Lopez")
    titles = {f["id"]: (f["title"], f["title_is_default"]) for f in phone.get(f"{ME}/followups").get_json()["items"]}
    assert titles == {
        default["id"]: ("Email Maria Rivera-Lopez", True),
        own["id"]: ("Send the CSC paper", False),
    }


# Done.


def test_marking_done_records_when(phone, rivera):
    followup = create(phone, "followups", contact_id=rivera["id"])
    done = phone.patch(f"{ME}/followups/{followup['id']}", json={"status": "done"}).get_json()
    assert done["done_at"] is not None
    reopened = phone.patch(f"{ME}/followups/{followup['id']}", json={"status": "open"}).get_json()
    assert reopened["done_at"] is None


def test_done_at_on_a_followup_not_done_is_422(phone, rivera):
    response = put(phone, "followups", uuid.uuid4(), {"contact_id": rivera["id"], "done_at": "2027-05-16T12:00:00Z"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["done_at"]


def test_a_time_without_a_utc_offset_is_422(phone, rivera):
    response = put(phone, "followups", uuid.uuid4(), {"contact_id": rivera["id"], "due_at": "2027-05-16T12:00:00"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["due_at"]


# Repeating mentor updates.


def test_finishing_a_mentor_update_schedules_the_next_three_months_later(phone, rivera):
    first = create(phone, "followups", contact_id=rivera["id"], action="mentor_update", title="Update Dr. Rivera")
    assert first["repeat_every_months"] == 3
    phone.patch(f"{ME}/followups/{first['id']}", json={"status": "done", "done_at": "2027-05-20T15:00:00Z"})
    items = phone.get(f"{ME}/followups?status=open").get_json()["items"]
    assert len(items) == 1
    following = items[0]
    assert (following["contact_id"], following["action"], following["title"]) == (
        rivera["id"],
        "mentor_update",
        "Update Dr. Rivera",
    )
    assert parsed(following["due_at"]) == moment("2027-08-20T15:00")
    assert following["repeat_of_id"] == first["id"]
    assert following["repeat_every_months"] == 3


def test_a_repeat_keeps_the_wall_clock_time_across_a_dst_change(phone, rivera):
    phone.patch(f"{ME}", json={"timezone": "America/New_York"})
    first = create(phone, "followups", contact_id=rivera["id"], action="mentor_update", repeat_every_months=6)
    phone.patch(f"{ME}/followups/{first['id']}", json={"status": "done", "done_at": "2027-05-20T09:00:00-04:00"})
    following = phone.get(f"{ME}/followups?status=open").get_json()["items"][0]
    assert parsed(following["due_at"]) == datetime.fromisoformat("2027-11-20T09:00:00-05:00")


def test_finishing_again_after_reopening_does_not_schedule_a_second_repeat(phone, rivera):
    first = create(phone, "followups", contact_id=rivera["id"], action="mentor_update")
    path = f"{ME}/followups/{first['id']}"
    phone.patch(path, json={"status": "done"})
    phone.patch(path, json={"status": "open"})
    phone.patch(path, json={"status": "done"})
    assert db.session.query(FollowUp).filter(FollowUp.repeat_of_id.isnot(None)).count() == 1


def test_a_replayed_done_put_schedules_one_repeat(phone, rivera):
    record_id = uuid.uuid4()
    body = {"contact_id": rivera["id"], "action": "mentor_update", "status": "done", "done_at": "2027-05-20T15:00:00Z"}
    assert put(phone, "followups", record_id, body).status_code == 201
    assert put(phone, "followups", record_id, body).status_code == 200
    assert db.session.query(FollowUp).count() == 2


def test_a_followup_without_a_repeat_schedules_nothing(phone, rivera):
    once = create(phone, "followups", contact_id=rivera["id"], action="mentor_update", repeat_every_months=None)
    email = create(phone, "followups", contact_id=rivera["id"], action="email")
    for followup in (once, email):
        phone.patch(f"{ME}/followups/{followup['id']}", json={"status": "done"})
    assert db.session.query(FollowUp).count() == 2


def test_a_scheduled_repeat_does_not_count_as_a_new_commitment(phone, rivera):
    first = create(
        phone, "followups", contact_id=rivera["id"], action="mentor_update", committed_at="2027-05-10T12:00:00Z"
    )
    phone.patch(f"{ME}/followups/{first['id']}", json={"status": "done", "done_at": "2027-05-16T15:00:00Z"})
    db.session.add(
        Conference(
            slug="apa-2027",
            name="APA",
            timezone="America/New_York",
            starts_on=date(2027, 5, 15),
            ends_on=date(2027, 5, 19),
        )
    )
    db.session.commit()
    days = {day["date"]: day for day in phone.get(f"{ME}/goals?conference=apa-2027").get_json()["days"]}
    assert days["2027-05-16"]["followups"] == 0


# Lists.


def test_followups_filter_by_status_due_contact_and_title(phone, rivera):
    chen = create(phone, "contacts", name="Alex Chen")
    soon = create(
        phone, "followups", contact_id=rivera["id"], title="Send the CSC paper", due_at="2027-05-18T12:00:00Z"
    )
    create(
        phone, "followups", contact_id=rivera["id"], due_at="2027-05-18T12:00:00Z", snoozed_until="2027-05-25T12:00:00Z"
    )
    create(phone, "followups", contact_id=chen["id"], due_at="2027-05-18T12:00:00Z", status="done")
    create(phone, "followups", contact_id=chen["id"], due_at="2027-06-30T12:00:00Z")

    def ids(query):
        return [item["id"] for item in phone.get(f"{ME}/followups?{query}").get_json()["items"]]

    assert ids("status=open&due_before=2027-05-20T00:00:00Z") == [soon["id"]]
    assert len(ids(f"contact={chen['id']}")) == 2
    assert ids("q=csc") == [soon["id"]]


def test_lists_filter_by_conference(phone, rivera):
    db.session.add(Conference(slug="apa-2027", name="APA", timezone="America/New_York"))
    db.session.commit()
    create(phone, "contacts", name="Never met")
    encounter = create(phone, "encounters", contact_id=rivera["id"], conference="apa-2027")
    followup = create(phone, "followups", contact_id=rivera["id"], encounter_id=encounter["id"])
    create(phone, "followups", contact_id=rivera["id"])
    query = "?conference=apa-2027"
    assert [item["id"] for item in phone.get(f"{ME}/contacts{query}").get_json()["items"]] == [rivera["id"]]
    assert [item["id"] for item in phone.get(f"{ME}/encounters{query}").get_json()["items"]] == [encounter["id"]]
    assert [item["id"] for item in phone.get(f"{ME}/followups{query}").get_json()["items"]] == [followup["id"]]


def test_contacts_search_names_institutions_and_tags(phone):
    create(phone, "contacts", name="Maria Rivera", institution="Yale", tags=["psychosis"])
    create(phone, "contacts", name="Alex Chen", institution="Penn", tags=["cl"])
    create(phone, "contacts", name="Jo 100% Sure")

    def names(query):
        return [item["name"] for item in phone.get(f"{ME}/contacts?{query}").get_json()["items"]]

    assert names("q=yale") == ["Maria Rivera"]
    assert names("q=PSYCH") == ["Maria Rivera"]
    assert names("tag=cl") == ["Alex Chen"]
    assert names("q=100%25") == ["Jo 100% Sure"]


def test_lists_are_paged(phone):
    for number in range(5):
        create(phone, "contacts", name=f"Person {number}")
    page = phone.get(f"{ME}/contacts?per_page=2&page=3").get_json()
    assert (page["total"], [item["name"] for item in page["items"]]) == (5, ["Person 4"])


def test_another_users_records_never_appear_in_lists(phone, auth):
    other, _ = auth.register()
    contact = create(other, "contacts", name="Their contact")
    create(other, "encounters", contact_id=contact["id"])
    create(other, "followups", contact_id=contact["id"])
    for kind in ("contacts", "encounters", "followups"):
        assert phone.get(f"{ME}/{kind}").get_json()["total"] == 0
        assert phone.get(f"{ME}/{kind}?contact={contact['id']}").get_json()["total"] == 0


@pytest.mark.parametrize("kind", ["contacts", "encounters", "followups"])
def test_lists_answer_in_the_same_number_of_queries_however_long(phone, count_queries, kind):
    db.session.add(Conference(slug="apa-2027", name="APA", timezone="America/New_York"))
    db.session.commit()

    def add(count):
        for _ in range(count):
            contact = create(phone, "contacts", name="Someone")
            encounter = create(phone, "encounters", contact_id=contact["id"], conference="apa-2027")
            create(phone, "followups", contact_id=contact["id"], encounter_id=encounter["id"])

    add(1)
    with count_queries() as few:
        phone.get(f"{ME}/{kind}")
    add(6)
    with count_queries() as many:
        phone.get(f"{ME}/{kind}")
    assert len(many) == len(few)
