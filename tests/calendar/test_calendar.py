"""The private calendar feed: subscribing, what the feed holds, conditional GETs, privacy and UIDs.

Every feed is parsed with icalendar and with vobject, an independent parser, and compared.
"""

from __future__ import annotations

import logging
import re
import threading
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar
from sqlalchemy import delete, update
from werkzeug.serving import make_server

from conference.calendar import entries, rfc5545
from conference.calendar.operations import as_of
from conference.db.types import utcnow
from conference.extensions import db
from conference.followups.models import FollowUp
from conference.schedule.models import Conference
from conference.schedule.operations import import_schedule
from conference.timeutil import add_months
from tests.support.api import ME, Auth, create
from tests.support.calendar_readers import READERS, by_entry
from tests.support.feed import FEED, Parsed, feed_path, fetch, parsed, subscribe
from tests.support.targets_helpers import ProgramBook, mark

SECRET = "SECRET-NOTE-never-in-a-feed"
NEW_YORK = ZoneInfo("America/New_York")


# Helpers.


@pytest.fixture
def phone(auth):
    """Sam Patel's logged-in client, living in Chicago."""
    client, _ = auth.register(name="Sam Patel", email="sam.patel@example.org")
    assert client.patch(f"{ME}", json={"timezone": "America/Chicago"}).status_code == 200
    return client


@pytest.fixture
def lee(phone):
    """Dr. Lee, met at the poster hall, with a private note."""
    contact = create(
        phone,
        "contacts",
        name="Dr. Jordan Lee",
        role="faculty",
        email="j.lee@example.edu",
        notes=SECRET,
        tie_strength="core",
    )
    met = create(
        phone,
        "encounters",
        contact_id=contact["id"],
        place="poster hall",
        takeaway="bridge clinics work",
        occurred_at="2027-05-16T15:00:00Z",
        notes=SECRET,
    )
    return {"contact": contact, "encounter": met}


def followup(phone, lee, **body):
    """A follow-up with Dr. Lee about the poster-hall meeting."""
    values = {"contact_id": lee["contact"]["id"], "encounter_id": lee["encounter"]["id"], **body}
    return create(phone, "followups", **values)


@pytest.fixture
def book(app):
    """An empty apa-2027 program in New York."""
    return ProgramBook(starts_on=None, ends_on=None)


# Subscribing.


def test_subscribing_shows_the_link_once_then_only_the_settings(phone):
    answer = subscribe(phone)
    assert answer["url"].endswith(".ics") and "/calendar/" in answer["url"]
    assert answer["webcal_url"] == "webcal://" + answer["url"].split("://", 1)[1]
    assert answer["tasks_url"] == answer["url"] + "?tasks=vtodo"
    assert answer["alarm_minutes"] == 60
    assert "Google Calendar" in answer["note"] and "source of truth" in answer["note"]
    token = urlsplit(answer["url"]).path.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 22  # at least 128 bits in URL-safe base64
    again = phone.post(FEED, json={})
    assert again.status_code == 200
    assert again.get_json()["url"] is None and again.get_json()["created_at"] == answer["created_at"]
    assert phone.get(FEED).get_json()["url"] is None


def test_only_a_hash_of_the_secret_is_stored(app, phone):
    from conference.calendar.models import CalendarFeed

    answer = subscribe(phone)
    token = urlsplit(answer["url"]).path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.scalars(db.select(CalendarFeed)).one()
    assert token not in repr(vars(stored)) and stored.token_hash != token


def test_subscribing_needs_a_login(client):
    assert client.post(FEED, json={}).status_code == 401


def test_two_devices_subscribing_at_once_get_one_feed(app, auth, monkeypatch):
    from conference.calendar import operations
    from conference.calendar.models import CalendarFeed

    phone, user = auth.register(password="correct horse battery")
    tablet = app.test_client()
    login = tablet.post("/api/v1/auth/login", json={"email": user["email"], "password": "correct horse battery"})
    assert login.status_code == 200
    # Both requests look for a feed before either creates one.
    both_looked = threading.Barrier(2, timeout=10)
    lookups = iter(range(1000))
    real_feed_of = operations.feed_of

    def feed_of_after_both_looked(owner):
        found = real_feed_of(owner)
        if next(lookups) < 2:
            both_looked.wait()
        return found

    monkeypatch.setattr(operations, "feed_of", feed_of_after_both_looked)
    answers = {}

    def send(name, client):
        answers[name] = client.post(FEED, json={"alarm_minutes": 15})

    threads = [threading.Thread(target=send, args=pair) for pair in (("phone", phone), ("tablet", tablet))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answer.status_code for answer in answers.values()) == [200, 201]
    shown = [answer.get_json()["url"] for answer in answers.values() if answer.get_json()["url"]]
    assert len(shown) == 1 and fetch(app, {"url": shown[0]}).status_code == 200
    db.session.expire_all()
    assert db.session.query(CalendarFeed).count() == 1


