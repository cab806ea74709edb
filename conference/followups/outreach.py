"""Messages sent and their replies: the one reminder after a week, threads let rest, and the reply rates.

Never a flood (the guidance: follow up once after about a week, then let it rest): a message with no
reply NUDGE_AFTER after it went out is offered one reminder; once that is sent or let go and another
QUIET_AFTER passes with no reply, the thread is marked no_reply and nothing more is offered.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_smorest import abort
from sqlalchemy import case, func, or_, select

from ..extensions import db
from ..messages.drafts import Draft, render, sentence
from ..messages.names import greeting
from ..people.models import WARMTHS, Contact, Encounter
from ..people.queries import met_at
from ..schedule.models import Speaker
from ..schedule.queries import conference_or_404
from ..sync import owned
from ..sync.models import write_many
from ..sync.operations import retrying
from .drafts import FORMAL_ROLES, day_text
from .models import REPLIES, FollowUp
from .warmth import SHOWN_WARMTH

#: A message unanswered this long after it went out is offered one reminder.
NUDGE_AFTER = timedelta(days=7)
#: After the reminder (sent or let go), this long without a reply marks the thread no_reply.
QUIET_AFTER = timedelta(days=7)
#: Writing again to someone written to this recently asks first.
RECENT = timedelta(days=7)
#: The guidance's good reply rate for cold and warm contacts ("many will not answer; that is normal").
GOOD_RATE = {"low": 0.2, "high": 0.3, "warmths": ["cold", "warm"]}


def nudge_offered(followup: FollowUp, now: datetime) -> bool:
    """Whether one reminder is offered now: sent a week ago or more, no reply yet, no reminder sent or let go."""
    return (
        followup.reply == "awaiting"
        and followup.nudge is None
        and followup.sent_at is not None
        and followup.sent_at + NUDGE_AFTER <= now
    )


def nudge_draft(user, followup: FollowUp, now: datetime) -> Draft:
    """The one reminder: says when the user wrote, claims no meeting that did not happen, and lets go.

    :raise 422: when no reminder is offered (nothing sent, a reply came, too soon, or one was sent or let go).
    """
    if not nudge_offered(followup, now):
        abort(
            422,
            message="No reminder is offered for this follow-up.",
            errors={"nudge": ["Offered once, a week after sending with no reply."]},
        )
    contact = followup.contact
    met = db.session.scalar(select(owned(Encounter, user).where(Encounter.contact_id == contact.id).exists()))
    return render(
        "nudge.txt",
        contact.email,
        greeting=greeting(contact.name, formal=contact.role in FORMAL_ROLES),
        sent_on=day_text(user, followup.sent_at),
        met=met,
        user_name=user.name,
        introduction=sentence(user.introduction_short or user.introduction),
        signature=user.signature,
    )


def recently_contacted_at(user, contacts, now: datetime) -> datetime | None:
    """The last time within RECENT the user wrote to one of these contacts (a message or its reminder), else None."""
    last = func.max(case((FollowUp.nudge == "sent", FollowUp.nudged_at), else_=FollowUp.sent_at))
    query = owned(FollowUp, user).with_only_columns(last).where(contacts, FollowUp.sent_at.is_not(None))
    moment = db.session.scalar(query)
    return moment if moment is not None and moment > now - RECENT else None


def let_rest(user, now: datetime) -> int:
    """Mark no_reply the threads still awaiting QUIET_AFTER after their reminder, each with a new version.

    One read and one write whatever their number; returns how many.
    """

    def attempt() -> int:
        """Mark the threads as stored now."""
        quiet = db.session.scalars(
            owned(FollowUp, user).where(FollowUp.reply == "awaiting", FollowUp.nudged_at <= now - QUIET_AFTER)
        ).all()
        write_many(db.session, FollowUp, [(followup, {"reply": "no_reply"}) for followup in quiet])
        return len(quiet)

    return retrying(attempt)


def _at_conference(user, slug: str):
    """Follow-ups about a conference: after a meeting there, or to one of its speakers."""
    conference = conference_or_404(slug)
    speakers = select(Speaker.id).where(Speaker.conference_id == conference.id)
    return or_(
        FollowUp.encounter_id.in_(met_at(user, slug, Encounter.id)),
        FollowUp.contact_id.in_(
            owned(Contact, user).with_only_columns(Contact.id).where(Contact.speaker_id.in_(speakers))
        ),
    )


def outreach_summary(user, conference: str | None, now: datetime) -> dict:
    """Messages sent, replied to, not replied to and awaiting, by the contact's warmth, with the reply rates.

    The rate is replied / sent, awaiting ones included: it only rises as replies come, so a quiet week
    reads as what it is, not as a failure. Threads past their reminder's quiet week are let rest first.
    """
    let_rest(user, now)
    query = (
        owned(FollowUp, user)
        .join(Contact, Contact.id == FollowUp.contact_id)
        .with_only_columns(SHOWN_WARMTH, FollowUp.reply, func.count())
        .where(FollowUp.sent_at.is_not(None))
        .group_by(SHOWN_WARMTH, FollowUp.reply)
    )
    if conference:
        query = query.where(_at_conference(user, conference))
    counts = {(warmth, reply): count for warmth, reply, count in db.session.execute(query)}
    rows = [_row(warmth, {reply: counts.get((warmth, reply), 0) for reply in REPLIES}) for warmth in WARMTHS]
    total = {reply: sum(row[reply] for row in rows) for reply in REPLIES}
    return {"by_warmth": rows, "total": _row(None, total), "good_rate": GOOD_RATE}


def _row(warmth: str | None, counts: dict[str, int]) -> dict:
    """One line of the summary: the counts, how many were sent, and replied / sent (None when nothing was sent)."""
    sent = sum(counts.values())
    return {"warmth": warmth, "sent": sent, **counts, "reply_rate": counts["replied"] / sent if sent else None}
