"""Email drafts: greetings, where we met, the takeaway, one ask, mentor updates, outreach; never private notes."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conference.extensions import db
from conference.messages.names import greeting, split_name
from conference.schedule.models import Program, Session
from tests.support.api import ME, create
from tests.support.networking_helpers import rivera_at_apa

SECRET = "SECRET-NOTE-do-not-share"


@pytest.fixture
def apa(app):
    """APA 2027 with Dr. Rivera's session and a resident's poster session she did not speak at."""
    conference, rivera, talk = rivera_at_apa()
    posters = Session(
        conference=conference,
        external_id="s2",
        title="Resident posters: consultation-liaison",
        starts_at=datetime(2027, 5, 17, 14, tzinfo=UTC),
        ends_at=datetime(2027, 5, 17, 16, tzinfo=UTC),
    )
    db.session.add(posters)
    db.session.commit()
    return {"speaker_id": rivera.id, "talk_id": talk.id, "posters_id": posters.id}


@pytest.fixture
def phone(auth):
    """Sam Patel's logged-in client."""
    client, _ = auth.register(name="Sam Patel", email="sam.patel@example.org")
    return client


def draft_for(client, contact, action="email", **encounter):
    """Log an encounter and a follow-up with a contact, and draft the follow-up's email."""
    met = create(client, "encounters", contact_id=contact["id"], notes=SECRET, **encounter)
    followup = create(client, "followups", contact_id=contact["id"], encounter_id=met["id"], action=action)
    response = client.get(f"{ME}/followups/{followup['id']}/draft")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_draft_after_a_talk_greets_the_speaker_as_doctor_and_names_the_session(phone, apa):
    rivera = create(phone, "contacts", name="Maria Rivera", role="other", speaker_id=apa["speaker_id"], notes=SECRET)
    draft = draft_for(phone, rivera, session_id=apa["talk_id"], takeaway="measuring engagement in the first 90 days")
    assert draft["subject"] == 'Following up on your session, "Coordinated specialty care in rural clinics"'
    assert draft["body"].startswith("Dear Dr. Rivera,\n\n")
    assert "after your session" in draft["body"]
    assert "APA Annual Meeting 2027" in draft["body"]
    assert "measuring engagement in the first 90 days." in draft["body"]
    assert "15-minute call" in draft["body"]
    assert draft["body"].rstrip().endswith("Sam Patel\nsam.patel@example.org")


def test_a_draft_greets_a_resident_by_first_name_and_names_the_place(phone, apa):
    chen = create(phone, "contacts", name="Alex Chen", role="resident")
    draft = draft_for(phone, chen, place="The poster hall", conference="apa-2027")
    assert draft["body"].startswith("Dear Alex,\n\n")
    assert "at the poster hall during the APA Annual Meeting 2027" in draft["body"]
    assert draft["subject"] == "Following up from the APA Annual Meeting 2027"


def test_a_draft_names_a_session_the_contact_did_not_speak_at_as_where_we_met(phone, apa):
    chen = create(phone, "contacts", name="Alex Chen", role="resident")
    draft = draft_for(phone, chen, session_id=apa["posters_id"])
    assert 'at the session "Resident posters: consultation-liaison"' in draft["body"]
    assert draft["subject"] == 'Following up from "Resident posters: consultation-liaison"'


def test_faculty_and_program_directors_are_greeted_as_doctors(phone):
    director = create(phone, "contacts", name="Priya Nair", role="program_director")
    assert draft_for(phone, director)["body"].startswith("Dear Dr. Nair,")


@pytest.mark.parametrize(
    ("action", "ask"),
    [
        ("email", "15-minute call"),
        ("meeting", "20 minutes"),
        ("send_article", "[add the link]"),
        ("thank_you", "keep you posted"),
        ("linkedin", "stay in touch here"),
        ("other", "a question or two"),
    ],
)
def test_the_ask_fits_the_action(phone, action, ask):
    contact = create(phone, "contacts", name="Alex Chen", role="peer")
    assert ask in draft_for(phone, contact, action=action)["body"]