def test_a_bad_alarm_setting_names_the_field(phone):
    response = phone.post(FEED, json={"alarm_minutes": -5})
    assert response.status_code == 422
    assert "alarm_minutes" in response.get_json()["error"]["fields"]


def test_rotating_replaces_the_link_and_the_old_one_answers_404(app, phone):
    first = subscribe(phone)
    rotated = phone.post(f"{FEED}/rotate", json={})
    assert rotated.status_code == 200
    second = rotated.get_json()
    assert second["url"] != first["url"] and second["rotated_at"] is not None
    assert fetch(app, first).status_code == 404
    assert fetch(app, second).status_code == 200


def test_revoking_makes_the_link_answer_404_like_an_unknown_one(app, phone):
    answer = subscribe(phone)
    assert phone.delete(FEED).status_code == 204
    revoked = fetch(app, answer)
    unknown = app.test_client().get("/calendar/" + "A" * 43 + ".ics")
    malformed = app.test_client().get("/calendar/not-a-token.ics")
    assert revoked.status_code == unknown.status_code == malformed.status_code == 404
    assert revoked.data == unknown.data == malformed.data
    assert phone.get(FEED).status_code == 404
    assert phone.delete(FEED).status_code == 204  # twice is harmless
    assert phone.post(f"{FEED}/rotate", json={}).status_code == 404


def test_the_feed_is_rate_limited_per_link(make_app):
    app = make_app(CALENDAR_FEED_RATE_LIMIT="2 per minute")
    with app.app_context():
        mine, theirs = subscribe(Auth(app).register()[0]), subscribe(Auth(app).register()[0])
        assert [fetch(app, mine).status_code for _ in range(3)] == [200, 200, 429]
        assert fetch(app, theirs).status_code == 200


# The calendar.


def test_the_feed_needs_no_login_and_answers_a_private_calendar(app, phone):
    response = fetch(app, subscribe(phone))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"].startswith("private")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["ETag"] and response.headers["Last-Modified"]


def test_calendar_properties_and_a_time_zone_for_every_zone_used(app, phone, lee, book):
    session = book.session("Bridge clinics", "2027-05-16 09:00")
    db.session.commit()
    mark(phone, kind="session", session_id=session.id, priority="must")
    followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    feed = parsed(fetch(app, subscribe(phone)))
    for line in ("VERSION:2.0", "CALSCALE:GREGORIAN", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"):
        assert line + "\r\n" in feed.text
    assert str(feed.calendar["PRODID"]).startswith("-//")
    assert str(feed.calendar["X-WR-CALNAME"]) == "APA-2027 follow-ups and agenda"
    zones = {str(tz["TZID"]) for tz in feed.calendar.walk("VTIMEZONE")}
    assert zones == {"America/New_York", "America/Chicago"}


def test_a_followup_is_an_event_at_its_due_time_with_a_reminder_and_the_draft(app, phone, lee):
    followup(phone, lee, title="thank you and follow-up", due_at="2027-05-19T15:00:00Z")
    feed = parsed(fetch(app, subscribe(phone)))
    event = feed.by_summary("Dr. Jordan Lee")
    assert str(event["SUMMARY"]) == "Email Dr. Jordan Lee: thank you and follow-up"
    assert event.start == datetime(2027, 5, 19, 15, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "America/Chicago"  # the user's zone: 10:00 there
    assert event.start.astimezone(ZoneInfo("America/Chicago")).hour == 10
    description = str(event["DESCRIPTION"])
    assert "Takeaway: bridge clinics work" in description
    assert "mailto:j.lee@example.edu?subject=" in description
    assert "Dear%20Dr.%20Lee" in description
    [alarm] = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(hours=-1) and str(alarm["ACTION"]) == "DISPLAY"
    theirs = feed.other_events[str(event["UID"])]
    assert theirs.valarm.trigger.value == timedelta(hours=-1)
    assert "mailto:j.lee@example.edu" in theirs.description.value


def test_a_default_followup_title_shows_the_contacts_new_name_after_a_rename(app, phone, lee):
    followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    contact = lee["contact"]
    renamed = phone.patch(f"{ME}/contacts/{contact['id']}", json={"name": "Dr. Jordan Lee-Park"})
    assert renamed.status_code == 200, renamed.get_json()
    feed = parsed(fetch(app, subscribe(phone)))
    assert str(feed.by_summary("Lee").get("SUMMARY")) == "Email Dr. Jordan Lee-Park"
    unfolded = feed.text.replace("\r\n ", "")
    assert not re.search(
        r"Jordan(\\,|,|%20| )Lee(?!-Park)", unfolded
    )  # the old name nowhere, not even in the description


def test_a_snoozed_followup_moves_to_its_snoozed_time(app, phone, lee):
    followup(phone, lee, due_at="2027-05-19T15:00:00Z", snoozed_until="2027-05-21T13:30:00Z")
    event = parsed(fetch(app, subscribe(phone))).by_summary("Lee")
    assert event.start == datetime(2027, 5, 21, 13, 30, tzinfo=UTC)


def test_the_reminder_follows_the_users_setting(app, phone, lee):
    followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone, alarm_minutes=30)
    [alarm] = parsed(fetch(app, answer)).by_summary("Lee").walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-30)
    assert phone.patch(FEED, json={"alarm_minutes": None}).get_json()["alarm_minutes"] is None
    assert parsed(fetch(app, answer)).by_summary("Lee").walk("VALARM") == []


