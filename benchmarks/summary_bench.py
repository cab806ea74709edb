"""Summary benchmark: render and queue 2,000 attendees' summaries, then deliver them to a local SMTP sink.

The database is SQLite in a temporary folder; the sink is aiosmtpd on 127.0.0.1 counting what
it accepts. The floor is the same messages sent with smtplib over one connection, with no
database and no rendering: what the network path alone costs.

    python benchmarks/summary_bench.py [--users 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import smtplib
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

ROLES = ("faculty", "resident", "fellow", "student", "peer")
TIES = ("core", "supportive", "expanded", "expanded")
ACTIONS = ("email", "linkedin", "send_article", "thank_you")


def populate(conference, users: int) -> None:
    """Each user: 6 people met over 8 encounters at the conference, 3 follow-ups, 2 targets; one flush per 100 users."""
    from conference.accounts.models import User
    from conference.extensions import db
    from conference.followups.models import FollowUp
    from conference.people.models import Contact, Encounter
    from conference.targets.models import Target

    rng = random.Random(7)
    start = datetime(2026, 5, 16, 13, tzinfo=UTC)
    for number in range(users):
        user = User(
            email=f"attendee{number}@example.org",
            name=f"Attendee {number}",
            password_hash="-",
            timezone="America/New_York",
        )
        db.session.add(user)
        db.session.flush()
        contacts = [
            Contact(
                id=uuid.uuid4(),
                owner_id=user.id,
                name=f"Person {number}-{n}",
                role=rng.choice(ROLES),
                tie_strength=rng.choice(TIES),
                institution=f"Program {rng.randrange(60)}",
                notes="private",
            )
            for n in range(6)
        ]
        encounters = [
            Encounter(
                id=uuid.uuid4(),
                owner_id=user.id,
                contact_id=contacts[n % 6].id,
                conference_id=conference.id,
                occurred_at=start + timedelta(hours=rng.randrange(110)),
                kind="introduced" if n < 6 else "conversation",
                takeaway=f"Something worth remembering {n}",
                notes="private",
            )
            for n in range(8)
        ]
        followups = [
            FollowUp(
                id=uuid.uuid4(),
                owner_id=user.id,
                contact_id=encounters[n].contact_id,
                encounter_id=encounters[n].id,
                action=rng.choice(ACTIONS),
                title=f"Follow up {n}",
                committed_at=encounters[n].occurred_at,
                due_at=encounters[n].occurred_at + timedelta(hours=72),
                status="done" if n == 0 else "open",
            )
            for n in range(3)
        ]
        targets = [
            Target(id=uuid.uuid4(), owner_id=user.id, kind="person", name=f"Target {n}", conference_id=conference.id)
            for n in range(2)
        ]
        db.session.add_all([*contacts, *encounters, *followups, *targets])
        if number % 100 == 99:
            db.session.flush()
    db.session.commit()


def floor(messages, port: int) -> float:
    """Seconds to send already-built messages with smtplib over one connection: the least delivery can cost."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for email in messages:
            smtp.send_message(email, from_addr="summaries@bench.test", to_addrs=[email["To"].addresses[0].addr_spec])
    return time.perf_counter() - started


def main() -> None:
    """Build the data, then time queuing, delivery, and the smtplib floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=2000)
    args = parser.parse_args()

    from smtp_sink import Sink, SmtpServer

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        from flask_migrate import upgrade
        from sqlalchemy import select

        from conference import create_app
        from conference.extensions import db
        from conference.outbox.models import OutboxMessage
        from conference.outbox.sender import build_email, deliver_due
        from conference.schedule.models import Conference
        from conference.summary.operations import queue_each

        server = SmtpServer(sink=Sink(keep=False)).start()
        app = create_app({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_FROM": "summaries@bench.test"})
        try:
            with app.app_context():
                upgrade()
                conference = Conference(
                    slug="bench-2026",
                    name="Bench Meeting 2026",
                    timezone="America/New_York",
                    starts_on=date(2026, 5, 16),
                    ends_on=date(2026, 5, 20),
                )
                db.session.add(conference)
                db.session.flush()
                populate(conference, args.users)

                started = time.perf_counter()
                queued = 0
                for outcome in queue_each(conference):  # committed one by one, as `flask summaries send` does
                    queued += outcome == "queued"
                    db.session.commit()
                render_seconds = time.perf_counter() - started

                started = time.perf_counter()
                report = deliver_due()
                deliver_seconds = time.perf_counter() - started
                assert report.sent == args.users == server.sink.count, (report, server.sink.count)

                emails = [
                    build_email(message, "summaries@bench.test")
                    for message in db.session.scalars(select(OutboxMessage))
                ]
                floor_seconds = floor(emails, server.port)
                size_kb = sum(len(email.as_bytes()) for email in emails) / len(emails) / 1024
        finally:
            server.stop()

    total = render_seconds + deliver_seconds
    print(f"{args.users} attendees, {queued} summaries queued, {report.sent} delivered, {size_kb:.0f} KB each")
    print(f"{'step':<34}{'wall s':>8}{'msg/s':>9}")
    print(f"{'floor: smtplib alone, one conn':<34}{floor_seconds:>8.2f}{args.users / floor_seconds:>9.0f}")
    print(f"{'render and queue':<34}{render_seconds:>8.2f}{args.users / render_seconds:>9.0f}")
    print(f"{'deliver from the outbox':<34}{deliver_seconds:>8.2f}{args.users / deliver_seconds:>9.0f}")
    print(f"{'render, queue and deliver':<34}{total:>8.2f}{args.users / total:>9.0f}")


if __name__ == "__main__":
    main()
