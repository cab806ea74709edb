"""A user's target: someone or something they came to the conference to find."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.types import word_check
from ..extensions import db
from ..schedule.models import Conference, Program, Session, Speaker
from ..sync import OwnedRecord, owner_indexes

#: What a target can be, with the label the app shows (served by GET /api/v1/meta).
KIND_LABELS = {"speaker": "Speaker", "program": "Program", "session": "Session", "person": "Person"}
KINDS = tuple(KIND_LABELS)
#: Best first: the order in which lists and agenda items rank targets.
PRIORITY_LABELS = {"must": "Must meet", "should": "Should meet", "nice": "Nice to meet"}
PRIORITIES = tuple(PRIORITY_LABELS)
#: Each priority's place in PRIORITIES, for sorting best first.
RANK = {priority: rank for rank, priority in enumerate(PRIORITIES)}


def _one_live(kind: str) -> dict:
    """Index arguments limiting a unique index to live targets of one kind (SQLite and PostgreSQL alike)."""
    where = text(f"kind = '{kind}' AND deleted_at IS NULL")
    return {"unique": True, "sqlite_where": where, "postgresql_where": where}


class Target(OwnedRecord, db.Model):
    """A speaker, program, session or must-meet person on a user's list, with a priority and their own notes."""

    __tablename__ = "targets"
    __table_args__ = (
        word_check("kind", KINDS),
        word_check("priority", PRIORITIES),
        # Marking the same thing twice finds the existing target (see operations); these indexes
        # catch a concurrent double tap. Tombstones are left out, so a removed target can be marked again.
        Index("uq_targets_live_speaker", "owner_id", "speaker_id", **_one_live("speaker")),
        Index("uq_targets_live_session", "owner_id", "session_id", **_one_live("session")),
        Index("uq_targets_live_program", "owner_id", "program_id", "conference_id", **_one_live("program")),
        # No such index for persons: linking to a speaker sets a conference on targets meant for
        # any conference, and an import must never fail on a user's duplicate.
        Index("ix_targets_owner_conference", "owner_id", "conference_id"),
        *owner_indexes("targets"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10), default="should")
    #: The user's private note (logistics, what to bring up).
    note: Mapped[str] = mapped_column(Text, default="")
    #: The narrative hook: what in this person's or program's work interests the user.
    why: Mapped[str] = mapped_column(Text, default="")
    #: From the speaker or session; for programs and persons, the conference the user named (or none: any).
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id", ondelete="SET NULL"))
    #: For kind speaker the target itself; for kind person the speaker it was linked to, if any.
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="SET NULL"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    #: The person's name as typed; for other kinds a copy of the speaker's, program's or session's name.
    name: Mapped[str] = mapped_column(String(300), default="")
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    #: Which mentor suggested this must-meet name.
    recommended_by: Mapped[str] = mapped_column(String(300), default="")
    #: Person targets: the name and affiliation as the importer normalizes speakers', for matching them.
    normalized_name: Mapped[str] = mapped_column(String(300), default="")
    normalized_affiliation: Mapped[str] = mapped_column(String(300), default="")

    #: Joined, so a list of targets shows conference slugs without a query per conference.
    conference: Mapped[Conference | None] = relationship(lazy="joined")
    speaker: Mapped[Speaker | None] = relationship()
    program: Mapped[Program | None] = relationship()
    session: Mapped[Session | None] = relationship()

    #: Whether the user has met this target: not stored, filled in by operations.mark_met().
    met = False