def test_tasks_on_request_carry_due_status_priority_and_completion(app, phone, lee):
    open_one = followup(phone, lee, action="thank_you", due_at="2027-05-19T15:00:00Z")
    done = followup(phone, lee, action="linkedin", due_at="2027-05-18T15:00:00Z")
    done_at = (utcnow() - timedelta(days=1)).replace(microsecond=0)
    phone.patch(f"{ME}/followups/{done['id']}", json={"status": "done", "done_at": done_at.isoformat()})
    answer = subscribe(phone)
    assert parsed(fetch(app, answer)).todos == {}
    feed = parsed(fetch(app, answer, "?tasks=vtodo"))
    todo = feed.todos[entries.followup_task_uid(open_one["id"], app.config["CALENDAR_UID_DOMAIN"])]
    assert todo["DUE"].dt == datetime(2027, 5, 19, 15, tzinfo=UTC)
    assert (str(todo["STATUS"]), int(todo["PRIORITY"])) == ("NEEDS-ACTION", 1)  # a core tie
    [alarm] = todo.walk("VALARM")
    assert alarm["TRIGGER"].params["RELATED"] == "END"
    finished = feed.todos[entries.followup_task_uid(done["id"], app.config["CALENDAR_UID_DOMAIN"])]
    assert str(finished["STATUS"]) == "COMPLETED" and finished["COMPLETED"].dt == done_at
    other = {t.uid.value: t for t in feed.other.vtodo_list}
    assert other[str(todo["UID"])].due.value == todo["DUE"].dt
    assert fetch(app, answer, "?tasks=everything").status_code == 422


def test_done_followups_leave_after_a_week_and_cancelled_ones_stay_a_week_as_cancelled(app, phone, lee):
    recent = followup(phone, lee, action="thank_you", due_at="2027-05-18T15:00:00Z")
    old = followup(phone, lee, action="linkedin", due_at="2027-05-18T15:00:00Z")
    cancelled = followup(phone, lee, action="meeting", due_at="2027-05-20T15:00:00Z")
    stale = followup(phone, lee, action="send_article", due_at="2027-05-20T15:00:00Z")
    now = utcnow()
    for record, days in ((recent, 2), (old, 8)):
        done_at = (now - timedelta(days=days)).isoformat()
        assert (
            phone.patch(f"{ME}/followups/{record['id']}", json={"status": "done", "done_at": done_at}).status_code
            == 200
        )
    for record in (cancelled, stale):
        assert phone.patch(f"{ME}/followups/{record['id']}", json={"status": "cancelled"}).status_code == 200
    db.session.execute(
        update(FollowUp).where(FollowUp.id == uuid.UUID(stale["id"])).values(updated_at=now - timedelta(days=8))
    )
    db.session.commit()
    feed = parsed(fetch(app, subscribe(phone)))
    summaries = {str(e["SUMMARY"]): e for e in feed.events.values()}
    assert set(summaries) == {"Done: Thank Dr. Jordan Lee", "Set up a meeting with Dr. Jordan Lee"}
    gone = summaries["Set up a meeting with Dr. Jordan Lee"]
    assert str(gone["STATUS"]) == "CANCELLED" and gone.walk("VALARM") == []
    assert summaries["Done: Thank Dr. Jordan Lee"].walk("VALARM") == []


