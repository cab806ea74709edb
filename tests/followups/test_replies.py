"""Messages sent and their replies: warmth, one reminder after a week and never a second, threads let rest, reply rates."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from conference.extensions import db
from conference.followups.models import FollowUp
from conference.people.models import default_warmth
from tests.support.api import ME, create, put
from tests.support.networking_helpers import rivera_at_apa

SENT = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
SECOND = timedelta(seconds=1)
#: Wording that makes a reminder read as a reproach.
GUILT = (
    "haven't heard",
    "have not heard",
    "still waiting",
    "as i mentioned",
    "again",
    "surely",
    "ignored",
    "sorry to bother",
)


@pytest.fixture
def phone(auth):
    """Sam Patel's logged-in client."""
    client, _ = auth.register(name="Sam Patel")
    return client


@pytest.fixture
def clock(monkeypatch):
    """Set the server's "now" for the reply endpoints: clock(moment)."""

    def set_now(moment: datetime) -> None:
        for where in ("conference.followups.routes.utcnow", "conference.targets.outreach.utcnow"):
            monkeypatch.setattr(where, lambda: moment)

    return set_now


def iso(moment: datetime) -> str:
    """A moment as the API writes it."""
    return moment.isoformat()


def sent_to(client, name="Maria Rivera", *, reply="awaiting", at=SENT, role="faculty", **more):
    """A contact and an email sent to them: (contact, follow-up)."""
    contact = create(client, "contacts", name=name, role=role, email="someone@example.org")
    followup = create(
        client, "followups", contact_id=contact["id"], status="done", sent_at=iso(at), reply=reply, **more
    )
    return contact, followup


def warmth_of(client, contact_id) -> tuple[str, bool]:
    """A contact's shown warmth and whether it is the default, as the item and the list both show it."""
    item = client.get(f"{ME}/contacts/{contact_id}").get_json()
    listed = next(c for c in client.get(f"{ME}/contacts").get_json()["items"] if c["id"] == contact_id)
    assert (listed["warmth"], listed["warmth_is_default"]) == (item["warmth"], item["warmth_is_default"])
    return item["warmth"], item["warmth_is_default"]


# The reply fields.


def test_a_reply_without_sent_at_means_it_went_out_now_and_sending_awaits_a_reply(phone):
    contact = create(phone, "contacts", name="Maria Rivera")
    plain = create(phone, "followups", contact_id=contact["id"])
    assert (plain["sent_at"], plain["reply"], plain["replied_at"], plain["nudge"]) == (None, None, None, None)
    sent = create(phone, "followups", contact_id=contact["id"], sent_at=iso(SENT))
    assert (sent["reply"], datetime.fromisoformat(sent["sent_at"])) == ("awaiting", SENT)
    replied = create(phone, "followups", contact_id=contact["id"], reply="replied")
    assert replied["sent_at"] is not None and replied["replied_at"] is not None


def test_replied_at_defaults_to_when_it_is_recorded_and_a_retry_keeps_it(phone, monkeypatch):
    contact = create(phone, "contacts", name="Maria Rivera")
    record_id = uuid.uuid4()
    body = {"contact_id": contact["id"], "sent_at": iso(SENT), "reply": "replied"}
    monkeypatch.setattr("conference.followups.operations.utcnow", lambda: SENT + timedelta(days=2))
    first = put(phone, "followups", record_id, body).get_json()
    monkeypatch.setattr("conference.followups.operations.utcnow", lambda: SENT + timedelta(days=3))
    again = put(phone, "followups", record_id, body, **{"If-Match": '"1"'})
    assert (again.status_code, again.get_json()["version"]) == (200, 1)
    assert (
        datetime.fromisoformat(again.get_json()["replied_at"])
        == SENT + timedelta(days=2)
        == datetime.fromisoformat(first["replied_at"])
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reply": "maybe"}, "reply"),
        ({"nudge": "twice"}, "nudge"),
        ({"sent_at": "2027-05-01T09:00:00"}, "sent_at"),
        ({"sent_at": iso(SENT), "replied_at": iso(SENT)}, "replied_at"),
        ({"nudged_at": iso(SENT)}, "nudged_at"),
    ],
)
def test_bad_reply_fields_are_422_naming_the_field(phone, body, field):
    contact = create(phone, "contacts", name="Maria Rivera")
    response = put(phone, "followups", uuid.uuid4(), {"contact_id": contact["id"], **body})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_recording_a_reply_follows_the_version_rules(phone):
    _, followup = sent_to(phone)
    url = f"{ME}/followups/{followup['id']}"
    body = {key: followup[key] for key in ("contact_id", "action", "status", "sent_at")} | {"reply": "replied"}
    assert phone.put(url, json=body).status_code == 428
    assert phone.put(url, json=body, headers={"If-Match": '"7"'}).status_code == 412
    stored = phone.put(url, json=body, headers={"If-Match": '"1"'}).get_json()
    assert (stored["reply"], stored["version"]) == ("replied", 2)
    assert phone.patch(url, json={"reply": "awaiting"}, headers={"If-Match": '"1"'}).status_code == 412


