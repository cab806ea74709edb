"""People met, the encounters with them, and the follow-ups promised to them."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.types import UTCDateTime, allowed_words
from ..extensions import db
from ..schedule.models import Conference, Session
from ..sync import OwnedRecord, owner_indexes

# Each word list is written once, with the label the app shows (served by GET /api/v1/meta).
ROLE_LABELS = {
    "faculty": "Faculty", "program_director": "Program director", "resident": "Resident", "fellow": "Fellow",
    "student": "Student", "peer": "Peer", "other": "Other",
}  # fmt: skip
CONTACT_ROLES = tuple(ROLE_LABELS)
TIE_LABELS = {"core": "Core", "supportive": "Supportive", "expanded": "Expanded"}
TIE_STRENGTHS = tuple(TIE_LABELS)
ENCOUNTER_KIND_LABELS = {"introduced": "Introduced", "conversation": "Conversation"}
ENCOUNTER_KINDS = tuple(ENCOUNTER_KIND_LABELS)
ACTION_LABELS = {
    "email": "Email", "linkedin": "LinkedIn connection", "send_article": "Send an article", "thank_you": "Thank-you note",
    "mentor_update": "Mentor update", "meeting": "Set up a meeting", "other": "Other",
}  # fmt: skip
FOLLOWUP_ACTIONS = tuple(ACTION_LABELS)
FOLLOWUP_STATUSES = ("open", "done", "cancelled")
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


class Contact(OwnedRecord, db.Model):
    """Someone the user met or means to stay in touch with."""

    __tablename__ = "contacts"
    __table_args__ = (
        allowed_words("role", CONTACT_ROLES),
        allowed_words("tie_strength", TIE_STRENGTHS),
        Index("ix_contacts_owner_name", "owner_id", "name"),
        *owner_indexes("contacts"),
    )

    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30), default="other")
    #: As the user typed it; `program_id` links it when it names a known program.
    institution: Mapped[str] = mapped_column(String(300), default="")
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"), index=True)
    #: The conference speaker this person is, when the user met a speaker.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    #: Core (would advocate for the user), supportive, or expanded (met briefly).
    tie_strength: Mapped[str] = mapped_column(String(20), default="expanded")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Private: never in drafts, feeds, summaries or logs.
    notes: Mapped[str] = mapped_column(Text, default="")


class Encounter(OwnedRecord, db.Model):
    """One meeting with a contact: a first introduction or a brief but meaningful conversation."""

    __tablename__ = "encounters"
    __table_args__ = (
        allowed_words("kind", ENCOUNTER_KINDS),
        Index("ix_encounters_owner_occurred_at", "owner_id", "occurred_at"),
        *owner_indexes("encounters"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))
    #: Where, when not at a session: "poster hall", "exhibit hall coffee line".
    place: Mapped[str] = mapped_column(String(200), default="")
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20), default="introduced")
    #: One line the user wants to remember, and may quote in a follow-up email.
    takeaway: Mapped[str] = mapped_column(String(300), default="")
    #: Private: never in drafts, feeds, summaries or logs.
    notes: Mapped[str] = mapped_column(Text, default="")

    contact: Mapped[Contact] = relationship()
    session: Mapped[Session | None] = relationship()
    #: Joined, so lists and feeds show conference slugs without a query per encounter.
    conference: Mapped[Conference | None] = relationship(lazy="joined")


class FollowUp(OwnedRecord, db.Model):
    """Something the user committed to do for a contact, by a due time."""

    __tablename__ = "followups"
    __table_args__ = (
        allowed_words("action", FOLLOWUP_ACTIONS),
        allowed_words("status", FOLLOWUP_STATUSES),
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