def test_drafts_never_contain_private_notes(phone, apa):
    rivera = create(phone, "contacts", name="Maria Rivera", role="faculty", notes=SECRET, email="m.rivera@example.edu")
    for action in ("email", "thank_you", "mentor_update"):
        draft = draft_for(phone, rivera, action=action, session_id=apa["talk_id"])
        assert SECRET not in str(draft)  # the mailto link included: quote() keeps letters and dashes


def test_the_mailto_link_carries_the_address_subject_and_body_percent_encoded(phone):
    contact = create(phone, "contacts", name="Alex Chen", email="alex.chen@example.org")
    draft = draft_for(phone, contact, takeaway="CL & addiction, 50/50?")
    link = urlsplit(draft["mailto"])
    assert (link.scheme, unquote(link.path)) == ("mailto", "alex.chen@example.org")
    assert " " not in draft["mailto"] and "\n" not in draft["mailto"]
    fields = parse_qs(link.query)
    assert fields["subject"] == [draft["subject"]]
    assert fields["body"] == [draft["body"].replace("\n", "\r\n")]


def test_a_mentor_update_lists_what_happened_since_the_last_one(phone, apa, monkeypatch):
    monkeypatch.setattr("conference.followups.drafts.utcnow", lambda: datetime(2027, 5, 20, tzinfo=UTC))
    mentor = create(phone, "contacts", name="Dr. Priya Nair", role="faculty")
    last = create(phone, "followups", contact_id=mentor["id"], action="mentor_update", repeat_every_months=None)
    phone.patch(f"{ME}/followups/{last['id']}", json={"status": "done", "done_at": "2027-05-01T12:00:00Z"})
    old = create(phone, "contacts", name="Before Lastupdate")
    create(phone, "encounters", contact_id=old["id"], occurred_at="2027-04-20T12:00:00Z")
    rivera = create(phone, "contacts", name="Maria Rivera", institution="Yale", notes=SECRET)
    met = create(
        phone, "encounters", contact_id=rivera["id"], session_id=apa["talk_id"], occurred_at="2027-05-16T15:00:00Z"
    )
    sent = create(phone, "followups", contact_id=rivera["id"], encounter_id=met["id"])
    phone.patch(f"{ME}/followups/{sent['id']}", json={"status": "done", "done_at": "2027-05-18T12:00:00Z"})
    update = create(phone, "followups", contact_id=mentor["id"], action="mentor_update")
    draft = phone.get(f"{ME}/followups/{update['id']}/draft").get_json()
    assert draft["body"].startswith("Dear Dr. Nair,")
    assert "since my last update on May 1" in draft["body"]
    assert "- Maria Rivera, Yale" in draft["body"]
    assert '- "Coordinated specialty care in rural clinics"' in draft["body"]
    assert "- Maria Rivera: a follow-up email" in draft["body"]
    assert "Before Lastupdate" not in draft["body"] and SECRET not in draft["body"]
    assert draft["subject"] == "An update after the APA Annual Meeting 2027"


def test_a_first_mentor_update_covers_the_last_three_months(phone, monkeypatch):
    monkeypatch.setattr("conference.followups.drafts.utcnow", lambda: datetime(2027, 5, 20, 12, tzinfo=UTC))
    mentor = create(phone, "contacts", name="Priya Nair", role="faculty")
    update = create(phone, "followups", contact_id=mentor["id"], action="mentor_update")
    draft = phone.get(f"{ME}/followups/{update['id']}/draft").get_json()
    assert "Here is a short update on what has happened since February 20." in draft["body"]
    assert "quieter stretch" in draft["body"]


def test_an_outreach_draft_asks_a_target_speaker_for_ten_to_fifteen_minutes(phone, apa):
    target = phone.post(
        f"{ME}/targets",
        json={
            "kind": "speaker",
            "speaker_id": apa["speaker_id"],
            "why": "Your rural CSC work is what I hope to do",
            "note": SECRET,
        },
    ).get_json()
    draft = phone.get(f"{ME}/targets/{target['id']}/outreach-draft").get_json()
    assert draft["body"].startswith("Dear Dr. Rivera,\n\n")
    assert 'your session "Coordinated specialty care in rural clinics" on Sunday, May 16' in draft["body"]
    assert "10 to 15 minutes" in draft["body"]
    assert "Your rural CSC work is what I hope to do." in draft["body"]
    assert SECRET not in str(draft)
    assert draft["mailto"].startswith("mailto:?subject=")