def test_the_export_carries_replies_reminders_and_warmth(phone):
    contact, followup = sent_to(phone, reply="awaiting", nudge="dismissed")
    phone.patch(f"{ME}/contacts/{contact['id']}", json={"warmth": "warm"})
    records = phone.get(f"{ME}/export").get_json()["records"]
    (stored,) = [row for row in records["followups"] if row["id"] == followup["id"]]
    assert (stored["reply"], stored["nudge"]) == ("awaiting", "dismissed")
    assert stored["sent_at"] and stored["nudged_at"] and "replied_at" in stored
    assert [row["warmth"] for row in records["contacts"]] == ["warm"]


# Warmth.


def test_warmth_follows_what_the_user_did_cold_then_warm_then_hot(phone):
    contact, followup = sent_to(phone)
    assert warmth_of(phone, contact["id"]) == ("cold", True)
    create(phone, "encounters", contact_id=contact["id"])
    assert warmth_of(phone, contact["id"]) == ("warm", True)
    phone.patch(f"{ME}/followups/{followup['id']}", json={"reply": "replied"})
    assert warmth_of(phone, contact["id"]) == ("hot", True)


def test_the_default_is_one_pure_function_of_what_happened():
    shown = {
        (met, replied, introduced): default_warmth(met=met, replied=replied, introduced=introduced)
        for met in (False, True)
        for replied in (False, True)
        for introduced in (False, True)
    }
    assert {facts for facts, warmth in shown.items() if warmth == "cold"} == {(False, False, False)}
    assert {facts for facts, warmth in shown.items() if warmth == "warm"} == {(True, False, False)}


def test_a_contact_introduced_by_another_is_hot_until_the_user_chooses(phone):
    introducer = create(phone, "contacts", name="Priya Nair")
    contact = create(phone, "contacts", name="Ana Lee", introduced_by_id=introducer["id"])
    assert warmth_of(phone, contact["id"]) == ("hot", True)
    assert warmth_of(phone, introducer["id"]) == ("cold", True)


def test_a_warmth_the_user_chose_wins_and_null_gives_the_default_back(phone):
    contact, followup = sent_to(phone)
    phone.patch(f"{ME}/contacts/{contact['id']}", json={"warmth": "warm"})
    phone.patch(f"{ME}/followups/{followup['id']}", json={"reply": "replied"})
    assert warmth_of(phone, contact["id"]) == ("warm", False)
    phone.patch(f"{ME}/contacts/{contact['id']}", json={"warmth": None})
    assert warmth_of(phone, contact["id"]) == ("hot", True)


def test_a_default_warmth_sent_back_as_shown_stays_the_default(phone):
    contact, followup = sent_to(phone)
    shown = phone.get(f"{ME}/contacts/{contact['id']}").get_json()
    again = put(phone, "contacts", contact["id"], shown, **{"If-Match": '"1"'})
    assert (again.status_code, again.get_json()["version"], again.get_json()["warmth_is_default"]) == (200, 1, True)
    phone.patch(f"{ME}/followups/{followup['id']}", json={"reply": "replied"})
    assert warmth_of(phone, contact["id"]) == ("hot", True)


# One reminder, a week after, never a second.


def nudge(client, followup, clock, at):
    """The reminder draft's answer at a moment."""
    clock(at)
    return client.get(f"{ME}/followups/{followup['id']}/nudge-draft")


def test_the_reminder_is_offered_seven_days_after_sending_not_a_second_before(phone, clock):
    _, followup = sent_to(phone)
    early = nudge(phone, followup, clock, SENT + WEEK - SECOND)
    assert early.status_code == 422 and "nudge" in early.get_json()["error"]["fields"]
    on_time = nudge(phone, followup, clock, SENT + WEEK)
    assert on_time.status_code == 200
    assert on_time.get_json()["mailto"].startswith("mailto:someone@example.org?")


