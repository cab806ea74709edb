"""Follow-ups as a synced kind: default titles and due times, done times, and mentor updates that repeat."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask_smorest import abort
from sqlalchemy import select

from ..db.types import utcnow
from ..extensions import db
from ..people.models import MENTOR_UPDATE_MONTHS, Contact, Encounter
from ..people.signals import contact_deleted, contact_introduced
from ..sync.operations import Kind, changed, owned, register, require_owned
from ..timeutil import add_months
from . import warmth  # noqa: F401  (gives contacts their shown warmth)
from .cadence import add_due_updates
from .models import FollowUp, default_title
from .queries import SHOWN_TITLE
from .schemas import FollowUpSchema

#: A PUT without repeat_every_months: mentor updates repeat, other actions do not.
BY_ACTION = object()


def default_due_at(encounter: Encounter | None, committed_at: datetime, window_hours: int) -> datetime:
    """The follow-up window after the meeting, or after the promise when there was no meeting."""
    start = encounter.occurred_at if encounter is not None else committed_at
    return start + timedelta(hours=window_hours)


def _prepare_followup(user, stored: FollowUp | None, values: dict, sent: dict) -> dict:
    """Check contact and encounter, fill in title, due and done times, and the repeat for mentor updates."""
    columns = {name: values[name] for name in FOLLOWUPS.defaults}
    contact = require_owned(user, Contact, columns["contact_id"], "contact_id")
    encounter = None
    if columns["encounter_id"] is not None and (
        changed(stored, "encounter_id", columns["encounter_id"]) or changed(stored, "contact_id", contact.id)
    ):
        encounter = require_owned(user, Encounter, columns["encounter_id"], "encounter_id")
        if encounter.contact_id != contact.id:
            abort(
                422,
                message="Invalid input: encounter_id.",
                errors={"encounter_id": ["An encounter with another contact."]},
            )
    # Stored empty while it is the default (also when sent back as shown), so the shown title follows a rename.
    title = columns["title"] or ""
    columns["title"] = "" if title == default_title(columns["action"], contact.name) else title
    if columns["repeat_every_months"] is BY_ACTION:
        columns["repeat_every_months"] = MENTOR_UPDATE_MONTHS if columns["action"] == "mentor_update" else None
    # Times the server fills in are kept on a retry: "now" and the user's window may have moved on.
    columns["committed_at"] = columns["committed_at"] or (stored.committed_at if stored else utcnow())
    if columns["due_at"] is None:
        columns["due_at"] = (
            stored.due_at if stored else default_due_at(encounter, columns["committed_at"], user.followup_window_hours)
        )
    if columns["status"] == "done":
        was_done = stored is not None and stored.status == "done"
        columns["done_at"] = columns["done_at"] or (stored.done_at if was_done else utcnow())
    elif sent.get("done_at") is not None:
        abort(422, message="Invalid input: done_at.", errors={"done_at": ["Only a done follow-up has a done time."]})
    else:
        columns["done_at"] = None
    _fill_reply(stored, columns, sent)
    return columns


def _refuse(name: str, why: str) -> None:
    """Answer 422 naming a reply field the follow-up cannot have.

    :raise 422: always.
    """
    abort(422, message=f"Invalid input: {name}.", errors={name: [why]})


def _kept(stored: FollowUp | None, name: str, still: bool):
    """A server-filled time as stored, when what it marks still holds (a retry keeps it), else now."""
    return getattr(stored, name) if stored is not None and still and getattr(stored, name) else utcnow()


def _fill_reply(stored: FollowUp | None, columns: dict, sent: dict) -> None:
    """A reply says a message went out (sent_at, default now), and sending one awaits a reply; times default to now."""
    if columns["reply"] is not None or columns["nudge"] is not None:
        columns["sent_at"] = columns["sent_at"] or _kept(stored, "sent_at", True)
    if columns["sent_at"] is not None:
        columns["reply"] = columns["reply"] or "awaiting"
    if columns["reply"] == "replied":
        columns["replied_at"] = columns["replied_at"] or _kept(
            stored, "replied_at", stored and stored.reply == "replied"
        )
    elif sent.get("replied_at") is not None:
        _refuse("replied_at", "Only a reply received has a time.")
    else:
        columns["replied_at"] = None
    if columns["nudge"] is not None:
        same = stored is not None and stored.nudge == columns["nudge"]
        columns["nudged_at"] = columns["nudged_at"] or _kept(stored, "nudged_at", same)
    elif sent.get("nudged_at") is not None:
        _refuse("nudged_at", "Only a reminder sent or let go has a time.")
    else:
        columns["nudged_at"] = None


def _schedule_next(user, followup: FollowUp, before: dict | None) -> None:
    """When a repeating follow-up is done, create the next one, once, in the same transaction."""
    became_done = followup.status == "done" and (before is None or before["status"] != "done")
    if not became_done or not followup.repeat_every_months:
        return
    # Reopening and finishing it again must not schedule a second one (repeat_of_id is unique too).
    if db.session.scalar(owned(FollowUp, user, include_deleted=True).where(FollowUp.repeat_of_id == followup.id)):
        return
    db.session.add(
        FollowUp(
            id=uuid.uuid4(),
            owner_id=followup.owner_id,
            contact_id=followup.contact_id,
            action=followup.action,
            title=followup.title,
            status="open",
            committed_at=followup.done_at,
            due_at=add_months(followup.done_at, followup.repeat_every_months, user.tz),
            repeat_every_months=followup.repeat_every_months,
            repeat_of_id=followup.id,
        )
    )
    db.session.flush()


FOLLOWUPS = register(
    Kind(
        name="followups",
        model=FollowUp,
        schema=FollowUpSchema(),
        defaults={
            "contact_id": None,
            "encounter_id": None,
            "action": "email",
            "title": None,
            "due_at": None,
            "status": "open",
            "done_at": None,
            "snoozed_until": None,
            "committed_at": None,
            "repeat_every_months": BY_ACTION,
            "sent_at": None,
            "reply": None,
            "replied_at": None,
            "nudge": None,
            "nudged_at": None,
        },
        prepare=_prepare_followup,
        after_change=_schedule_next,
        refresh=add_due_updates,
        derived={"title": SHOWN_TITLE, "title_is_default": FollowUp.title == ""},
    )
)


@contact_deleted.connect
def tombstone_contact_followups(user, contact: Contact, **_) -> None:
    """Delete the follow-ups promised to a deleted contact, each as its own tombstone."""
    for followup in db.session.scalars(owned(FollowUp, user).where(FollowUp.contact_id == contact.id)):
        followup.deleted_at = contact.deleted_at
        followup.touch()


def add_once(user, record_id: uuid.UUID, *, contact_id: uuid.UUID, action: str, title: str, due_at: datetime) -> None:
    """Add a follow-up a feature above proposes under an id it derives, unless that id was ever used.

    Deriving the id from the cause makes a replayed or repeated cause create it once, and one the user
    deleted stays deleted.
    """
    add_many_once(
        user, [{"id": record_id, "contact_id": contact_id, "action": action, "title": title, "due_at": due_at}]
    )


def add_many_once(user, proposals: list[dict]) -> None:
    """Add the proposed follow-ups (id, contact_id, action, title, due_at) whose ids were never used, in one query."""
    if not proposals:
        return
    ids = [proposal["id"] for proposal in proposals]
    used = set(db.session.scalars(select(FollowUp.id).where(FollowUp.id.in_(ids))))
    now = utcnow()
    db.session.add_all(
        FollowUp(owner_id=user.id, status="open", committed_at=now, **proposal)
        for proposal in proposals
        if proposal["id"] not in used
    )
    db.session.flush()


def introduction_ids(contact_id: uuid.UUID, introducer_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The ids of the note to the person introduced and of the thanks to the introducer, derived from the two."""
    return uuid.uuid5(contact_id, f"introduced by {introducer_id}"), uuid.uuid5(
        introducer_id, f"introduced {contact_id}"
    )


@contact_introduced.connect
def propose_introduction_followups(user, contact: Contact, **_) -> None:
    """Introductions are gifts: write promptly to the person introduced, naming who did, and thank the introducer."""
    introducer = db.session.get(Contact, contact.introduced_by_id)
    write_id, thanks_id = introduction_ids(contact.id, introducer.id)
    due_at = utcnow() + timedelta(hours=user.followup_window_hours)
    add_once(
        user,
        write_id,
        contact_id=contact.id,
        action="email",
        title=f"Write to {contact.name}, introduced by {introducer.name}",
        due_at=due_at,
    )
    add_once(
        user,
        thanks_id,
        contact_id=introducer.id,
        action="thank_you",
        title=f"Thank {introducer.name} for introducing {contact.name}",
        due_at=due_at,
    )