def test_an_outreach_draft_for_a_program_target_is_422(phone):
    program = Program(name="Yale", normalized_name="yale")
    db.session.add(program)
    db.session.commit()
    target = phone.post(f"{ME}/targets", json={"kind": "program", "program_id": program.id}).get_json()
    assert phone.get(f"{ME}/targets/{target['id']}/outreach-draft").status_code == 422


@pytest.mark.parametrize(
    ("name", "first", "last", "doctor"),
    [
        ("Maria Rivera", "Maria", "Rivera", False),
        ("Dr. Maria Rivera", "Maria", "Rivera", True),
        ("Maria Rivera, MD", "Maria", "Rivera", True),
        ("Maria Rivera M.D.", "Maria", "Rivera", True),
        ("Juan de la Cruz, PhD", "Juan", "de la Cruz", True),
        ("Martin Luther King Jr.", "Martin", "King", False),
        ("Cher", "Cher", "Cher", False),
    ],
)
def test_names_split_for_greetings(name, first, last, doctor):
    parts = split_name(name)
    assert (parts.first, parts.last, parts.doctor) == (first, last, doctor)


def test_speaker_credentials_make_a_doctor_whatever_the_role():
    assert greeting("Sam Lee", credentials="DO") == "Dear Dr. Lee,"
    assert greeting("Sam Lee", credentials="MSW, LCSW") == "Dear Sam,"


def linkedin_note_for(client, contact, **encounter):
    """Log an encounter and a LinkedIn follow-up with a contact, and draft the connection note."""
    met = create(client, "encounters", contact_id=contact["id"], notes=SECRET, **encounter)
    followup = create(client, "followups", contact_id=contact["id"], encounter_id=met["id"], action="linkedin")
    response = client.get(f"{ME}/followups/{followup['id']}/linkedin-note")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_linkedin_note_names_where_we_met_and_the_takeaway(phone, apa):
    chen = create(
        phone, "contacts", name="Alex Chen", role="resident", linkedin_url="https://www.linkedin.com/in/alexchen"
    )
    note = linkedin_note_for(
        phone, chen, place="The poster hall", conference="apa-2027", takeaway="rural telepsychiatry works"
    )
    assert note["note"] == (
        "Hi Alex, it was a pleasure to meet you at the poster hall during the APA Annual Meeting 2027. "
        "What stayed with me: rural telepsychiatry works. I would be glad to stay in touch. Sam Patel"
    )
    assert note["linkedin_url"] == "https://www.linkedin.com/in/alexchen"


def test_a_linkedin_note_after_their_talk_greets_the_speaker_as_doctor(phone, apa):
    rivera = create(phone, "contacts", name="Maria Rivera", speaker_id=apa["speaker_id"], notes=SECRET)
    note = linkedin_note_for(phone, rivera, session_id=apa["talk_id"])["note"]
    assert note.startswith(
        'Hi Dr. Rivera, it was a pleasure to meet you after your session "Coordinated specialty care'
    )
    assert "APA Annual Meeting 2027" in note
    assert SECRET not in note


@pytest.mark.parametrize("length", [150, 290, 400])
def test_a_linkedin_note_drops_detail_to_fit_300_characters_but_keeps_where_we_met(phone, apa, length):
    chen = create(phone, "contacts", name="Alex Chen", role="resident")
    takeaway = ("wants residents for her outcomes study " * 8)[:length].strip()
    note = linkedin_note_for(phone, chen, session_id=apa["posters_id"], place="poster hall", takeaway=takeaway[:300])[
        "note"
    ]
    assert len(note) <= 300
    assert "APA Annual Meeting 2027" in note
    assert note.endswith("Sam Patel")
