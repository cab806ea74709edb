"""What the user achieved, day by day, to tell mentors in updates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db.types import word_check
from ..extensions import db
from ..sync import OwnedRecord, owner_indexes

# The word list with the label the app shows (served by GET /api/v1/meta).
KIND_LABELS = {
    "publication": "Publication",
    "poster": "Poster",
    "presentation": "Presentation",
    "rotation": "Rotation",
    "exam": "Exam",
    "interview": "Interview",
    "match": "Match",
    "other": "Other",
}
MILESTONE_KINDS = tuple(KIND_LABELS)


class Milestone(OwnedRecord, db.Model):
    """One achievement on one day: a poster presented, an exam passed, an interview offered."""

    __tablename__ = "milestones"
    __table_args__ = (
        word_check("kind", MILESTONE_KINDS),
        Index("ix_milestones_owner_happened_on", "owner_id", "happened_on"),
        *owner_indexes("milestones"),
    )

    kind: Mapped[str] = mapped_column(String(20), default="other")
    title: Mapped[str] = mapped_column(String(300))
    happened_on: Mapped[date] = mapped_column(Date)
    #: Private: never in drafts, feeds, summaries or logs.
    notes: Mapped[str] = mapped_column(Text, default="")
