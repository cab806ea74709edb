"""What every record that syncs to a phone carries, and the one door to a user's own records."""
from __future__ import annotations

import uuid
from datetime import datetime

from flask_login import current_user
from flask_smorest import abort
from sqlalchemy import ForeignKey, Select, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column

from .db_types import UTCDateTime, utcnow
from .extensions import db


class Versioned:
    """A version bumped on every change and the time of that change (ETag, SEQUENCE, changes feed)."""

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)

    def touch(self) -> None:
        """Record that this row changed, for rows changed in place."""
        self.version = (self.version or 0) + 1
        self.updated_at = utcnow()


class OwnedRecord(Versioned):
    """A user's own record: a client-made UUID, its owner, and a tombstone instead of a hard delete."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


def owned(model, *, include_deleted: bool = False) -> Select:
    """Select the current user's records of a model; the only way views reach user data."""
    query = select(model).where(model.owner_id == current_user.id)
    if not include_deleted:
        query = query.where(model.deleted_at.is_(None))
    return query


def get_owned_or_404(model, record_id, *, include_deleted: bool = False):
    """Load one of the current user's records.

    :raise 404: when it does not exist, is deleted, or belongs to someone else.
    """
    record = db.session.scalars(
        owned(model, include_deleted=include_deleted).where(model.id == record_id)
    ).one_or_none()
    if record is None:
        abort(404, message=f"{model.__name__} {record_id} not found.")
    return record
