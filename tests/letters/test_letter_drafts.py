"""Each letter step's follow-up drafts its own email, claiming nothing that did not happen; a match tells every writer once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from conference.db.types import utcnow
from tests.support.api import ME, create, put
from tests.support.calendar_readers import READERS
from tests.support.feed import fetch, parsed, subscribe

PRIVATE = "PRIVATE-only-mine"
#: What no letter draft may say: a meeting never logged, or involvement in anything.
CLAIMS = ("pleasure to meet", "our conversation", "talk with me after", "15-minute call")


def followups_of(client, **filters) -> list[dict]:
    """The user's follow-ups as the list answers them."""
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    response = client.get(f"{ME}/followups?limit=100&{query}")
    assert response.status_code == 200
    return response.get_json()["items"]


def draft_of(client, followup: dict) -> dict:
    """A follow-up's email draft."""
    response = client.get(f"{ME}/followups/{followup['id']}/draft")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def step(client, letter: dict, status: str) -> dict:
    """PATCH a letter to a status; its new JSON."""
    response = client.patch(f"{ME}/letters/{letter['id']}", json={"status": status})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def only(client, title: str) -> dict:
    """The one follow-up with this title."""
    [found] = [item for item in followups_of(client) if item["title"] == title]
    return found


def honest(draft: dict) -> None:
    """A letter draft never claims a meeting, never carries notes, and ends with the signature."""
    for claim in CLAIMS:
        assert claim not in draft["body"]
    assert PRIVATE not in draft["body"] + draft["subject"]
    assert draft["body"].rstrip().endswith("Sam Patel, MD\nsam@example.org\nhttps://example.org/cv.pdf")


@pytest.fixture
def asked(auth):
    """Sam (MD, CV link in the signature) asked Dr. Lee, whom he never logged meeting, for a letter due March 3."""
    client, _ = auth.register(email="sam@example.org")
    profile = {"credentials": "MD", "cv_url": "https://example.org/cv.pdf", "signature_fields": ["email", "cv_url"]}
    assert client.patch(ME, json=profile).status_code == 200
    contact = create(client, "contacts", name="Ana Lee", role="faculty", email="lee@example.org", notes=PRIVATE)
    letter = create(
        client,
        "letters",
        contact_id=contact["id"],
        due_at="2099-03-03T17:00:00Z",
        materials=["cv", "personal_statement", "bullet_list"],
    )
    return client, contact, letter


def test_the_materials_draft_thanks_for_agreeing_lists_each_material_and_the_due_day(asked):
    client, _, letter = asked
    step(client, letter, "agreed")
    draft = draft_of(client, only(client, "Send the letter materials"))
    honest(draft)
    assert draft["subject"] == "Materials for my letter of recommendation"
    assert draft["body"].startswith("Dear Dr. Lee,\n\nThank you again for agreeing to write a letter")
    for line in (
        "- my CV",
        "- a draft of my personal statement",
        "- a short bulleted list of what I hope you can speak to",
    ):
        assert line in draft["body"]
    assert "due on March 3" in draft["body"] and draft["mailto"].startswith("mailto:lee@example.org?")


def test_without_materials_listed_the_draft_leaves_a_place_to_attach_them_and_claims_none(asked):
    client, _, letter = asked
    client.patch(f"{ME}/letters/{letter['id']}", json={"materials": [], "due_at": None})
    step(client, letter, "agreed")
    body = draft_of(client, only(client, "Send the letter materials"))["body"]
    assert "[attach your CV" in body and "I am sending" not in body and "due on" not in body


def test_the_reminder_is_gentle_names_the_due_day_and_does_not_assume_the_letter_is_late(asked):
    client, _, letter = asked
    step(client, letter, "materials_sent")
    reminder = only(client, "Remind about the letter due soon")
    draft = draft_of(client, reminder)
    honest(draft)
    assert draft["subject"] == "A gentle reminder about my letter of recommendation"
    assert "gentle reminder that my letter of recommendation is due on March 3" in draft["body"]
    assert "If it is already on its way, thank you" in draft["body"]
    for word in ("late", "overdue", "missed"):
        assert word not in draft["body"]
    assert reminder["due_at"].startswith("2099-02-24")


