"""A message waiting in the outbox, being sent, sent, or given up on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db.types import UTCDateTime, utcnow
from ..extensions import db

STATUSES = ("queued", "sending", "sent", "failed")


class OutboxMessage(db.Model):
    """One email to one user, stored whole so that delivery needs nothing but this row."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        # Queuing the same kind of message for the same user and conference twice makes one message.
        # Messages about no conference (NULL) are not deduplicated by this key.
        UniqueConstraint("owner_id", "conference_id", "kind"),
        CheckConstraint("status IN ('queued', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The user the message is for and about; named like every user-owned column (one door, one export).
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    #: What the message is, e.g. "summary"; one of each per user and conference.
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    #: Further headers, e.g. List-Unsubscribe.
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: Made when queued, so every attempt carries the same Message-ID and receivers can drop repeats.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When a sender took the message; a claim this old without an outcome means the sender stopped.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
