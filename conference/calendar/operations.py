"""Calendar feeds: their secrets, what a feed holds for its owner, and when it last changed.

The feed is read without a login, by the owner the token names: everything here takes that
user (or the feed) as an argument, and reuses the agenda (its session cards) and the drafts the
app shows; entries.py makes calendar entries of them and rfc5545.py their text.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from flask_smorest import abort
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..agenda_items.models import Appointment
from ..collector import collector_paused
from ..db.types import utcnow
from ..extensions import db
from ..followups.cadence import add_due_updates
from ..followups.drafts import followup_drafts
from ..followups.models import FollowUp
from ..letters.models import Letter
from ..people.models import Contact, Encounter
from ..schedule.models import Conference, Session, Speaker
from ..sync import owned
from ..sync.models import ChangeCounter
from ..targets.agenda import Agenda, build_agenda
from ..targets.models import Target
from ..web.security import secret_digest
from .entries import (
    OPEN_LETTERS,
    FeedContact,
    FeedFollowUp,
    followup_entry,
    followup_task,
    letter_entry,
    own_item_entry,
    session_entry,
)
from .models import CalendarFeed
from .rfc5545 import calendar_bytes

#: 32 random bytes (256 bits), URL-safe base64 without padding: 43 characters.
TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
#: Done follow-ups leave the feed this long after they were done; cancelled ones stay this long
#: with STATUS:CANCELLED, so that clients that saw them remove them.
KEEP_FINISHED = timedelta(days=7)
#: The feed is computed as of the start of the current UTC day: what changes with time alone
#: (finished items leaving, what a mentor update's draft covers) then changes the feed, and its
#: ETag, once a day, so polling clients get 304s until something really changes.
AS_OF_STEP = timedelta(days=1)
#: Part of every ETag, so that a release that changes the feed's text invalidates old copies.
FEED_FORMAT = 6
#: Repeats whose local time a change of offset skips or doubles are written one by one (see
#: rfc5545.event_bytes) until the end of this many years after the feed's; later fetches move that on.
REPEATS_AHEAD_YEARS = 10


# The feed and its secret.


def feed_of(user) -> CalendarFeed | None:
    """The user's feed, if they subscribed."""
    return db.session.scalars(select(CalendarFeed).where(CalendarFeed.owner_id == user.id)).one_or_none()


def feed_of_or_404(user) -> CalendarFeed:
    """The user's feed.

    :raise 404: when they have none (never created, or revoked).
    """
    feed = feed_of(user)
    if feed is None:
        abort(404, message="No calendar feed yet: create one first.")
    return feed


def create_feed(user, settings: dict) -> tuple[CalendarFeed, str | None]:
    """The user's feed with these settings, created when missing: (feed, its secret when just created).

    Only a hash of the secret is stored, so an existing feed's URL cannot be shown again
    (rotating makes a new one). Two devices creating it at once get the same feed.
    """
    feed = feed_of(user)
    if feed is not None:
        return update_feed(feed, settings), None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(owner_id=user.id, token_hash=secret_digest(token), **settings)
    try:
        with db.session.begin_nested():
            db.session.add(feed)
    except IntegrityError:  # created by a concurrent request, which showed its own secret
        return update_feed(feed_of_or_404(user), settings), None
    return feed, token


def update_feed(feed: CalendarFeed, settings: dict) -> CalendarFeed:
    """Change a feed's settings (the reminder time); nothing changes when they are the same."""
    if any(getattr(feed, name) != value for name, value in settings.items()):
        for name, value in settings.items():
            setattr(feed, name, value)
        feed.touch()
        db.session.flush()
    return feed


