"""Letters of recommendation the user asked contacts for."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..db.types import UTCDateTime, word_check
from ..extensions import db
from ..sync import OwnedRecord, owner_indexes

# Each word list with the label the app shows.
STATUS_LABELS = {
    "asked": "Asked",
    "agreed": "Agreed",
    "declined": "Declined",
    "materials_sent": "Materials sent",
    "submitted": "Submitted",
    "thanked": "Thanked",
}
LETTER_STATUSES = tuple(STATUS_LABELS)
MATERIAL_LABELS = {
    "cv": "CV",
    "personal_statement": "Personal statement",
    "bullet_list": "Bullet list",
    "other": "Other",
}
LETTER_MATERIALS = tuple(MATERIAL_LABELS)
#: Statuses of letters that were written: their writers hear the match outcome.
WRITTEN = ("submitted", "thanked")


def step_followup_id(letter_id: uuid.UUID, step: str) -> uuid.UUID:
    """The id of the follow-up a letter's step adds (a status, or "match"): derived, so a replay adds it once."""
    return uuid.uuid5(letter_id, step)


class Letter(OwnedRecord, db.Model):
    """A letter of recommendation asked of one contact, and how far it has come."""

    __tablename__ = "letters"
    __table_args__ = (
        word_check("status", LETTER_STATUSES),
        Index("ix_letters_owner_due_at", "owner_id", "due_at"),
        *owner_indexes("letters"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="asked")
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the program needs the letter.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What the user sends the writer (cv, personal_statement, bullet_list, other).
    materials: Mapped[list[str]] = mapped_column(JSON, default=list)