def test_a_moved_due_date_moves_the_open_reminder_and_its_draft(asked):
    client, _, letter = asked
    step(client, letter, "materials_sent")
    assert client.patch(f"{ME}/letters/{letter['id']}", json={"due_at": "2099-04-10T17:00:00Z"}).status_code == 200
    reminder = only(client, "Remind about the letter due soon")
    assert reminder["due_at"].startswith("2099-04-03") and reminder["version"] == 2
    assert "due on April 10" in draft_of(client, reminder)["body"]


def test_the_thank_you_follows_the_submitted_letter_and_promises_the_outcome(asked):
    client, _, letter = asked
    step(client, letter, "submitted")
    draft = draft_of(client, only(client, "Thank you for the letter"))
    honest(draft)
    assert draft["subject"] == "Thank you for my letter of recommendation"
    assert "Thank you for writing and submitting a letter" in draft["body"]
    assert "I will let you know how the match turns out." in draft["body"]


def test_submitting_cancels_the_open_reminder_and_thanking_marks_the_thank_you_done(asked):
    client, _, letter = asked
    step(client, letter, "agreed")
    step(client, letter, "materials_sent")
    step(client, letter, "submitted")
    assert {item["title"]: item["status"] for item in followups_of(client)} == {
        "Send the letter materials": "cancelled",
        "Remind about the letter due soon": "cancelled",
        "Thank you for the letter": "open",
    }
    step(client, letter, "thanked")
    thanks = only(client, "Thank you for the letter")
    assert thanks["status"] == "done" and thanks["done_at"]


def test_a_declined_letter_cancels_the_materials_still_owed(asked):
    client, _, letter = asked
    step(client, letter, "agreed")
    step(client, letter, "declined")
    assert [item["status"] for item in followups_of(client)] == ["cancelled"]


def _milestone(client, **fields) -> dict:
    return create(client, "milestones", **{"kind": "match", "title": "Matched at Riverside Psychiatry", **fields})


def test_a_match_tells_each_writer_once_and_nobody_who_did_not_write(asked):
    client, lee, letter = asked
    step(client, letter, "submitted")
    kim = create(client, "contacts", name="Dr. Jo Kim", email="kim@example.org")
    thanked = create(client, "letters", contact_id=kim["id"], status="thanked")
    for status in ("asked", "agreed", "declined", "materials_sent"):
        other = create(client, "contacts", name=f"Pat {status}")
        create(client, "letters", contact_id=other["id"], status=status)
    match = _milestone(client, date="2099-03-20", notes=PRIVATE)
    outcome = [item for item in followups_of(client) if item["title"] == "Share the match outcome"]
    assert sorted(item["contact_id"] for item in outcome) == sorted([lee["id"], kim["id"]])
    assert all(
        abs(datetime.fromisoformat(item["due_at"]) - (utcnow() + timedelta(days=2))) < timedelta(minutes=1)
        for item in outcome
    )
    # Editing the match, replaying it, or recording it again adds nobody twice.
    assert client.patch(f"{ME}/milestones/{match['id']}", json={"title": "Matched at Lakeside"}).status_code == 200
    assert (
        put(
            client, "milestones", match["id"], {**match, "title": "Matched at Lakeside"}, **{"If-Match": '"2"'}
        ).status_code
        == 200
    )
    _milestone(client, date="2099-03-21")
    assert len([item for item in followups_of(client) if item["title"] == "Share the match outcome"]) == 2
    assert thanked["status"] == "thanked"


def test_the_outcome_draft_tells_the_latest_match_and_never_its_notes(asked):
    client, _, letter = asked
    step(client, letter, "submitted")
    match = _milestone(client, date="2099-03-20", notes=PRIVATE)
    client.patch(f"{ME}/milestones/{match['id']}", json={"title": "Matched at Lakeside Psychiatry"})
    draft = draft_of(client, only(client, "Share the match outcome"))
    honest(draft)
    assert draft["subject"] == "News from the match"
    assert "how the match turned out: Matched at Lakeside Psychiatry." in draft["body"]
    assert "Thank you again for the letter you wrote for me." in draft["body"]
    # Deleted, the match is no longer claimed: the user fills in the outcome.
    assert client.delete(f"{ME}/milestones/{match['id']}").status_code == 204
    assert "[add your outcome]" in draft_of(client, only(client, "Share the match outcome"))["body"]


