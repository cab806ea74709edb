"""The database the read benchmarks run on: the generated program and users with targets and networking records.

Everything goes through the application's own code: the import, the models, the change numbering.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, make_url, select, text
from werkzeug.security import generate_password_hash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conference import create_app  # noqa: E402
from conference.accounts.models import User  # noqa: E402
from conference.extensions import db  # noqa: E402
from conference.followups.models import FollowUp  # noqa: E402
from conference.people.models import Contact, Encounter  # noqa: E402
from conference.schedule.models import Conference, Session, SessionSpeaker, Speaker  # noqa: E402
from conference.schedule.operations import import_schedule  # noqa: E402
from conference.targets.models import Target  # noqa: E402

SLUG = "apa-2027"
PASSWORD = "benchmark password"
#: The meeting's first day in UTC noon: networking records are spread over the five days from here.
FIRST_DAY = datetime(2027, 5, 15, 13, tzinfo=UTC)


def app_for(url: str):
    """The application on a benchmark database, rate limits off (one client address makes every request)."""
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})


def reset_database(url: str) -> None:
    """Start from an empty database built by the migrations (PostgreSQL: created when missing, its schema dropped)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
    else:
        import psycopg

        admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{parsed.database}"')
    from flask_migrate import upgrade

    app = app_for(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()


def import_program(url: str, data: bytes) -> tuple[float, str]:
    """Import a program file as the CLI does; returns seconds and the summary line."""
    app = app_for(url)
    with app.app_context():
        started = time.perf_counter()
        result = import_schedule(data, slug=SLUG, timezone="America/New_York", filename="program.csv")
        db.session.commit()
        seconds = time.perf_counter() - started
        db.engine.dispose()
    return seconds, result.summary()


def _ten_targets(user_id: int, n: int, programs: list[int], speakers: list[int], sessions: list[int]) -> list[Target]:
    """A large program, seven busy speakers and two sessions: the agenda the issue measures."""
    conference_id = db.session.scalar(select(Conference.id).where(Conference.slug == SLUG))
    targets = [
        Target(
            owner_id=user_id,
            kind="program",
            program_id=programs[n % len(programs)],
            conference_id=conference_id,
            name="Program",
        )
    ]
    for k in range(7):
        targets.append(
            Target(
                owner_id=user_id,
                kind="speaker",
                speaker_id=speakers[(n * 7 + k) % len(speakers)],
                conference_id=conference_id,
                name="Speaker",
            )
        )
    for k in range(2):
        targets.append(
            Target(
                owner_id=user_id,
                kind="session",
                session_id=sessions[(n * 2 + k) % len(sessions)],
                conference_id=conference_id,
                name="Session",
            )
        )
    return targets


def _networking(user_id: int, contacts: int, encounters: int, followups: int) -> list:
    """Contacts, encounters over the meeting's days, and follow-ups, as a phone would have logged them."""
    people = [Contact(id=uuid.uuid4(), owner_id=user_id, name=f"Contact {i}") for i in range(contacts)]
    step = timedelta(minutes=5 * 24 * 60 // max(encounters, 1))
    met = [
        Encounter(
            id=uuid.uuid4(),
            owner_id=user_id,
            contact_id=people[i % contacts].id,
            occurred_at=FIRST_DAY + step * i,
            kind="introduced" if i % 3 else "conversation",
        )
        for i in range(encounters)
    ]
    promised = [
        FollowUp(
            id=uuid.uuid4(),
            owner_id=user_id,
            contact_id=people[i % contacts].id,
            title="Send the paper",
            committed_at=FIRST_DAY + step * i,
            due_at=FIRST_DAY + step * i + timedelta(hours=72),
        )
        for i in range(followups)
    ]
    return people + met + promised


def add_users(url: str, count: int, *, contacts: int, encounters: int, followups: int) -> list[str]:
    """Register `count` users with ten targets each and networking records; returns their emails."""
    app = app_for(url)
    emails = [f"user{n}@bench.invalid" for n in range(count)]
    with app.app_context():
        # Logging in is not what is measured (phones keep their session cookie), so a cheap hash will do.
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        conference = select(Conference.id).where(Conference.slug == SLUG).scalar_subquery()
        programs = db.session.scalars(
            select(Speaker.program_id)
            .where(Speaker.conference_id == conference, Speaker.program_id.is_not(None))
            .group_by(Speaker.program_id)
            .order_by(func.count().desc())
            .limit(20)
        ).all()
        speakers = db.session.scalars(
            select(SessionSpeaker.speaker_id)
            .group_by(SessionSpeaker.speaker_id)
            .order_by(func.count().desc(), SessionSpeaker.speaker_id)
            .limit(500)
        ).all()
        sessions = db.session.scalars(
            select(Session.id).where(Session.conference_id == conference).order_by(Session.id)
        ).all()
        for start in range(0, count, 100):
            users = [
                User(email=email, name=f"User {n}", password_hash=password_hash, timezone="America/New_York")
                for n, email in enumerate(emails[start : start + 100], start=start)
            ]
            db.session.add_all(users)
            db.session.flush()
            for n, user in enumerate(users, start=start):
                db.session.add_all(_ten_targets(user.id, n, programs, speakers, sessions))
                db.session.add_all(_networking(user.id, contacts, encounters, followups))
            db.session.commit()
        db.engine.dispose()
    return emails


def database_url(variable: str, default_name: str) -> str:
    """A PostgreSQL URL from the environment, else a local database of this name (never a shared one)."""
    return os.environ.get(variable) or f"postgresql+psycopg://postgres@127.0.0.1:5432/{default_name}"