def test_a_repeating_mentor_update_repeats_with_an_rrule(app, phone, lee):
    followup(phone, lee, action="mentor_update", due_at="2027-06-01T15:00:00Z")
    feed = parsed(fetch(app, subscribe(phone)))
    event = feed.by_summary("Update")
    assert str(event["RRULE"].to_ical().decode()) == "FREQ=MONTHLY;INTERVAL=3"
    occurrences = recurring_ical_events.of(feed.calendar).between(datetime(2027, 5, 1), datetime(2028, 5, 1))
    starts = [o.start.astimezone(UTC) for o in occurrences if "Update" in str(o["SUMMARY"])]
    # 10:00 in Chicago each time: 15:00 UTC in summer, 16:00 UTC in winter.
    assert starts == [
        datetime(2027, 6, 1, 15, tzinfo=UTC),
        datetime(2027, 9, 1, 15, tzinfo=UTC),
        datetime(2027, 12, 1, 16, tzinfo=UTC),
        datetime(2028, 3, 1, 16, tzinfo=UTC),
    ]
    other = feed.other_events[str(event["UID"])]
    assert (
        len(list(other.getrruleset().between(datetime(2027, 5, 1, tzinfo=UTC), datetime(2028, 5, 1, tzinfo=UTC)))) == 4
    )


def test_agenda_sessions_are_events_in_the_conference_zone_with_room_reasons_and_speakers(app, phone, book):
    rivera = book.speaker("Maria Rivera", "Yale")
    talk = book.session("Coordinated specialty care", "2027-05-16 14:00", speakers=[rivera])
    talk.room, talk.abstract = "Room 505C", "What works in rural clinics."
    gone = book.session("Cancelled symposium", "2027-05-17 09:00", speakers=[rivera], status="cancelled")
    db.session.commit()
    mark(phone, kind="speaker", speaker_id=rivera.id, priority="must", note=SECRET)
    feed = parsed(fetch(app, subscribe(phone)))
    event = feed.by_summary("Coordinated specialty care")
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.start == datetime(2027, 5, 16, 14, tzinfo=NEW_YORK)
    assert str(event["LOCATION"]) == "Room 505C" and str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "On your agenda: Maria Rivera (speaker, must)" in description
    assert "Speakers: Maria Rivera, Yale" in description and "What works in rural clinics." in description
    assert str(feed.by_summary("Cancelled symposium")["STATUS"]) == "CANCELLED"
    assert feed.other_events[str(event["UID"])].location.value == "Room 505C"
    assert gone.id and SECRET not in feed.text


def test_session_times_are_right_across_the_dst_change(app, phone, book):
    before = book.session("Saturday before the change", "2027-03-13 10:00")
    after = book.session("Sunday after the change", "2027-03-14 10:00")
    db.session.commit()
    for session in (before, after):
        mark(phone, kind="session", session_id=session.id)
    feed = parsed(fetch(app, subscribe(phone)))
    saturday, sunday = feed.by_summary("Saturday"), feed.by_summary("Sunday")
    assert "DTSTART;TZID=America/New_York:20270313T100000" in feed.text
    assert "DTSTART;TZID=America/New_York:20270314T100000" in feed.text
    assert saturday.start.astimezone(UTC) == datetime(2027, 3, 13, 15, tzinfo=UTC)
    assert sunday.start.astimezone(UTC) == datetime(2027, 3, 14, 14, tzinfo=UTC)
    theirs = feed.other_events[str(sunday["UID"])].dtstart.value
    assert theirs.astimezone(UTC) == datetime(2027, 3, 14, 14, tzinfo=UTC)
    [zone] = feed.calendar.walk("VTIMEZONE")
    assert {str(part["TZNAME"]) for part in zone.subcomponents} == {"EST", "EDT"}


def test_followups_move_with_the_users_zone(app, phone, lee):
    followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone)
    assert parsed(fetch(app, answer)).by_summary("Lee")["DTSTART"].params["TZID"] == "America/Chicago"
    phone.patch(ME, json={"timezone": "Europe/Berlin"})
    feed = parsed(fetch(app, answer))
    event = feed.by_summary("Lee")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.start == datetime(2027, 5, 19, 15, tzinfo=UTC)
    assert {str(tz["TZID"]) for tz in feed.calendar.walk("VTIMEZONE")} == {"Europe/Berlin"}


# Identity, versions and conditional GETs.


def test_uids_and_text_are_stable_across_requests(app, phone, lee, book):
    session = book.session("Bridge clinics", "2027-05-16 09:00")
    db.session.commit()
    mark(phone, kind="session", session_id=session.id)
    item = followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone)
    first, second = fetch(app, answer), fetch(app, answer)
    assert first.data == second.data
    uid = entries.followup_uid(item["id"], app.config["CALENDAR_UID_DOMAIN"])
    assert uid in parsed(first).events
    assert str(parsed(first).by_summary("Bridge clinics")["UID"]) == entries.session_uid(
        "apa-2027", "Bridge clinics", app.config["CALENDAR_UID_DOMAIN"]
    )


