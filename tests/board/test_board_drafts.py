"""Drafts for the board: an introduction names who made it, the introducer is thanked, updates list milestones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.followups.test_honest_drafts import MEETING_CLAIMS
from tests.support.api import ME, create


@pytest.fixture
def phone(auth):
    """Sam Patel's logged-in client."""
    client, _ = auth.register(name="Sam Patel")
    return client


def followups_to(client, contact: dict) -> list[dict]:
    """The open follow-ups promised to one contact."""
    return client.get(f"{ME}/followups?contact={contact['id']}&status=open").get_json()["items"]


def email(client, followup: dict) -> str:
    """A follow-up's draft as subject and body."""
    draft = client.get(f"{ME}/followups/{followup['id']}/draft").get_json()
    return draft["subject"] + "\n" + draft["body"]


def test_an_introduction_proposes_a_prompt_note_naming_the_introducer_and_thanks_to_them(phone):
    nair = create(phone, "contacts", name="Priya Nair", role="faculty")
    lee = create(phone, "contacts", name="Ana Lee", role="resident", introduced_by_id=nair["id"])
    [note] = followups_to(phone, lee)
    [thanks] = followups_to(phone, nair)
    assert (note["action"], note["title"]) == ("email", "Write to Ana Lee, introduced by Priya Nair")
    assert (thanks["action"], thanks["title"]) == ("thank_you", "Thank Priya Nair for introducing Ana Lee")
    assert note["due_at"] == thanks["due_at"]  # within the user's follow-up window, as after a meeting
    to_lee, to_nair = email(phone, note), email(phone, thanks)
    assert to_lee.startswith("Dr. Nair suggested I reach out\n")
    assert "we have not met yet. Dr. Nair suggested I reach out to you." in to_lee
    assert to_nair.startswith("Thank you for introducing me to Ana Lee\n")
    assert "Dear Dr. Nair," in to_nair
    for claim in MEETING_CLAIMS:
        assert claim.lower() not in to_lee.lower(), claim
        assert claim.lower() not in to_nair.lower(), claim


def test_an_introduction_saved_again_proposes_nothing_more_and_a_plain_thank_you_does_not_mention_it(phone):
    nair = create(phone, "contacts", name="Dr. Priya Nair")
    lee = create(phone, "contacts", name="Ana Lee", introduced_by_id=nair["id"])
    assert phone.patch(f"{ME}/contacts/{lee['id']}", json={"introduced_by_id": None}).status_code == 200
    assert phone.patch(f"{ME}/contacts/{lee['id']}", json={"introduced_by_id": nair["id"]}).status_code == 200
    assert len(followups_to(phone, lee)) == len(followups_to(phone, nair)) == 1
    plain = create(phone, "followups", contact_id=nair["id"], action="thank_you")
    assert "introducing" not in email(phone, plain)


def test_an_introduced_contact_met_since_gets_the_usual_draft(phone):
    nair = create(phone, "contacts", name="Dr. Priya Nair")
    lee = create(phone, "contacts", name="Ana Lee", introduced_by_id=nair["id"])
    create(phone, "encounters", contact_id=lee["id"], place="poster hall")
    [note] = followups_to(phone, lee)
    text = email(phone, note)
    assert "pleasure to meet you at the poster hall" in text and "suggested I reach out" not in text


@pytest.fixture
def drafting_on(monkeypatch):
    """Draft as of a moment."""

    def set_now(text: str) -> None:
        monkeypatch.setattr(
            "conference.followups.drafts.utcnow", lambda: datetime.fromisoformat(text).replace(tzinfo=UTC)
        )

    return set_now


def test_a_mentor_update_lists_the_milestones_since_the_last_update_sent_to_that_mentor(phone, drafting_on):
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    other = create(phone, "contacts", name="Dr. Omar Haddad", advisor_roles=["research_mentor"])
    create(phone, "milestones", kind="exam", title="Step 2 CK passed", date="2027-01-20")
    create(phone, "milestones", kind="poster", title="Early psychosis in rural Ohio", date="2027-03-05")
    create(phone, "milestones", title="Started a consult-liaison elective", date="2027-04-02")
    create(
        phone,
        "followups",
        contact_id=mentor["id"],
        action="mentor_update",
        status="done",
        done_at="2027-02-15T15:00:00Z",
    )
    drafting_on("2027-04-10T12:00:00")
    to_mentor = email(phone, create(phone, "followups", contact_id=mentor["id"], action="mentor_update"))
    assert "since my last update on February 15" in to_mentor
    assert "- Poster: Early psychosis in rural Ohio\n- Started a consult-liaison elective\n" in to_mentor
    assert "Step 2 CK" not in to_mentor
    # Never sent an update: the recent ones (the last three months) are listed, older ones not.
    drafting_on("2027-04-15T12:00:00")
    to_other = email(phone, create(phone, "followups", contact_id=other["id"], action="mentor_update"))
    assert "- Exam: Step 2 CK passed\n- Poster: Early psychosis in rural Ohio\n" in to_other
    drafting_on("2027-05-01T12:00:00")
    to_other = email(phone, create(phone, "followups", contact_id=other["id"], action="mentor_update"))
    assert "Step 2 CK" not in to_other and "Early psychosis" in to_other
    assert "quieter stretch" not in to_other


def test_another_users_milestones_are_never_in_my_update(auth, phone, drafting_on):
    stranger, _ = auth.register()
    create(stranger, "milestones", kind="poster", title="Their poster", date="2027-03-05")
    mentor = create(phone, "contacts", name="Dr. Priya Nair", advisor_roles=["clinical_mentor"])
    drafting_on("2027-04-10T12:00:00")
    text = email(phone, create(phone, "followups", contact_id=mentor["id"], action="mentor_update"))
    assert "Their poster" not in text and "quieter stretch" in text