@pytest.mark.parametrize("done_with_it", ["sent", "dismissed"])
def test_no_second_reminder_after_one_was_sent_or_let_go(phone, clock, done_with_it):
    _, followup = sent_to(phone)
    assert nudge(phone, followup, clock, SENT + WEEK).status_code == 200
    phone.patch(f"{ME}/followups/{followup['id']}", json={"nudge": done_with_it})
    for later in (WEEK + timedelta(days=1), 3 * WEEK, 10 * WEEK):
        assert nudge(phone, followup, clock, SENT + later).status_code == 422


def test_no_reminder_once_they_replied_or_when_nothing_was_sent(phone, clock):
    _, replied = sent_to(phone, reply="replied")
    assert nudge(phone, replied, clock, SENT + 2 * WEEK).status_code == 422
    contact = create(phone, "contacts", name="Alex Chen")
    never_sent = create(phone, "followups", contact_id=contact["id"])
    assert nudge(phone, never_sent, clock, SENT + 2 * WEEK).status_code == 422


@pytest.mark.parametrize("met", [False, True])
def test_the_reminder_introduces_only_someone_not_met_and_does_not_reproach(phone, clock, met):
    phone.patch(ME, json={"introduction_short": "PGY-1 in Ohio, early psychosis care"})
    contact, followup = sent_to(phone)
    if met:
        create(phone, "encounters", contact_id=contact["id"], place="poster hall")
    draft = nudge(phone, followup, clock, SENT + WEEK).get_json()
    text = (draft["subject"] + "\n" + draft["body"]).lower()
    assert draft["body"].startswith("Dear Dr. Rivera,")
    assert "i wrote to you on may 1" in text and "no need to reply" in text
    for words in GUILT:
        assert words not in text, words
    assert ("pgy-1 in ohio" in text) is not met


def test_a_thread_is_let_rest_as_no_reply_a_week_after_its_reminder_and_nothing_more_is_offered(phone, clock):
    _, followup = sent_to(phone, nudge="sent", nudged_at=iso(SENT + WEEK))
    clock(SENT + 2 * WEEK - SECOND)
    phone.get(f"{ME}/outreach")
    assert phone.get(f"{ME}/followups/{followup['id']}").get_json()["reply"] == "awaiting"
    clock(SENT + 2 * WEEK)
    assert phone.get(f"{ME}/outreach").get_json()["total"]["no_reply"] == 1
    stored = phone.get(f"{ME}/followups/{followup['id']}").get_json()
    assert (stored["reply"], stored["version"]) == ("no_reply", 2)
    changes = phone.get(f"{ME}/changes?since=0").get_json()
    assert any(item["id"] == followup["id"] and item["reply"] == "no_reply" for item in changes["followups"])
    assert nudge(phone, followup, clock, SENT + 10 * WEEK).status_code == 422


# Writing again too soon.


def test_drafts_say_when_the_user_wrote_in_the_last_seven_days(phone, clock):
    contact, _ = sent_to(phone)
    another = create(phone, "followups", contact_id=contact["id"], action="send_article")
    url = f"{ME}/followups/{another['id']}/draft"
    clock(SENT + WEEK - SECOND)
    assert datetime.fromisoformat(phone.get(url).get_json()["recently_contacted_at"]) == SENT
    clock(SENT + WEEK)
    assert phone.get(url).get_json()["recently_contacted_at"] is None
    # A reminder sent is writing again; one let go is not.
    phone.patch(f"{ME}/followups/{another['id']}", json={"sent_at": iso(SENT), "nudge": "dismissed"})
    assert phone.get(url).get_json()["recently_contacted_at"] is None
    phone.patch(f"{ME}/followups/{another['id']}", json={"nudge": "sent", "nudged_at": iso(SENT + WEEK)})
    assert datetime.fromisoformat(phone.get(url).get_json()["recently_contacted_at"]) == SENT + WEEK


def test_a_target_outreach_draft_goes_to_the_contacts_email_and_warns_of_a_recent_message(app, phone, clock):
    _, speaker, _ = rivera_at_apa()
    db.session.commit()
    target = create(phone, "targets", kind="speaker", speaker_id=speaker.id)
    url = f"{ME}/targets/{target['id']}/outreach-draft"
    clock(SENT)
    first = phone.get(url).get_json()
    assert first["mailto"].startswith("mailto:?") and first["recently_contacted_at"] is None
    contact = create(phone, "contacts", name=speaker.name, speaker_id=speaker.id, email="rivera@example.org")
    create(phone, "followups", contact_id=contact["id"], status="done", sent_at=iso(SENT), reply="awaiting")
    clock(SENT + timedelta(hours=1))
    again = phone.get(url).get_json()
    assert again["mailto"].startswith("mailto:rivera@example.org?")
    assert datetime.fromisoformat(again["recently_contacted_at"]) == SENT


