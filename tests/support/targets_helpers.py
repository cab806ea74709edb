"""Building a conference's program with the models, and marking targets, for the target and agenda tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from conference.extensions import db
from conference.schedule.models import Conference, Program, Session, SessionSpeaker, Speaker
from conference.schedule.naming import normalize_institution, normalize_person

TARGETS = "/api/v1/me/targets"


class ProgramBook:
    """Builds a conference's program directly with the models, for tests (times in the conference's zone)."""

    def __init__(self, slug="apa-2027", tz="America/New_York", starts_on=date(2099, 5, 15), ends_on=date(2099, 5, 19)):
        self.conference = Conference(slug=slug, name=slug.upper(), timezone=tz, starts_on=starts_on, ends_on=ends_on)
        db.session.add(self.conference)
        db.session.flush()

    def program(self, name: str) -> Program:
        """The institution with this name, created when new."""
        key = normalize_institution(name)
        program = db.session.scalars(select(Program).where(Program.normalized_name == key)).one_or_none()
        if program is None:
            program = Program(name=name, normalized_name=key)
            db.session.add(program)
            db.session.flush()
        return program

    def speaker(self, name: str, affiliation: str = "") -> Speaker:
        """A speaker of this conference, affiliated with the program of that name."""
        speaker = Speaker(
            conference_id=self.conference.id,
            name=name,
            normalized_name=normalize_person(name),
            identity=f"{normalize_person(name)}|{normalize_institution(affiliation)}",
            affiliation=affiliation,
            program_id=self.program(affiliation).id if affiliation else None,
        )
        db.session.add(speaker)
        db.session.flush()
        return speaker

    def session(self, title: str, start: str, minutes: int = 60, speakers=(), status="scheduled", utc=False) -> Session:
        """A session starting at `start` (YYYY-MM-DD HH:MM, local unless utc) with these speakers."""
        starts_at = datetime.fromisoformat(start).replace(tzinfo=UTC if utc else self.conference.tz)
        session = Session(
            conference_id=self.conference.id,
            external_id=title,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            status=status,
        )
        session.appearances = [SessionSpeaker(speaker=s, position=i) for i, s in enumerate(speakers)]
        db.session.add(session)
        db.session.flush()
        return session


def mark(client, expected=201, **body):
    """POST a target and return its JSON, checking the status."""
    response = client.post(TARGETS, json=body)
    assert response.status_code == expected, response.get_json()
    return response.get_json()