def rotate_feed(feed: CalendarFeed) -> str:
    """Replace the feed's secret; the old URL stops working when the request commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed.token_hash = secret_digest(token)
    feed.rotated_at = utcnow()
    feed.touch()
    db.session.flush()
    return token


def revoke_feed(user) -> None:
    """Delete the user's feed, so its URL answers 404; revoking twice is harmless."""
    feed = feed_of(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.flush()


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a URL secret opens, or None, alike for malformed, unknown and revoked secrets."""
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    digest = secret_digest(token)
    feed = db.session.scalars(select(CalendarFeed).where(CalendarFeed.token_hash == digest)).one_or_none()
    # The lookup is by hash, which tells an attacker nothing; the final check is constant-time anyway.
    if feed is None or not hmac.compare_digest(feed.token_hash, digest):
        return None
    return feed


# When the feed last changed, without building it.


@dataclass(frozen=True)
class Freshness:
    """An ETag and a Last-Modified time that change whenever the feed's text would."""

    etag: str
    last_modified: datetime
    as_of: datetime


def as_of(now: datetime) -> datetime:
    """The moment a feed requested at `now` is computed for: the start of its UTC day."""
    step = AS_OF_STEP.total_seconds()
    return datetime.fromtimestamp(now.timestamp() // step * step, tz=now.tzinfo)


def freshness(feed: CalendarFeed, with_tasks: bool, now: datetime | None = None) -> Freshness:
    """The feed's ETag and Last-Modified, from one query over a change counter and latest update times."""
    row = db.session.execute(_change_facts(), {"owner_id": feed.owner_id}).one()
    moment = as_of(now or utcnow())
    times = [time for time in row[1:] if time is not None]
    facts = (FEED_FORMAT, feed.id, feed.version, with_tasks, moment.isoformat(), *row)
    etag = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    return Freshness(etag, max([moment, feed.updated_at, *times]).replace(microsecond=0), moment)


@cache
def _change_facts() -> Select:
    """What moves whenever a user's feed would change, as one statement built once (its cache key too).

    The owner's change counter moves on every change to their contacts, encounters, follow-ups,
    targets and agenda items, deletions included. Any program change anywhere counts too (re-imports
    are rare, and the latest update times are single index lookups); so does a change to the user's profile.
    """
    owner_id = bindparam("owner_id")
    latest = [
        select(func.max(model.updated_at)).where(model.owner_id == owner_id).scalar_subquery()
        for model in (FollowUp, Contact, Encounter, Target, Appointment)
    ] + [select(func.max(model.updated_at)).scalar_subquery() for model in (Conference, Session, Speaker)]
    counter = select(ChangeCounter.last_seq).where(ChangeCounter.owner_id == owner_id).scalar_subquery()
    profile = select(User.updated_at).where(User.id == owner_id).scalar_subquery()
    return select(counter, *latest, profile)


# What the feed holds.


def feed_followups(user, moment: datetime) -> list[FeedFollowUp]:
    """Open follow-ups, and finished ones for a week: done ones by their done time, cancelled by their last change.

    One query of plain rows holding only what the feed reads: ORM objects cost three times more.
    """
    since = moment - KEEP_FINISHED
    rows = db.session.execute(
        owned(FollowUp, user)
        .with_only_columns(*_FEED_COLUMNS)
        .join(Contact, (Contact.id == FollowUp.contact_id) & (Contact.owner_id == FollowUp.owner_id))
        .outerjoin(Encounter, (Encounter.id == FollowUp.encounter_id) & (Encounter.owner_id == FollowUp.owner_id))
        .where(
            or_(
                FollowUp.status == "open",
                (FollowUp.status == "done") & (FollowUp.done_at >= since),
                (FollowUp.status == "cancelled") & (FollowUp.updated_at >= since),
            )
        )
        .order_by(FollowUp.due_at, FollowUp.id)
    )
    contacts: dict = {}
    followups = []
    for row in rows:
        contact_id = row[1]
        contact = contacts.get(contact_id) or contacts.setdefault(contact_id, FeedContact(contact_id, *row[12:18]))
        takeaway, encounter_deleted_at, encounter_updated_at = row[18:]
        takeaway = takeaway if encounter_deleted_at is None and takeaway else ""
        followups.append(FeedFollowUp(*row[:12], contact, takeaway, encounter_updated_at))
    return followups


#: What the feed reads of a follow-up, its contact (never their notes) and its meeting: FeedFollowUp's fields,
#: then FeedContact's but its id, in their order. Rows are read by position: by name, a Python step a column.
_FEED_COLUMNS = (
    FollowUp.id,
    FollowUp.contact_id,
    FollowUp.encounter_id,
    FollowUp.action,
    FollowUp.title,
    FollowUp.status,
    FollowUp.due_at,
    FollowUp.done_at,
    FollowUp.snoozed_until,
    FollowUp.repeat_every_months,
    FollowUp.version,
    FollowUp.updated_at,
    Contact.name.label("contact_name"),
    Contact.role.label("contact_role"),
    Contact.email.label("contact_email"),
    Contact.speaker_id.label("contact_speaker_id"),
    Contact.tie_strength.label("contact_tie_strength"),
    Contact.updated_at.label("contact_updated_at"),
    # The meeting's takeaway shows while it is not deleted; its change time counts either way.
    Encounter.takeaway,
    Encounter.deleted_at.label("encounter_deleted_at"),
    Encounter.updated_at.label("encounter_updated_at"),
)


def feed_letters(user, moment: datetime) -> list:
    """Letters with a due time still open, and those finished within a week (shown cancelled), as plain rows."""
    return db.session.execute(
        owned(Letter, user)
        .with_only_columns(
            Letter.id,
            Letter.status,
            Letter.due_at,
            Letter.version,
            Letter.updated_at,
            Contact.name.label("contact_name"),
            Contact.updated_at.label("contact_updated_at"),
        )
        .join(Contact, (Contact.id == Letter.contact_id) & (Contact.owner_id == Letter.owner_id))
        .where(Letter.due_at.is_not(None))
        .where(or_(Letter.status.in_(OPEN_LETTERS), Letter.updated_at >= moment - KEEP_FINISHED))
        .order_by(Letter.due_at, Letter.id)
    ).all()


def agendas(user) -> list[Agenda]:
    """The user's agenda, all days, at every conference they have targets or agenda items of their own at."""
    targeted = owned(Target, user).with_only_columns(Target.conference_id).where(Target.conference_id.is_not(None))
    planned = owned(Appointment, user).with_only_columns(Appointment.conference_id)
    conferences = db.session.scalars(
        select(Conference).where(or_(Conference.id.in_(targeted), Conference.id.in_(planned))).order_by(Conference.id)
    ).all()
    return [build_agenda(user, conference) for conference in conferences]


def calendar_name(agendas: list[Agenda]) -> str:
    """ "APA Annual Meeting 2027 follow-ups and agenda", or plain follow-ups without an agenda."""
    names = [agenda.conference.name for agenda in agendas if any(day.items or day.own_items for day in agenda.days)]
    names = list(dict.fromkeys(names))
    return f"{' and '.join(names)} follow-ups and agenda" if names else "Conference follow-ups"


def build_feed(feed: CalendarFeed, user, moment: datetime, domain: str, with_tasks: bool = False) -> bytes:
    """The feed's iCalendar bytes for its owner as of `moment` (see `as_of`)."""
    with collector_paused():  # the build makes tens of thousands of objects at once
        add_due_updates(user, now=moment)  # the mentor updates due as of the feed's moment are in it, made once
        followups = feed_followups(user, moment)
        drafts = followup_drafts(user, [f for f in followups if f.status == "open"], now=moment)
        alarm = timedelta(minutes=feed.alarm_minutes) if feed.alarm_minutes is not None else None
        tz = user.tz
        events, tasks = [], []
        for followup in followups:
            event = followup_entry(followup, drafts.get(followup.id), tz, alarm, domain)
            events.append(event)
            if with_tasks:
                tasks.append(followup_task(event, followup, domain))
        events += [letter_entry(letter, tz, domain) for letter in feed_letters(user, moment)]
        found = agendas(user)
        for agenda in found:
            for day in agenda.days:
                events += [session_entry(item, agenda.conference, domain) for item in day.items]
                events += [own_item_entry(own, agenda.conference, domain) for own in day.own_items]
        until = datetime(moment.year + REPEATS_AHEAD_YEARS + 1, 1, 1, tzinfo=UTC)  # the same all year: stable bytes
        return calendar_bytes(calendar_name(found), f"calendar-{feed.id}@{domain}", events, tasks, repeats_until=until)