# Reply rates.


def test_reply_rates_are_replied_over_sent_by_warmth_with_awaiting_counted(phone, clock):
    # Each contact's warmth is chosen, so a reply does not make it hot: 5 cold and 3 warm messages.
    for reply in ("replied", "no_reply", "awaiting", "awaiting", "awaiting"):
        contact, _ = sent_to(phone, name=f"Cold {reply}", reply=reply)
        phone.patch(f"{ME}/contacts/{contact['id']}", json={"warmth": "cold"})
    for reply in ("replied", "no_reply", "no_reply"):
        contact, _ = sent_to(phone, name=f"Warm {reply}", reply=reply)
        phone.patch(f"{ME}/contacts/{contact['id']}", json={"warmth": "warm"})
    contact = create(phone, "contacts", name="Never written to")
    create(phone, "followups", contact_id=contact["id"])
    clock(SENT + timedelta(days=1))
    summary = phone.get(f"{ME}/outreach").get_json()
    rows = {row["warmth"]: row for row in summary["by_warmth"]}
    assert rows["cold"] == {
        "warmth": "cold",
        "sent": 5,
        "replied": 1,
        "no_reply": 1,
        "awaiting": 3,
        "reply_rate": 0.2,
    }
    assert (rows["warm"]["sent"], rows["warm"]["replied"], rows["warm"]["no_reply"]) == (3, 1, 2)
    assert rows["warm"]["reply_rate"] == pytest.approx(1 / 3)
    assert rows["hot"] == {"warmth": "hot", "sent": 0, "replied": 0, "no_reply": 0, "awaiting": 0, "reply_rate": None}
    assert (summary["total"]["sent"], summary["total"]["replied"], summary["total"]["reply_rate"]) == (8, 2, 0.25)
    assert summary["good_rate"] == {"low": 0.2, "high": 0.3, "warmths": ["cold", "warm"]}


def test_a_reply_makes_the_contact_hot_in_the_rates_by_default(phone, clock):
    sent_to(phone, reply="replied")
    clock(SENT)
    rows = {row["warmth"]: row["replied"] for row in phone.get(f"{ME}/outreach").get_json()["by_warmth"]}
    assert rows == {"cold": 0, "warm": 0, "hot": 1}


def test_the_conference_filter_counts_messages_to_its_speakers_and_people_met_there(app, phone, clock):
    conference, speaker, _ = rivera_at_apa()
    db.session.commit()
    speaker_contact = create(phone, "contacts", name=speaker.name, speaker_id=speaker.id)
    create(phone, "followups", contact_id=speaker_contact["id"], sent_at=iso(SENT))
    met = create(phone, "contacts", name="Alex Chen")
    encounter = create(phone, "encounters", contact_id=met["id"], conference=conference.slug)
    create(phone, "followups", contact_id=met["id"], encounter_id=encounter["id"], sent_at=iso(SENT), reply="replied")
    sent_to(phone, name="Elsewhere")
    clock(SENT)
    assert phone.get(f"{ME}/outreach?conference={conference.slug}").get_json()["total"]["sent"] == 2
    assert phone.get(f"{ME}/outreach").get_json()["total"]["sent"] == 3
    assert phone.get(f"{ME}/outreach?conference=nope").status_code == 404


def test_the_rates_take_the_same_statements_for_three_messages_or_thirty(phone, clock, count_queries):
    def statements() -> int:
        clock(SENT + 3 * WEEK)
        with count_queries() as run:
            assert phone.get(f"{ME}/outreach").status_code == 200
        return len(run)

    for index in range(3):
        sent_to(phone, name=f"First {index}", nudge="sent", nudged_at=iso(SENT))
    few = statements()
    for index in range(30):
        sent_to(phone, name=f"Later {index}", nudge="sent", nudged_at=iso(SENT))
    many = statements()
    assert few == many
    assert db.session.query(FollowUp).filter(FollowUp.reply == "no_reply").count() == 33


# Isolation.


def test_another_users_follow_up_has_no_reminder_and_their_messages_are_not_counted(auth, phone, clock):
    _, followup = sent_to(phone)
    other, _ = auth.register(name="Other User")
    clock(SENT + WEEK)
    assert other.get(f"{ME}/followups/{followup['id']}/nudge-draft").status_code == 404
    assert other.patch(f"{ME}/followups/{followup['id']}", json={"reply": "replied"}).status_code == 404
    assert other.get(f"{ME}/outreach").get_json()["total"]["sent"] == 0
    assert phone.get(f"{ME}/outreach").get_json()["total"]["sent"] == 1
