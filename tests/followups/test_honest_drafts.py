"""Drafts claim only what happened: to someone never met, no meeting is claimed; the user's introduction is cited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conference.extensions import db
from tests.support.api import ME, create
from tests.support.networking_helpers import rivera_at_apa

INTRODUCTION = "I am a PGY-1 in Ohio working on rural early psychosis care"

#: Phrases that claim a meeting or a conversation (compared case-insensitively).
MEETING_CLAIMS = (
    "pleasure to meet",
    "nice to meet",
    "great to meet",
    "good to meet",
    "taking the time",
    "taking a few minutes",
    "thank you for your time",
    "thank you again",
    "enjoyed our conversation",
    "enjoyed meeting",
    "our conversation",
    "when we met",
    "after we met",
    "stayed with me",
)

#: Phrases that make the one reminder a reproach (compared case-insensitively).
REPROACHES = ("haven't heard", "have not heard", "still waiting", "as i mentioned", "again", "surely", "ignored")


@pytest.fixture
def phone(auth):
    """Sam Patel's logged-in client, with an introduction on the profile."""
    client, _ = auth.register(name="Sam Patel", email="sam.patel@example.org")
    assert client.patch(ME, json={"introduction": INTRODUCTION}).status_code == 200
    return client


@pytest.fixture
def rivera(app):
    """Dr. Rivera's talk at APA 2027 (10:00 in New York on Sunday, May 16), from the shared networking helper."""
    _, speaker, talk = rivera_at_apa()
    db.session.commit()
    return {"speaker_id": speaker.id, "talk_id": talk.id}


@pytest.fixture
def before_the_meeting(monkeypatch):
    """Drafting on May 1, 2027, before Dr. Rivera's talk."""
    monkeypatch.setattr("conference.followups.drafts.utcnow", lambda: datetime(2027, 5, 1, tzinfo=UTC))


def followup_draft(client, contact_id, action="email", met=None):
    """A follow-up with a contact (after an encounter when `met` holds its fields) and its draft and LinkedIn note."""
    encounter_id = create(client, "encounters", contact_id=contact_id, **met)["id"] if met is not None else None
    followup = create(client, "followups", contact_id=contact_id, encounter_id=encounter_id, action=action)
    draft = client.get(f"{ME}/followups/{followup['id']}/draft").get_json()
    note = client.get(f"{ME}/followups/{followup['id']}/linkedin-note").get_json()["note"]
    return draft["subject"] + "\n" + draft["body"], note


def situation(client, rivera, name):
    """The texts a user gets in each situation: (email subject and body, LinkedIn note or None)."""
    if name == "met at their session":
        contact = create(client, "contacts", name="Maria Rivera", speaker_id=rivera["speaker_id"])
        return followup_draft(client, contact["id"], met={"session_id": rivera["talk_id"]})
    if name == "met in the poster hall":
        contact = create(client, "contacts", name="Alex Chen", role="resident")
        return followup_draft(client, contact["id"], action="thank_you", met={"place": "poster hall"})
    if name.startswith("never met, "):
        contact = create(client, "contacts", name="Alex Chen", role="resident")
        return followup_draft(client, contact["id"], action=name.removeprefix("never met, "))
    if name == "never met speaker":
        contact = create(client, "contacts", name="Maria Rivera", speaker_id=rivera["speaker_id"])
        return followup_draft(client, contact["id"])
    if name == "target speaker":
        target = create(client, "targets", kind="speaker", speaker_id=rivera["speaker_id"])
        draft = client.get(f"{ME}/targets/{target['id']}/outreach-draft").get_json()
        return draft["subject"] + "\n" + draft["body"], None
    if name.startswith("reminder, "):
        contact = create(client, "contacts", name="Alex Chen", role="resident")
        if name == "reminder, met in the poster hall":
            create(client, "encounters", contact_id=contact["id"], place="poster hall")
        followup = create(client, "followups", contact_id=contact["id"], sent_at="2026-01-05T15:00:00+00:00")
        draft = client.get(f"{ME}/followups/{followup['id']}/nudge-draft").get_json()
        return draft["subject"] + "\n" + draft["body"], None
    assert name == "mentor update"
    mentor = create(client, "contacts", name="Priya Nair", role="faculty")
    email, _ = followup_draft(client, mentor["id"], action="mentor_update")
    return email, None


SESSION = '"Coordinated specialty care in rural clinics"'
WHEN = "Sunday, May 16 at 10:00 AM"


