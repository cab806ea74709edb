"""People met and the encounters with them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.types import UTCDateTime, word_check
from ..extensions import db
from ..schedule.models import Conference, Session
from ..sync import OwnedRecord, owner_indexes

# Each word list is written once, with the label the app shows (served by GET /api/v1/meta).
ROLE_LABELS = {
    "faculty": "Faculty",
    "program_director": "Program director",
    "resident": "Resident",
    "fellow": "Fellow",
    "student": "Student",
    "peer": "Peer",
    "other": "Other",
}
CONTACT_ROLES = tuple(ROLE_LABELS)
TIE_LABELS = {"core": "Core", "supportive": "Supportive", "expanded": "Expanded"}
TIE_STRENGTHS = tuple(TIE_LABELS)
ENCOUNTER_KIND_LABELS = {"introduced": "Introduced", "conversation": "Conversation"}
ENCOUNTER_KINDS = tuple(ENCOUNTER_KIND_LABELS)
#: The seats of a small board of advisors (a contact may hold several).
ADVISOR_ROLE_LABELS = {
    "clinical_mentor": "Clinical mentor",
    "research_mentor": "Research mentor",
    "career_navigator": "Career navigator",
    "near_peer": "Near-peer mentor",
    "program_contact": "Program contact",
}
ADVISOR_ROLES = tuple(ADVISOR_ROLE_LABELS)
#: The seats held by mentors, who hear from the user every few months unless they choose otherwise.
MENTOR_ROLES = frozenset(ADVISOR_ROLES) - {"program_contact"}
#: Guidance: mentors get an update every three to four months.
MENTOR_UPDATE_MONTHS = 3


def update_cadence(advisor_roles: list[str], update_every_months: int | None) -> int | None:
    """How many months between updates: the user's choice, else three for a mentor, else none."""
    if update_every_months is not None:
        return update_every_months
    return MENTOR_UPDATE_MONTHS if MENTOR_ROLES.intersection(advisor_roles) else None


#: How well a contact knows the user (guidance: hot, introduced or known; warm, met; cold, no connection yet).
WARMTH_LABELS = {"cold": "Cold", "warm": "Warm", "hot": "Hot"}
WARMTHS = tuple(WARMTH_LABELS)


def default_warmth(*, met: bool, replied: bool, introduced: bool) -> str:
    """A contact's warmth while the user chose none: introduced by someone or replied, hot; met, warm; else cold."""
    if replied or introduced:
        return "hot"
    return "warm" if met else "cold"


class Contact(OwnedRecord, db.Model):
    """Someone the user met or means to stay in touch with."""

    __tablename__ = "contacts"
    __table_args__ = (
        word_check("role", CONTACT_ROLES),
        word_check("tie_strength", TIE_STRENGTHS),
        CheckConstraint("update_every_months BETWEEN 1 AND 12", name="update_every_months"),
        word_check("warmth", WARMTHS),
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
    #: As typed or read from a card: digits with spaces, + ( ) - . and an optional extension.
    phone: Mapped[str | None] = mapped_column(String(40))
    #: A personal or work web page that is not the LinkedIn profile.
    url: Mapped[str | None] = mapped_column(String(500))
    #: Core (would advocate for the user), supportive, or expanded (met briefly).
    tie_strength: Mapped[str] = mapped_column(String(20), default="expanded")
    #: The user's own choice; None while they made none, and the shown warmth follows what they did.
    warmth: Mapped[str | None] = mapped_column(String(10))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Private: never in drafts, feeds, summaries or logs.
    notes: Mapped[str] = mapped_column(Text, default="")
    #: The seats this person holds on the user's board of advisors (ADVISOR_ROLES).
    advisor_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The contact who introduced the user to this person; a deleted introducer leaves this contact as it is.
    introduced_by_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    #: Months between updates; None: the default of `update_cadence`.
    update_every_months: Mapped[int | None]

    @property
    def warmth_is_default(self) -> bool:
        """Whether the shown warmth follows what the user did (no choice of theirs)."""
        return self.warmth is None


class Encounter(OwnedRecord, db.Model):
    """One meeting with a contact: a first introduction or a brief but meaningful conversation."""

    __tablename__ = "encounters"
    __table_args__ = (
        word_check("kind", ENCOUNTER_KINDS),
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
