"""Letters as a synced kind (see conference/sync), and the follow-up each step of a letter calls for."""

from __future__ import annotations

from datetime import timedelta

from ..db.types import utcnow
from ..extensions import db
from ..followups.models import FollowUp
from ..followups.operations import add_many_once, add_once
from ..milestones.models import Milestone
from ..milestones.signals import milestone_changed
from ..people.models import Contact
from ..people.signals import contact_deleted
from ..sync.operations import Kind, changed, owned, register, require_owned
from . import drafts  # noqa: F401  (drafts the follow-ups of letters' steps)
from .models import WRITTEN, Letter, step_followup_id
from .schemas import LetterSchema

#: How soon after the writer agrees the user owes them the materials.
MATERIALS_WITHIN = timedelta(days=2)
#: How long before the letter is due the writer gets a gentle reminder.
REMINDER_BEFORE_DUE = timedelta(days=7)
#: A thank-you goes out the day after the letter is in.
THANKS_WITHIN = timedelta(days=1)
#: The writers hear the match outcome within two days of the user recording it.
OUTCOME_WITHIN = timedelta(days=2)
#: Once a letter reaches a status, the open follow-ups of these earlier steps have nothing left to ask for.
SETTLES = {
    "declined": ("agreed", "materials_sent"),
    "submitted": ("agreed", "materials_sent"),
    "thanked": ("agreed", "materials_sent", "submitted"),
}


def _prepare_letter(user, stored: Letter | None, values: dict, sent: dict) -> dict:
    """Check the contact is the user's own, keep the first asked time on a retry, and list each material once."""
    columns = {name: values[name] for name in LETTERS.defaults}
    if changed(stored, "contact_id", columns["contact_id"]):
        require_owned(user, Contact, columns["contact_id"], "contact_id")
    columns["asked_at"] = columns["asked_at"] or (stored.asked_at if stored else utcnow())
    columns["materials"] = list(dict.fromkeys(columns["materials"]))
    return columns


def _next_followup(user, letter: Letter, before: dict | None) -> None:
    """When a letter reaches a step, propose its follow-up, once per letter and step whatever is replayed."""
    if before is not None and before["status"] == letter.status:
        if before["due_at"] != letter.due_at and letter.status == "materials_sent":
            _move_reminder(user, letter)
        return
    _settle_earlier_steps(user, letter)
    now = utcnow()
    if letter.status == "agreed":
        step = ("email", "Send the letter materials", now + MATERIALS_WITHIN)
    elif letter.status == "materials_sent" and letter.due_at is not None:
        step = ("email", "Remind about the letter due soon", max(letter.due_at - REMINDER_BEFORE_DUE, now))
    elif letter.status == "submitted":
        step = ("thank_you", "Thank you for the letter", now + THANKS_WITHIN)
    else:
        return
    action, title, due_at = step
    record_id = step_followup_id(letter.id, letter.status)
    add_once(user, record_id, contact_id=letter.contact_id, action=action, title=title, due_at=due_at)


def _move_reminder(user, letter: Letter) -> None:
    """A due date moved after the materials went out: the open reminder moves with it (a week before, never past)."""
    reminder = db.session.get(FollowUp, step_followup_id(letter.id, "materials_sent"))
    if reminder is None or reminder.owner_id != user.id or letter.due_at is None:
        return
    if reminder.status != "open" or reminder.deleted_at is not None:
        return
    reminder.due_at = max(letter.due_at - REMINDER_BEFORE_DUE, utcnow())
    reminder.touch()
    db.session.flush()


def _settle_earlier_steps(user, letter: Letter) -> None:
    """A letter declined or in needs no materials or reminder any more: cancel those; once thanked, the thanks is done."""
    steps = SETTLES.get(letter.status, ())
    if not steps:
        return
    ids = [step_followup_id(letter.id, step) for step in steps]
    now = utcnow()
    for followup in db.session.scalars(owned(FollowUp, user).where(FollowUp.id.in_(ids), FollowUp.status == "open")):
        thanked = followup.id == step_followup_id(letter.id, "submitted")
        followup.status = "done" if thanked else "cancelled"
        followup.done_at = now if thanked else None
        followup.touch()
    db.session.flush()


@milestone_changed.connect
def share_the_match_outcome(user, milestone: Milestone, before: dict | None, **_) -> None:
    """A match recorded: everyone who wrote a letter gets a follow-up to hear the outcome, once per letter."""
    if milestone.kind != "match" or milestone.deleted_at is not None:
        return
    written = db.session.execute(
        owned(Letter, user).with_only_columns(Letter.id, Letter.contact_id).where(Letter.status.in_(WRITTEN))
    ).all()
    due_at = utcnow() + OUTCOME_WITHIN
    add_many_once(
        user,
        [
            {
                "id": step_followup_id(letter.id, "match"),
                "contact_id": letter.contact_id,
                "action": "email",
                "title": "Share the match outcome",
                "due_at": due_at,
            }
            for letter in written
        ],
    )


LETTERS = register(
    Kind(
        name="letters",
        model=Letter,
        schema=LetterSchema(),
        defaults={"contact_id": None, "status": "asked", "asked_at": None, "due_at": None, "materials": []},
        prepare=_prepare_letter,
        after_change=_next_followup,
    )
)


@contact_deleted.connect
def tombstone_contact_letters(user, contact: Contact, **_) -> None:
    """Delete the letters asked of a deleted contact, each as its own tombstone."""
    for letter in db.session.scalars(owned(Letter, user).where(Letter.contact_id == contact.id)):
        letter.deleted_at = contact.deleted_at
        letter.touch()