@pytest.mark.parametrize(
    ("name", "must_not_claim", "must_say"),
    [
        ("met at their session", (), ("talk with me after your session", SESSION)),
        ("met in the poster hall", (), ("pleasure to meet you at the poster hall", "Thank you again")),
        ("never met, email", MEETING_CLAIMS, ("we have not met yet", INTRODUCTION)),
        ("never met, thank_you", MEETING_CLAIMS, ("we have not met yet", INTRODUCTION)),
        ("never met, meeting", MEETING_CLAIMS, ("we have not met yet", INTRODUCTION)),
        ("never met, linkedin", MEETING_CLAIMS, ("we have not met yet", INTRODUCTION)),
        ("never met speaker", MEETING_CLAIMS, (f"I plan to attend your session {SESSION} on {WHEN}", INTRODUCTION)),
        ("target speaker", MEETING_CLAIMS, (f"your session {SESSION} on {WHEN}", INTRODUCTION)),
        ("mentor update", ("pleasure to meet", "not met", "taking the time"), ("short update", "for your guidance")),
        ("reminder, never met", (*MEETING_CLAIMS, *REPROACHES), ("I wrote to you on January 5", INTRODUCTION)),
        ("reminder, met in the poster hall", REPROACHES, ("I wrote to you on January 5", "no need to reply")),
    ],
)
def test_each_draft_says_what_happened_and_claims_nothing_else(
    phone, rivera, before_the_meeting, name, must_not_claim, must_say
):
    email, note = situation(phone, rivera, name)
    for claim in must_not_claim:
        assert claim.lower() not in email.lower(), (name, claim, email)
        assert note is None or claim.lower() not in note.lower(), (name, claim, note)
    for words in must_say:
        assert words in email, (name, words, email)


def test_a_linkedin_note_to_someone_never_met_says_so(phone):
    contact = create(phone, "contacts", name="Alex Chen", role="resident")
    _, note = followup_draft(phone, contact["id"], action="linkedin")
    assert (
        note
        == "Hi Alex, we have not met yet, and I would like to introduce myself. I would be glad to stay in touch. Sam Patel"
    )


def test_a_speaker_never_met_whose_session_has_passed_is_not_told_the_user_will_attend(phone, rivera, monkeypatch):
    monkeypatch.setattr("conference.followups.drafts.utcnow", lambda: datetime(2027, 6, 1, tzinfo=UTC))
    contact = create(phone, "contacts", name="Maria Rivera", speaker_id=rivera["speaker_id"])
    email, _ = followup_draft(phone, contact["id"])
    assert "attend" not in email and "we have not met yet" in email
    assert email.startswith("An introduction\n")


PROFILE = {
    "credentials": "MD",
    "linkedin_url": "https://www.linkedin.com/in/sampatel",
    "cv_url": "https://example.org/sam-patel-cv.pdf",
    "phone": "+1 614 555 0100",
}


@pytest.mark.parametrize("name", ["met at their session", "never met, email", "target speaker", "mentor update"])
@pytest.mark.parametrize(
    ("shown", "lines"),
    [
        (None, ["sam.patel@example.org"]),  # the default: email only
        (["cv_url", "linkedin_url"], [PROFILE["linkedin_url"], PROFILE["cv_url"]]),
        (["phone", "email"], ["sam.patel@example.org", PROFILE["phone"]]),
        ([], []),
    ],
)
def test_every_draft_ends_with_the_signature_the_user_chose(phone, rivera, before_the_meeting, name, shown, lines):
    settings = PROFILE if shown is None else {**PROFILE, "signature_fields": shown}
    me = phone.patch(ME, json=settings).get_json()
    assert set(me["signature_fields"]) == set(["email"] if shown is None else shown)
    email, _ = situation(phone, rivera, name)
    assert email.rstrip().endswith("\n".join(["With thanks,", "Sam Patel, MD", *lines]))
    unshared = {PROFILE[field] for field in ("linkedin_url", "cv_url", "phone")} - set(lines)
    if "sam.patel@example.org" not in lines:
        unshared.add("sam.patel@example.org")
    for value in unshared:
        assert value not in email, (name, value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("signature_fields", ["email", "pronouns"]),
        ("signature_fields", "email"),
        ("cv_url", "ftp://example.org/cv.pdf"),
        ("cv_url", "javascript:alert(1)"),
        ("introduction_short", "x" * 301),
    ],
)
def test_bad_signature_and_introduction_settings_are_422_naming_the_field(phone, field, value):
    response = phone.patch(ME, json={field: value})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert phone.get(ME).get_json()["signature_fields"] == ["email"]


def test_the_profile_keeps_a_cv_link_and_a_short_introduction(phone):
    short = "PGY-1, early psychosis, rural Ohio."
    me = phone.patch(ME, json={"cv_url": "", "introduction_short": f"  {short} "}).get_json()
    assert (me["cv_url"], me["introduction_short"], me["introduction"]) == (None, short, INTRODUCTION)
    me = phone.patch(ME, json={"cv_url": PROFILE["cv_url"]}).get_json()
    assert phone.get(ME).get_json()["cv_url"] == PROFILE["cv_url"]