PROGRAM = """Session Number,Session Title,Date,Start Time,End Time,Location,Speakers
S1,Early psychosis care,05/15/2027,8:00 AM,9:30 AM,Room 1,"Jane Doe, MD (Yale School of Medicine)"
S2,Addiction in primary care,05/15/2027,10:00 AM,11:00 AM,Room 2,"Jane Doe, MD (Yale School of Medicine)"
"""


def _import(text: str, **options) -> None:
    """Import the program into apa-2027 and commit."""
    import_schedule(text.encode(), slug="apa-2027", timezone="America/New_York", filename="program.csv", **options)
    db.session.commit()


def _speaker_id(phone) -> int:
    """The id of Jane Doe at apa-2027, as the app finds it."""
    body = phone.get("/api/v1/conferences/apa-2027/speakers?q=Doe").get_json()
    return body["items"][0]["id"]


def test_a_changed_session_keeps_its_uid_with_a_higher_sequence_across_reimports(app, phone):
    _import(PROGRAM)
    mark(phone, kind="speaker", speaker_id=_speaker_id(phone))
    answer = subscribe(phone)
    before = parsed(fetch(app, answer))
    _import(PROGRAM, force=True)  # unchanged: the same text, read again
    assert fetch(app, answer).data.decode() == before.text
    _import(PROGRAM.replace("Room 2", "Room 7"))
    after = parsed(fetch(app, answer))
    assert set(after.events) == set(before.events)
    moved_before, moved_after = before.by_summary("Addiction"), after.by_summary("Addiction")
    assert str(moved_after["LOCATION"]) == "Room 7"
    assert int(moved_after["SEQUENCE"]) > int(moved_before["SEQUENCE"])
    assert moved_after["LAST-MODIFIED"].dt >= moved_before["LAST-MODIFIED"].dt
    _import(PROGRAM.splitlines()[0] + "\n" + PROGRAM.splitlines()[1] + "\n", allow_cancel=True)  # S2 dropped: cancelled
    assert str(parsed(fetch(app, answer)).by_summary("Addiction")["STATUS"]) == "CANCELLED"


def test_uids_survive_importing_the_program_again_from_scratch(app, phone):
    _import(PROGRAM)
    mark(phone, kind="speaker", speaker_id=_speaker_id(phone))
    answer = subscribe(phone)
    before = set(parsed(fetch(app, answer)).events)
    db.session.execute(delete(Conference))  # a new server: new rows, new row ids
    db.session.commit()
    _import(PROGRAM)
    mark(phone, kind="speaker", speaker_id=_speaker_id(phone))
    assert set(parsed(fetch(app, answer)).events) == before


def test_changing_a_followup_raises_its_sequence(app, phone, lee):
    item = followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone)
    before = parsed(fetch(app, answer)).by_summary("Lee")
    phone.patch(f"{ME}/followups/{item['id']}", json={"due_at": "2027-05-20T15:00:00Z"})
    after = parsed(fetch(app, answer)).by_summary("Lee")
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.start == datetime(2027, 5, 20, 15, tzinfo=UTC)


def test_an_unchanged_feed_answers_304_to_its_etag_or_time_and_200_after_a_change(app, phone, lee):
    item = followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone)
    first = fetch(app, answer)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    by_tag = fetch(app, answer, headers={"If-None-Match": etag})
    assert by_tag.status_code == 304 and by_tag.data == b""
    assert by_tag.headers["ETag"] == etag and by_tag.headers["Referrer-Policy"] == "no-referrer"
    assert fetch(app, answer, headers={"If-Modified-Since": modified}).status_code == 304
    assert fetch(app, answer, "?tasks=vtodo", headers={"If-None-Match": etag}).status_code == 200  # another variant
    phone.patch(f"{ME}/followups/{item['id']}", json={"status": "cancelled"})
    changed = fetch(app, answer, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_304_is_answered_without_building_the_calendar(app, phone, lee, count_queries, monkeypatch):
    followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone)
    etag = fetch(app, answer).headers["ETag"]

    def must_not_build(*args, **kwargs):
        raise AssertionError("the calendar was built for a 304")

    monkeypatch.setattr("conference.calendar.operations.build_feed", must_not_build)
    with count_queries() as statements:
        assert fetch(app, answer, headers={"If-None-Match": etag}).status_code == 304
    assert len(statements) <= 2  # the feed by its hash, then one query of change facts


def test_the_feed_is_computed_as_of_the_start_of_the_day():
    moment = datetime(2027, 5, 19, 15, 42, 7, tzinfo=UTC)
    assert as_of(moment) == datetime(2027, 5, 19, tzinfo=UTC)


# Privacy.


