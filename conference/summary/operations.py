"""Queuing summaries: one user's on request, or every attendee's once the conference is over."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, union

from ..accounts.models import User
from ..db.types import utcnow
from ..extensions import db
from ..followups.models import FollowUp
from ..outbox.models import OutboxMessage
from ..outbox.operations import queue
from ..people.models import Encounter
from ..schedule.models import Conference
from ..targets.models import Target
from ..timeutil import day_bounds
from .content import build_summary
from .message import render
from .optout import opt_out_url

KIND = "summary"


def queue_summary(user, conference: Conference) -> tuple[OutboxMessage, bool]:
    """Render the user's summary and put it in the outbox in the caller's transaction; returns (message, queued).

    A summary already sent (or being sent) is not queued again; one still waiting gets the new content.
    """
    url = opt_out_url(user)
    subject, text, html = render(build_summary(user, conference), url)
    headers = {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058: mail apps opt out with one POST
        "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation auto-replies
    }
    return queue(user, kind=KIND, conference=conference, subject=subject, text=text, html=html, headers=headers)


def has_ended(conference: Conference) -> bool:
    """Whether the conference's last day is over in its own zone."""
    if conference.ends_on is None:
        return False
    _, end = day_bounds(conference.ends_on, conference.tz)
    return utcnow() >= end


def attendees(conference: Conference) -> list[User]:
    """Users with any activity at the conference: an encounter there, a target for it, or a follow-up from it."""
    met_there = select(Encounter.owner_id).where(
        Encounter.conference_id == conference.id, Encounter.deleted_at.is_(None)
    )
    targeted = select(Target.owner_id).where(Target.conference_id == conference.id, Target.deleted_at.is_(None))
    promised = (
        select(FollowUp.owner_id)
        .join(Encounter, Encounter.id == FollowUp.encounter_id)
        .where(Encounter.conference_id == conference.id, FollowUp.deleted_at.is_(None))
    )
    active = union(met_there, targeted, promised).subquery()
    return db.session.scalars(select(User).where(User.id.in_(select(active.c[0]))).order_by(User.id)).all()


def queue_each(conference: Conference, *, dry_run: bool = False) -> Iterator[str]:
    """Queue a summary for each attendee with any activity, yielding "queued" or "skipped" per attendee.

    Skipped: opted out, or theirs was already sent. With dry_run nothing is written. Flushes; the
    caller may commit between attendees, so a long run never holds the database for long.
    """
    sent_before = set(
        db.session.scalars(
            select(OutboxMessage.owner_id).where(
                OutboxMessage.conference_id == conference.id,
                OutboxMessage.kind == KIND,
                OutboxMessage.status != "queued",
            )
        )
    )
    for user in attendees(conference):
        if user.summary_opt_out or user.id in sent_before:
            yield "skipped"
        elif dry_run:
            yield "queued"
        else:
            yield "queued" if queue_summary(user, conference)[1] else "skipped"
