"""When each advisor is next due an update, and the mentor-update follow-up that falls due then, made once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, func, or_

from ..db.types import utcnow
from ..extensions import db
from ..people.models import Contact, Encounter, update_cadence
from ..sync.operations import owned, retrying
from ..timeutil import add_months
from .models import FollowUp


@dataclass(frozen=True)
class Cadence:
    """One contact on the board: how often they hear from the user, when they last did, and when next."""

    contact: Contact
    #: None: no reminder (a program contact, unless the user chose a cadence).
    months: int | None
    #: The latest encounter or done follow-up; None when there was none yet.
    last_contact_at: datetime | None
    next_update_due: datetime | None


def advisors(user) -> list[Contact]:
    """The user's contacts with a seat on the board or a cadence of their own, by name (one query)."""
    seated = cast(Contact.advisor_roles, String) != "[]"
    query = owned(Contact, user).where(or_(seated, Contact.update_every_months.is_not(None)))
    return list(db.session.scalars(query.order_by(Contact.name, Contact.id)))


def _last_contacts(user, contact_ids: set[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """Each contact's latest encounter or message sent (when the user says so) or follow-up done (two grouped queries)."""
    met = (
        owned(Encounter, user)
        .with_only_columns(Encounter.contact_id, func.max(Encounter.occurred_at))
        .where(Encounter.contact_id.in_(contact_ids))
        .group_by(Encounter.contact_id)
    )
    done = (
        owned(FollowUp, user)
        .with_only_columns(FollowUp.contact_id, func.max(func.coalesce(FollowUp.sent_at, FollowUp.done_at)))
        .where(FollowUp.contact_id.in_(contact_ids), (FollowUp.status == "done") | FollowUp.sent_at.is_not(None))
        .group_by(FollowUp.contact_id)
    )
    latest: dict[uuid.UUID, datetime] = {}
    for query in (met, done):
        for contact_id, moment in db.session.execute(query):
            if moment is not None and (contact_id not in latest or moment > latest[contact_id]):
                latest[contact_id] = moment
    return latest


def cadences(user, contacts: list[Contact]) -> list[Cadence]:
    """Each contact's cadence: the next update is due that many months after the last contact (or being added)."""
    if not contacts:
        return []
    latest = _last_contacts(user, {contact.id for contact in contacts})
    found = []
    for contact in contacts:
        months = update_cadence(contact.advisor_roles, contact.update_every_months)
        last = latest.get(contact.id)
        due = None if months is None else add_months(last or contact.created_at, months, user.tz)
        found.append(Cadence(contact, months, last, due))
    return found


def update_id(user, cadence: Cadence) -> uuid.UUID:
    """The mentor update due to a contact on a day, under one id whichever device or read makes it."""
    day = cadence.next_update_due.astimezone(user.tz).date()
    return uuid.uuid5(cadence.contact.id, f"mentor-update {day.isoformat()}")


def _missing(user, due: list[Cadence]) -> list[Cadence]:
    """The due updates not made yet (ever: one the user deleted stays deleted), to contacts with none open."""
    ids = {update_id(user, cadence) for cadence in due}
    made = set(
        db.session.scalars(
            owned(FollowUp, user, include_deleted=True).with_only_columns(FollowUp.id).where(FollowUp.id.in_(ids))
        )
    )
    open_to = set(
        db.session.scalars(
            owned(FollowUp, user)
            .with_only_columns(FollowUp.contact_id)
            .where(FollowUp.action == "mentor_update", FollowUp.status == "open")
            .where(FollowUp.contact_id.in_({cadence.contact.id for cadence in due}))
        )
    )
    return [c for c in due if update_id(user, c) not in made and c.contact.id not in open_to]


def _add_updates(user, due: list[Cadence]) -> None:
    """Add the missing due updates (checked again: a concurrent read may just have made them)."""
    now = utcnow()
    for cadence in _missing(user, due):
        db.session.add(
            FollowUp(
                id=update_id(user, cadence),
                owner_id=user.id,
                contact_id=cadence.contact.id,
                action="mentor_update",
                title="",
                status="open",
                committed_at=now,
                due_at=cadence.next_update_due,
            )
        )
    db.session.flush()


def add_due_updates(user, found: list[Cadence] | None = None, now: datetime | None = None) -> None:
    """Make the mentor-update follow-ups that have fallen due, each once, before the user's follow-ups are read.

    Statements stay few whatever the number of contacts; a write (and SQLite's write lock) happens only
    when an update is missing, and two reads at once make it once: the loser of the race on its id
    tries again in a fresh savepoint and finds it.
    """
    found = cadences(user, advisors(user)) if found is None else found
    moment = now or utcnow()
    due = [cadence for cadence in found if cadence.next_update_due is not None and cadence.next_update_due <= moment]
    if due and _missing(user, due):
        retrying(lambda: _add_updates(user, due))