def test_private_notes_never_reach_the_feed(app, phone, lee, book):
    session = book.session("Bridge clinics", "2027-05-16 09:00")
    db.session.commit()
    mark(phone, kind="session", session_id=session.id, note=SECRET)
    for action in ("email", "thank_you", "mentor_update"):
        followup(phone, lee, action=action, due_at="2027-05-19T15:00:00Z")
    answer = subscribe(phone)
    body = fetch(app, answer, "?tasks=vtodo").data.decode()
    unfolded = body.replace("\r\n ", "")
    assert "bridge clinics work" in unfolded  # the takeaway is fine
    assert SECRET not in unfolded  # quote() keeps letters and dashes, so the mailto links are covered


def test_another_users_data_is_never_in_my_feed(app, auth, phone, lee, book):
    session = book.session("Their session", "2027-05-16 09:00")
    db.session.commit()
    other, _ = auth.register(name="Other Person")
    theirs = create(other, "contacts", name="Their Contact")
    create(other, "followups", contact_id=theirs["id"], due_at="2027-05-19T15:00:00Z")
    mark(other, kind="session", session_id=session.id)
    subscribe(other)
    followup(phone, lee, due_at="2027-05-19T15:00:00Z")
    feed = parsed(fetch(app, subscribe(phone)))
    assert [str(e["SUMMARY"]) for e in feed.events.values()] == ["Email Dr. Jordan Lee"]
    assert "Their" not in feed.text


def test_the_secret_never_reaches_the_request_log(app, phone, caplog, monkeypatch):
    for name in ("werkzeug", "conference.calendar.routes"):  # Alembic's fileConfig() disabled them
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    answer = subscribe(phone)
    token = urlsplit(answer["url"]).path.rsplit("/", 1)[1].removesuffix(".ics")
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO):
            url = f"http://127.0.0.1:{server.server_port}{feed_path(answer)}"
            with urllib.request.urlopen(url) as response:
                assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
    lines = [record.getMessage() for record in caplog.records]
    assert any("/calendar/[secret].ics" in line for line in lines)  # the request line, redacted
    assert any("calendar feed" in line for line in lines)  # our own line names the feed's id
    assert not any(token in line for line in lines)


# Size of the work.


def _many_followups(user_id: int, contact_id: str, count: int, start: datetime) -> None:
    """`count` open follow-ups with one contact, inserted through the ORM."""
    db.session.add_all(
        FollowUp(
            id=uuid.uuid4(),
            owner_id=user_id,
            contact_id=uuid.UUID(contact_id),
            action="email",
            title=f"Follow-up {n}",
            due_at=start + timedelta(hours=n),
            committed_at=start,
        )
        for n in range(count)
    )
    db.session.commit()


def test_the_feed_takes_the_same_number_of_queries_for_2000_followups_and_300_sessions(app, auth, book, count_queries):
    def statements_for(count: int, sessions: int) -> int:
        speaker = book.speaker(f"Speaker {count}", "Yale")
        small_session = book.session(f"First talk {count}", "2027-05-15 08:00", speakers=[speaker])
        db.session.commit()
        client, user = auth.register()
        contact = create(client, "contacts", name="Dr. Jordan Lee", role="faculty", speaker_id=speaker.id)
        met = create(client, "encounters", contact_id=contact["id"], session_id=small_session.id, takeaway="x")
        create(
            client,
            "followups",
            contact_id=contact["id"],
            encounter_id=met["id"],
            action="mentor_update",
            due_at="2027-05-15T15:00:00Z",
        )
        _many_followups(user["id"], contact["id"], count, datetime(2027, 5, 15, 12, tzinfo=UTC))
        for n in range(sessions):
            book.session(f"Talk {count}-{n}", f"2027-05-{15 + n % 5} {8 + n % 10:02d}:00", speakers=[speaker])
        db.session.commit()
        mark(client, kind="speaker", speaker_id=speaker.id)
        answer = subscribe(client)
        with count_queries() as statements:
            feed = parsed(fetch(app, answer))
        assert len(feed.events) == (count + 1) + (sessions + 1)
        return len(statements)

    assert statements_for(3, 2) == statements_for(2000, 300)


# The writer of events and tasks.

AWKWARD = [
    'Dr. Zoë Ørsted-Ñúñez, MD; "Psychiatry" \\ back\\slash, semi;colon\nnew line\r\nCRLF\rCR\tTab',
    "精神医学の将来について話しましょう、" * 12 + "🧠" * 40,
    "ends with a backslash \\",
    "\\\\double backslash\\\\; and \\n not a newline, and a bell\x07 dropped",
] + [
    "x" * offset + "\\" * run + tail * 30 for offset in range(60, 76) for run in (1, 2, 3) for tail in ("é,;", "a,;")
]  # backslash escapes and UTF-8 characters at every fold position, in non-ASCII and ASCII lines


