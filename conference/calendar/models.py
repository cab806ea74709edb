"""A user's private calendar subscription."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db.types import UTCDateTime
from ..extensions import db
from ..sync import Versioned

#: How long before a follow-up's due time its reminder fires, unless the user chooses otherwise.
DEFAULT_ALARM_MINUTES = 60


class CalendarFeed(Versioned, db.Model):
    """The one feed URL of a user; only a hash of its secret is stored, so the database cannot leak it."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (CheckConstraint("alarm_minutes BETWEEN 0 AND 10080", name="alarm_minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: SHA-256 of the URL's secret, hex.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info={"export": False})
    #: When the secret was last replaced (None: never).
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Minutes before a follow-up's due time that its reminder fires; None turns reminders off.
    alarm_minutes: Mapped[int | None] = mapped_column(default=DEFAULT_ALARM_MINUTES)
