"""Conferences and their program, as imported from the organizers' files."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.types import UTCDateTime, utcnow
from ..extensions import db
from ..sync import Versioned

SESSION_STATUSES = ("scheduled", "cancelled")


class Conference(Versioned, db.Model):
    """One meeting, e.g. the APA Annual Meeting 2027."""

    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    #: IANA zone of the venue: conference days and local times are computed in it.
    timezone: Mapped[str] = mapped_column(String(64))
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    venue: Mapped[str] = mapped_column(Text, default="")
    #: Bumped by every import that changes the program: program lists' ETags and cached pages key on it.
    program_version: Mapped[int] = mapped_column(default=0, server_default="0")
    #: sha256 of the last imported file and its options (`operations.import_digest`); None once anything else
    #: writes the program. The same file and options again are recognised by it and not read.
    import_digest: Mapped[str | None] = mapped_column(String(64))

    @property
    def tz(self) -> ZoneInfo:
        """The conference's zone as a ZoneInfo."""
        return ZoneInfo(self.timezone)


class Program(Versioned, db.Model):
    """An institution or residency program, shared by all conferences."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    #: Lower-case, punctuation-free form that deduplicates spellings of one institution.
    normalized_name: Mapped[str] = mapped_column(Text, unique=True)


class Speaker(Versioned, db.Model):
    """A person speaking at one conference."""

    __tablename__ = "speakers"
    __table_args__ = (UniqueConstraint("conference_id", "identity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    #: Normalized name, used to match must-meet names to speakers.
    normalized_name: Mapped[str] = mapped_column(Text, index=True)
    #: Normalized name and affiliation: one speaker per person per conference.
    identity: Mapped[str] = mapped_column(Text)
    credentials: Mapped[str] = mapped_column(Text, default="")
    affiliation: Mapped[str] = mapped_column(Text, default="")
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"), index=True)

    conference: Mapped[Conference] = relationship()
    program: Mapped[Program | None] = relationship()
    appearances: Mapped[list[SessionSpeaker]] = relationship(back_populates="speaker")


class Session(Versioned, db.Model):
    """A session in the program: a lecture, symposium, workshop, poster session, ..."""

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("conference_id", "external_id"),
        CheckConstraint("status IN ('scheduled', 'cancelled')", name="status"),
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        # The program's order (start, then id): a page of it, however deep, is read from the index, not sorted.
        Index("ix_sessions_conference_starts_at", "conference_id", "starts_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    #: Stable identity from the source file (UID, guid, id, code, or a hash of title+start+room).
    external_id: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text)
    abstract: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(Text, default="")
    track: Mapped[str] = mapped_column(Text, default="")
    room: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    #: The presentations inside it, for talk-level programs: [{title, code, starts_at, ends_at, speakers}],
    #: times in UTC ISO 8601 (or null), speakers as [{name, role, affiliation}].
    talks: Mapped[list[dict]] = mapped_column(JSON, default=list)
    #: Hash of everything imported, so an unchanged re-import compares instead of rewriting.
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    #: The content_hash the search index holds for this session; differs until the index is refreshed.
    search_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")

    conference: Mapped[Conference] = relationship()
    appearances: Mapped[list[SessionSpeaker]] = relationship(
        back_populates="session", order_by="SessionSpeaker.position", cascade="all, delete-orphan"
    )


class SessionSpeaker(db.Model):
    """A speaker's role in one session (chair, presenter, discussant, ...)."""

    __tablename__ = "session_speakers"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(Text, default="presenter")
    position: Mapped[int] = mapped_column(default=0)

    session: Mapped[Session] = relationship(back_populates="appearances")
    speaker: Mapped[Speaker] = relationship(back_populates="appearances")


class ImportRun(db.Model):
    """One attempt to import a file: who, when, what, and how it went."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(Text, default="")
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(20), default="")
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    cancelled: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    #: The reason, when the import failed and nothing was written.
    error: Mapped[str | None] = mapped_column(Text)