def _written(text: str) -> str:
    """What a TEXT value reads as once written: line breaks as LF, the bell (a control) gone."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x07", "")


def test_awkward_text_round_trips_through_both_parsers_in_folded_utf8_lines():
    start = datetime(2027, 5, 19, 10, tzinfo=ZoneInfo("America/Chicago"))
    modified = datetime(2027, 5, 1, 12, 30, tzinfo=UTC)
    entries = [
        rfc5545.Entry(
            uid=f"awkward-{n}@example.org",
            summary=text,
            description=text * 2,
            location=text,
            starts_at=start,
            ends_at=start + timedelta(minutes=15),
            sequence=n,
            modified_at=modified,
            alarm_before=timedelta(minutes=90),
        )
        for n, text in enumerate(AWKWARD)
    ]
    tasks = [
        rfc5545.Task(
            uid=f"awkward-{n}-task@example.org",
            summary=text,
            description=text,
            due_at=start,
            status="NEEDS-ACTION",
            priority=5,
            completed_at=None,
            sequence=n,
            modified_at=modified,
            alarm_before=timedelta(days=7),
        )
        for n, text in enumerate(AWKWARD)
    ]
    body = rfc5545.calendar_bytes(
        "Zoë's follow-ups, agenda; and more", "calendar-1@example.org", entries, tasks, repeats_until=modified
    )
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    lines = body.split(b"\r\n")
    for line, following in zip(lines, lines[1:], strict=False):
        assert len(line) <= 75
        line.decode()  # folded on character boundaries: every physical line is UTF-8 by itself
        if following.startswith(b" "):  # folded, and never inside an escape: lax parsers unescape per line
            assert (len(line) - len(line.rstrip(b"\\"))) % 2 == 0, line
    feed = Parsed(body)
    for n, text in enumerate(AWKWARD):
        event, theirs = feed.events[f"awkward-{n}@example.org"], feed.other_events[f"awkward-{n}@example.org"]
        expected = _written(text)
        assert str(event["SUMMARY"]) == theirs.summary.value == expected
        assert str(event["DESCRIPTION"]) == theirs.description.value == expected * 2
        assert str(event["LOCATION"]) == theirs.location.value == expected
        assert str(event["DTSTAMP"].to_ical().decode()) == "20270501T123000Z" and event["LAST-MODIFIED"].dt == modified
        assert theirs.valarm.trigger.value == timedelta(minutes=-90)
        todo = feed.todos[f"awkward-{n}-task@example.org"]
        assert str(todo["SUMMARY"]) == expected and todo["DUE"].dt == start
        [alarm] = todo.walk("VALARM")
        assert alarm["TRIGGER"].dt == timedelta(days=-7) and alarm["TRIGGER"].params["RELATED"] == "END"
    assert str(feed.calendar["X-WR-CALNAME"]) == "Zoë's follow-ups, agenda; and more"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(hours=-1), "-PT1H"),
        (timedelta(minutes=-90), "-PT1H30M"),
        (timedelta(days=-7), "-P7D"),
        (timedelta(0), "PT0S"),
        (timedelta(days=1, seconds=5), "P1DT5S"),
        (timedelta(hours=2, seconds=5), "PT2H0M5S"),
    ],
)
def test_durations_are_written_as_rfc_5545_reads_them(delta, text):
    assert rfc5545.duration(delta) == text
    from icalendar.prop import vDuration

    assert vDuration.from_ical(text) == delta


def test_drafts_percent_encode_in_one_pass_exactly_as_quote_does():
    from urllib.parse import quote

    from conference.messages.mailto import mailtos, percent_encode_all

    texts = [*AWKWARD, "", "100% sure, 50%20 off & more?", "\x00\x01 separators", "".join(map(chr, range(0x20, 0x250)))]
    assert percent_encode_all(texts) == [quote(text, safe="") for text in texts]
    [link] = mailtos([("j.lee@example.edu", "Thank you, Dr. Lee", "Dear Dr. Lee,\n\n100% agreed.\n")])
    assert link == (
        "mailto:j.lee@example.edu?subject=Thank%20you%2C%20Dr.%20Lee"
        "&body=Dear%20Dr.%20Lee%2C%0D%0A%0D%0A100%25%20agreed.%0D%0A"
    )


# Every calendar app reads the same times as the app.


def _years_around_now() -> tuple[datetime, datetime]:
    """From the start of last year to the end of the fifth year from now, in UTC."""
    year = utcnow().year
    return datetime(year - 1, 1, 1, tzinfo=UTC), datetime(year + 6, 1, 1, tzinfo=UTC)


@pytest.fixture
def dst_feed(app, phone, lee, book):
    """A feed crossing both DST changes, in Chicago and New York, with what the app says each item's starts are.

    An overdue follow-up from 2026 moves the time zones' first year; mentor updates due on the
    29th, 30th and 31st repeat forever; one follow-up and one session fall in the hour that
    happens twice (01:30 on the November change), a follow-up in its second run, another follow-up just
    after the March change. Mentor updates start in or repeat into the hour each change doubles or skips.
    """
    sessions = [
        book.session("Opening", "2027-05-16 08:00"),
        book.session("Rural clinics", "2027-05-17 14:00"),
        book.session("Night owls", "2027-11-07 01:30"),
    ]
    db.session.commit()
    for session in sessions:
        mark(phone, kind="session", session_id=session.id)
    made = [
        followup(phone, lee, action="email", title="overdue", due_at="2026-03-20T15:00:00Z"),
        followup(phone, lee, action="email", title="after the meeting", due_at="2027-05-19T15:00:00Z"),
        followup(phone, lee, action="thank_you", title="spring forward", due_at="2027-03-14T08:30:00Z"),
        followup(phone, lee, action="linkedin", title="twice", due_at="2027-11-07T06:30:00Z"),
        followup(phone, lee, action="email", title="twice, the second time", due_at="2027-11-07T07:30:00Z"),
        *(
            followup(
                phone,
                lee,
                action="mentor_update",
                title=f"on the {day}th",
                repeat_every_months=months,
                due_at=f"2027-01-{day}T16:00:00Z",
            )
            for day, months in ((29, 1), (30, 1), (31, 1), (31, 3))
        ),
        followup(phone, lee, action="mentor_update", title="summer", due_at="2027-07-31T03:00:00Z"),
        *(
            followup(phone, lee, action="mentor_update", title=title, repeat_every_months=months, due_at=due)
            for title, months, due in (
                ("01:30 on the November change, the first time", 1, "2027-11-07T06:30:00Z"),
                ("01:30 on the November change, the second time", 3, "2027-11-07T07:30:00Z"),
                ("01:30, a year before the November change", 1, "2026-11-07T07:30:00Z"),
                ("02:30, a year before the March change", 1, "2026-03-14T07:30:00Z"),
                ("02:30, three months before the March change", 3, "2026-12-14T08:30:00Z"),
                ("on the March change", 1, "2027-03-14T08:30:00Z"),
            )
        ),
    ]
    body = fetch(app, subscribe(phone), "?tasks=vtodo").data
    since, until = _years_around_now()
    domain, tz = app.config["CALENDAR_UID_DOMAIN"], ZoneInfo("America/Chicago")
    expected = {entries.session_uid("apa-2027", s.external_id, domain): [s.starts_at.astimezone(UTC)] for s in sessions}
    for item in made:
        due = datetime.fromisoformat(item["due_at"]).astimezone(UTC)
        expected[entries.followup_task_uid(item["id"], domain)] = [due]
        months, starts = item["repeat_every_months"], [due]
        while months and starts[-1] < until:
            starts.append(add_months(due, len(starts) * months, tz))
        expected[entries.followup_uid(item["id"], domain)] = [start for start in starts if since <= start < until]
    return body, expected, since, until


@pytest.mark.parametrize("reader", list(READERS))
def test_every_calendar_library_reads_the_same_times_as_the_app(dst_feed, reader):
    body, expected, since, until = dst_feed
    theirs = by_entry(READERS[reader](body, since, until))
    wrong = {uid: (theirs.get(uid, []), starts) for uid, starts in expected.items() if theirs.get(uid, []) != starts}
    assert not wrong, "\n".join(
        f"{uid}: {len(got)} starts, {len(want)} expected; first difference "
        f"{next(((g, w) for g, w in zip(got, want, strict=False) if g != w), (got[len(want) :], want[len(got) :]))}"
        for uid, (got, want) in wrong.items()
    )


@pytest.mark.parametrize(
    "zone",
    [
        "America/Chicago",
        "Europe/Dublin",
        "Asia/Jerusalem",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Africa/Cairo",
        "Africa/Casablanca",
        "Asia/Tokyo",
        "Pacific/Kiritimati",
    ],
)
def test_a_time_zone_block_is_right_for_decades_and_carries_no_rdate(zone):
    text = rfc5545.vtimezone(zone, 2026)
    assert b"RDATE" not in text  # ical.js then ignores a block's DTSTART
    [definition] = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + text + b"END:VCALENDAR\r\n").walk("VTIMEZONE")
    theirs, ours = definition.to_tz(lookup_tzid=False), ZoneInfo(zone)  # the block itself, not the zone of that name
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    while moment.year < 2060:
        assert moment.astimezone(theirs).utcoffset() == moment.astimezone(ours).utcoffset(), moment
        moment += timedelta(hours=25)