def test_other_kinds_of_milestones_tell_nobody(asked):
    client, _, letter = asked
    step(client, letter, "submitted")
    milestone = _milestone(client, kind="interview", title="Interview at Lakeside", date="2099-01-10")
    assert client.patch(f"{ME}/milestones/{milestone['id']}", json={"title": "Second look"}).status_code == 200
    assert [item["title"] for item in followups_of(client)] == ["Thank you for the letter"]


def test_another_users_letter_follow_up_draft_is_404(auth, asked):
    client, _, letter = asked
    step(client, letter, "agreed")
    other, _ = auth.register()
    assert other.get(f"{ME}/followups/{only(client, 'Send the letter materials')['id']}/draft").status_code == 404


def test_drafting_many_letter_follow_ups_takes_as_many_statements_as_one(asked, count_queries):
    client, _, letter = asked
    step(client, letter, "agreed")
    path = f"{ME}/followups/{only(client, 'Send the letter materials')['id']}/draft"
    with count_queries() as one:
        assert client.get(path).status_code == 200
    for n in range(20):
        contact = create(client, "contacts", name=f"Dr. Writer {n}")
        create(client, "letters", contact_id=contact["id"], status="agreed")
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(one)


# The calendar feed.


def test_open_letters_due_dates_are_events_with_a_stable_uid_and_a_sequence_and_no_notes(app, asked):
    client, _, letter = asked
    client.patch(f"{ME}/letters/{letter['id']}", json={"status": "agreed"})
    answer = subscribe(client)
    feed = parsed(fetch(app, answer))
    uid = f"letter-{letter['id']}@"
    [event] = [e for u, e in feed.events.items() if u.startswith(uid)]
    assert str(event["SUMMARY"]) == "Letter due: Ana Lee"
    assert event.start == datetime(2099, 3, 3, 17, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CONFIRMED"
    assert PRIVATE not in feed.text
    # Moved, the same UID with a higher SEQUENCE; submitted, cancelled for clients that saw it.
    client.patch(f"{ME}/letters/{letter['id']}", json={"due_at": "2099-03-04T17:00:00Z"})
    moved = parsed(fetch(app, answer)).events[str(event["UID"])]
    assert int(moved["SEQUENCE"]) == 3 and moved.start == datetime(2099, 3, 4, 17, tzinfo=UTC)
    step(client, letter, "submitted")
    assert str(parsed(fetch(app, answer)).events[str(event["UID"])]["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize("reader", list(READERS))
def test_every_calendar_reader_puts_the_letter_at_its_due_time_in_the_users_zone(app, asked, reader):
    client, _, letter = asked
    assert client.patch(ME, json={"timezone": "America/Chicago"}).status_code == 200
    body = fetch(app, subscribe(client)).data
    starts = READERS[reader](body, datetime(2099, 3, 1, tzinfo=UTC), datetime(2099, 3, 5, tzinfo=UTC))
    [found] = [times for uid, times in starts.items() if uid.startswith(f"letter-{letter['id']}@")]
    assert found == [datetime(2099, 3, 3, 17, tzinfo=UTC)]


def test_letters_without_a_due_time_and_other_users_letters_stay_out_of_the_feed(app, auth, asked):
    client, _, letter = asked
    client.patch(f"{ME}/letters/{letter['id']}", json={"due_at": None})
    other, _ = auth.register()
    contact = create(other, "contacts", name="Zed Outsider")
    create(other, "letters", contact_id=contact["id"], due_at="2099-03-03T17:00:00Z")
    feed = parsed(fetch(app, subscribe(client)))
    assert not [uid for uid in feed.events if uid.startswith("letter-")]
    assert "Zed Outsider" not in feed.text
