"""Calendar feed benchmark: a user with 2,000 follow-ups and 300 agenda sessions, on SQLite.

Measures building the whole feed (target: under 300 ms) and answering a conditional GET
with 304 through the app (target: under 10 ms), each the median of several runs; loading
(follow-up rows, drafts, agenda) on its own; and, as a floor, the build's own SQL statements
replayed on the bare sqlite3 connection, so "x floor" says how much a build adds to its reads.

    python benchmarks/calendar_bench.py [--followups 2000] [--sessions 300] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(work, runs: int) -> tuple[float, float]:
    """The median wall time and the median CPU time of this process running `work()`, in milliseconds.

    On a busy shared machine the wall time mostly measures the other jobs; the CPU time is what
    an idle machine's wall time would be (SQLite runs in this process).
    """
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def seed(followups: int, sessions: int):
    """A conference with `sessions` sessions by one targeted speaker, and a user with `followups` open follow-ups."""
    from conference.accounts.models import User
    from conference.calendar.operations import create_feed
    from conference.extensions import db
    from conference.followups.models import FollowUp
    from conference.people.models import Contact, Encounter
    from conference.schedule.models import Conference, Session, SessionSpeaker, Speaker
    from conference.targets.models import Target

    conference = Conference(slug="bench", name="APA Annual Meeting 2027", timezone="America/New_York")
    speaker = Speaker(
        conference=conference,
        name="Maria Rivera",
        normalized_name="maria rivera",
        identity="maria rivera|yale",
        credentials="MD",
        affiliation="Yale",
    )
    db.session.add_all([conference, speaker])
    start = datetime(2027, 5, 15, 12, tzinfo=UTC)
    for n in range(sessions):
        begins = start + timedelta(days=n % 5, minutes=30 * (n // 5))
        session = Session(
            conference=conference,
            external_id=f"S{n}",
            title=f"Session {n}",
            room=f"Room {n % 40}",
            abstract="An update on care. " * 20,
            starts_at=begins,
            ends_at=begins + timedelta(hours=1),
        )
        session.appearances.append(SessionSpeaker(speaker=speaker))
        db.session.add(session)
    user = User(email="bench@example.org", name="Sam Patel", password_hash="-", timezone="America/Chicago")
    db.session.add(user)
    db.session.flush()
    db.session.add(
        Target(
            owner_id=user.id,
            kind="speaker",
            speaker_id=speaker.id,
            conference_id=conference.id,
            name=speaker.name,
            priority="must",
        )
    )
    contacts = [
        Contact(
            id=uuid.uuid4(),
            owner_id=user.id,
            name=f"Dr. Person {n}",
            role="faculty",
            email=f"p{n}@example.edu",
            notes="private",
        )
        for n in range(max(1, followups // 4))
    ]
    db.session.add_all(contacts)
    db.session.flush()
    meetings = [
        Encounter(
            id=uuid.uuid4(),
            owner_id=user.id,
            contact_id=c.id,
            occurred_at=start,
            place="poster hall",
            takeaway="bridge clinics work",
            conference_id=conference.id,
        )
        for c in contacts
    ]
    db.session.add_all(meetings)
    db.session.flush()
    db.session.add_all(
        FollowUp(
            id=uuid.uuid4(),
            owner_id=user.id,
            contact_id=meetings[n % len(meetings)].contact_id,
            encounter_id=meetings[n % len(meetings)].id,
            action=("email", "thank_you", "mentor_update")[n % 3],
            title="",
            due_at=start + timedelta(hours=n),
            committed_at=start,
            repeat_every_months=3 if n % 3 == 2 else None,
        )
        for n in range(followups)
    )
    feed, token = create_feed(user, {})
    db.session.commit()
    return user, feed, token


def main() -> None:
    """Seed a database, then time a full build, its parts, and a 304."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["RATELIMIT_ENABLED"] = "false"
        from flask_migrate import upgrade

        from conference import create_app
        from conference.calendar import operations
        from conference.extensions import db
        from conference.followups.drafts import followup_drafts
        from conference.followups.models import FollowUp

        app = create_app()
        with app.app_context():
            upgrade()
            user, feed, token = seed(args.followups, args.sessions)
            moment = operations.as_of(datetime.now(UTC))
            domain = app.config["CALENDAR_UID_DOMAIN"]
            body = operations.build_feed(feed, user, moment, domain)
            db.session.commit()

            def build():
                db.session.expire_all()  # as a fresh request: nothing cached in the session
                operations.build_feed(feed, user, moment, domain)

            def build_after_a_change():
                followup = db.session.scalars(select(FollowUp).where(FollowUp.owner_id == user.id).limit(1)).one()
                followup.due_at += timedelta(minutes=1)
                followup.touch()
                db.session.flush()
                build()

            def load():
                db.session.expire_all()
                followups = operations.feed_followups(user, moment)
                followup_drafts(user, [f for f in followups if f.status == "open"], now=moment)
                operations.feed_letters(user, moment)
                operations.agendas(user)

            statements = []
            with capture_statements(db.engine, statements):
                build()
            connection = db.session.connection().connection.dbapi_connection

            def reads_alone():
                for statement, parameters in statements:
                    connection.execute(statement, parameters).fetchall()

            build_ms = median_ms(build, args.runs)
            changed_ms = median_ms(build_after_a_change, args.runs)
            load_ms = median_ms(load, args.runs)
            reads_ms = median_ms(reads_alone, args.runs)
            db.session.rollback()

        client = app.test_client()
        path = f"/calendar/{token}.ics"
        etag = client.get(path).headers["ETag"]
        conditional_ms = median_ms(lambda: client.get(path, headers={"If-None-Match": etag}), args.runs * 5)
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
        floor_ms = median_ms(lambda: client.get("/calendar/malformed.ics"), args.runs * 5)

    print(
        f"feed: {args.followups} follow-ups, {args.sessions} agenda sessions, {len(body) / 1e6:.1f} MB, "
        f"{len(statements)} SQL statements"
    )
    print(f"{'run':<44}{'wall ms':>9}{'CPU ms':>9}{'target':>8}{'CPU/target':>11}{'x floor':>9}")
    reads, no_query = reads_ms[1], floor_ms[1]
    rows = [
        ("floor: the build's SQL reads alone (sqlite3)", reads_ms, None, None),
        ("whole feed", build_ms, 300, reads),
        ("  of which loading: rows, drafts, agenda", load_ms, None, reads),
        ("whole feed after one follow-up changed", changed_ms, 300, reads),
        ("floor: a 404 through the app, no query", floor_ms, None, None),
        ("304 through the app (If-None-Match)", conditional_ms, 10, no_query),
    ]
    for label, (wall, cpu), target, floor in rows:
        ratio = f"{cpu / target:>11.2f}" if target else " " * 11
        times = f"{cpu / floor:>9.1f}" if floor else ""
        print(f"{label:<44}{wall:>9.1f}{cpu:>9.1f}{target or '':>8}{ratio}{times}")


@contextmanager
def capture_statements(engine, statements: list):
    """Record the SQL (with its parameters) that the engine sends while the block runs."""

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", record)


if __name__ == "__main__":
    main()
