"""Session cards: built from plain rows, they must be what SessionSchema makes of the same sessions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from conference.extensions import db
from conference.schedule.cards import session_cards
from conference.schedule.models import Program, Session, SessionSpeaker, Speaker
from conference.schedule.queries import session_loading
from conference.schedule.schemas import SessionSchema
from tests.support.schedule_helpers import conference


def _speaker(row, name, **fields) -> Speaker:
    """A speaker at the conference, flushed."""
    speaker = Speaker(conference=row, name=name, normalized_name=name.lower(), identity=name.lower(), **fields)
    db.session.add(speaker)
    return speaker


def _sessions(row) -> list[Session]:
    """Sessions with every shape a program gives: speakers in order, talks with and without times, cancelled."""
    program = Program(name="Johns Hopkins", normalized_name="johns hopkins")
    ada = _speaker(row, "Ada Lovelace, MD", credentials="MD, PhD", affiliation="Johns Hopkins", program=program)
    bo = _speaker(row, "Bo Müller")
    start = datetime(2027, 5, 16, 13, 30, tzinfo=UTC)
    talks = [
        {
            "title": "Opening",
            "code": "S1.1",
            "starts_at": "2027-05-16T13:30:00+00:00",
            "ends_at": "2027-05-16T13:45:00+00:00",
            "speakers": [{"name": "Bo Müller", "role": "presenter", "affiliation": ""}],
        },
        {"title": "Untimed", "code": "", "starts_at": None, "ends_at": None, "speakers": []},
    ]
    sessions = [
        Session(
            conference=row,
            external_id="s1",
            code="S1",
            title="Ketamine",
            abstract="Ä <b>b</b>",
            kind="Symposium",
            track="Mood",
            room="Room 1",
            starts_at=start,
            ends_at=start.replace(hour=15),
            talks=talks,
        ),
        Session(
            conference=row, external_id="s2", title="Cancelled one", starts_at=start, ends_at=start, status="cancelled"
        ),
    ]
    db.session.add_all(sessions)
    db.session.flush()
    db.session.add_all(
        [
            SessionSpeaker(session=sessions[0], speaker=bo, role="chair", position=0),
            SessionSpeaker(session=sessions[0], speaker=ada, role="presenter", position=1),
        ]
    )
    db.session.flush()
    return sessions


def test_cards_are_what_the_session_schema_dumps(app):
    row = conference(tz="America/Chicago")
    ids = [session.id for session in _sessions(row)]
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.scalars(select(Session).where(Session.id.in_(ids)).options(*session_loading())).unique()
    expected = {session.id: SessionSchema().dump(session) for session in loaded}
    cards = session_cards(row, ids)
    assert {session_id: card.dump for session_id, card in cards.items()} == expected
    assert expected[ids[0]]["talks"][0]["starts_at"] == "2027-05-16T08:30:00-05:00"
    assert [speaker["name"] for speaker in expected[ids[0]]["speakers"]] == ["Bo Müller", "Ada Lovelace, MD"]
    assert cards[ids[0]].speakers[1].program_id is not None


def test_cards_follow_the_conference_version(app):
    row = conference(tz="America/Chicago")
    session_id = _sessions(row)[0].id
    db.session.commit()
    assert session_cards(row, [session_id])[session_id].dump["starts_at"].endswith("-05:00")
    row.timezone = "Europe/Berlin"  # as an import that moves the conference does
    row.touch()
    db.session.commit()
    assert session_cards(row, [session_id])[session_id].dump["starts_at"] == "2027-05-16T15:30:00+02:00"
