"""A conference to meet people at, for the networking tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from conference.extensions import db
from conference.schedule.models import Conference, Session, SessionSpeaker, Speaker


def rivera_at_apa() -> tuple[Conference, Speaker, Session]:
    """APA 2027 in New York and Dr. Rivera's talk there, added to the database session but not committed."""
    conference = Conference(
        slug="apa-2027",
        name="APA Annual Meeting 2027",
        timezone="America/New_York",
        starts_on=date(2027, 5, 15),
        ends_on=date(2027, 5, 19),
    )
    rivera = Speaker(
        conference=conference,
        name="Maria Rivera",
        normalized_name="maria rivera",
        identity="maria rivera|yale",
        credentials="MD, PhD",
        affiliation="Yale",
    )
    talk = Session(
        conference=conference,
        external_id="s1",
        title="Coordinated specialty care in rural clinics",
        starts_at=datetime(2027, 5, 16, 14, tzinfo=UTC),
        ends_at=datetime(2027, 5, 16, 15, tzinfo=UTC),
    )
    talk.appearances.append(SessionSpeaker(speaker=rivera))
    db.session.add_all([conference, rivera, talk])
    return conference, rivera, talk
