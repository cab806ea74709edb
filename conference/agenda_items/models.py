"""What the user adds to their agenda themselves: meetings the program does not list."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db.types import UTCDateTime
from ..extensions import db
from ..schedule.models import Conference
from ..sync import OwnedRecord, owner_indexes


class Appointment(OwnedRecord, db.Model):
    """One of the user's own agenda items: a time, a place, and maybe the contact it is with."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        Index("ix_agenda_items_owner_conference_starts_at", "owner_id", "conference_id", "starts_at"),
        *owner_indexes("agenda_items"),
    )

    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Where to be: "Hilton lobby, by the escalators".
    place: Mapped[str] = mapped_column(String(200), default="")
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"))
    #: The contact the meeting is with, if any; cleared when that contact is deleted.
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    #: Private: never in feeds, summaries or logs.
    notes: Mapped[str] = mapped_column(Text, default="")

    #: Joined, so lists show conference slugs without a query per item.
    conference: Mapped[Conference] = relationship(lazy="joined")
