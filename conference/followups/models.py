"""Follow-ups: something promised to a contact by a due time, and the repeats of mentor updates."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.types import UTCDateTime, word_check
from ..extensions import db
from ..people.models import Contact, Encounter
from ..sync import OwnedRecord, owner_indexes

ACTION_LABELS = {
    "email": "Email",
    "linkedin": "LinkedIn connection",
    "send_article": "Send an article",
    "thank_you": "Thank-you note",
    "mentor_update": "Mentor update",
    "meeting": "Set up a meeting",
    "other": "Other",
}
FOLLOWUP_ACTIONS = tuple(ACTION_LABELS)
FOLLOWUP_STATUSES = ("open", "done", "cancelled")
#: What came of an email or message the user sent (none on a follow-up that sent nothing).
REPLY_LABELS = {"awaiting": "Awaiting a reply", "replied": "Replied", "no_reply": "No reply"}
REPLIES = tuple(REPLY_LABELS)
#: The one gentle reminder offered a week after a message went unanswered: sent, or let go.
NUDGE_LABELS = {"sent": "Reminder sent", "dismissed": "Let it rest"}
NUDGES = tuple(NUDGE_LABELS)
#: A follow-up's title while the user typed none: it follows the contact's current name.
ACTION_TITLES = {
    "email": "Email {name}",
    "linkedin": "Connect with {name} on LinkedIn",
    "send_article": "Send {name} the article",
    "thank_you": "Thank {name}",
    "mentor_update": "Update {name}",
    "meeting": "Set up a meeting with {name}",
    "other": "Follow up with {name}",
}


def default_title(action: str, contact_name: str) -> str:
    """The title shown when the user typed none: "Email Maria Rivera"."""
    return ACTION_TITLES[action].format(name=contact_name)


def named_title(action: str, contact_name: str, title: str) -> str:
    """Action and contact, then the user's own title when it says more: "Email Dr. Lee: thank you"."""
    plain = default_title(action, contact_name)
    return plain if not title or title == plain else f"{plain}: {title}"


class FollowUp(OwnedRecord, db.Model):
    """Something the user committed to do for a contact, by a due time."""

    __tablename__ = "followups"
    __table_args__ = (
        word_check("action", FOLLOWUP_ACTIONS),
        word_check("status", FOLLOWUP_STATUSES),
        word_check("reply", REPLIES),
        word_check("nudge", NUDGES),
        CheckConstraint("repeat_every_months BETWEEN 1 AND 12", name="repeat_every_months"),
        Index("ix_followups_owner_due_at", "owner_id", "due_at"),
        Index("ix_followups_owner_committed_at", "owner_id", "committed_at"),
        *owner_indexes("followups"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    #: The meeting this follows up on, when there is one; it sets the default due time.
    encounter_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("encounters.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(20), default="email")
    #: The user's own title; "" while they typed none, so the shown one follows a renamed contact.
    title: Mapped[str] = mapped_column(String(300))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="open")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the user made the promise, as the phone saw it (it may sync hours later).
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When set, marking this done schedules the next one this many months later.
    repeat_every_months: Mapped[int | None]
    #: The follow-up whose completion created this one; unique, so a repeat is created once.
    repeat_of_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("followups.id", ondelete="SET NULL"), unique=True
    )

    #: When the email or message went out; None for a follow-up that sent nothing.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reply: Mapped[str | None] = mapped_column(String(10))
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The one reminder after a week without a reply: sent or dismissed, and when; never a second one.
    nudge: Mapped[str | None] = mapped_column(String(10))
    nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact] = relationship()
    encounter: Mapped[Encounter | None] = relationship()

    @property
    def shown_title(self) -> str:
        """The user's own title, else the default one from the action and the contact's current name."""
        return self.title or default_title(self.action, self.contact.name)

    @property
    def title_is_default(self) -> bool:
        """Whether the shown title is the default one (phones then derive it from the contact they hold)."""
        return not self.title
