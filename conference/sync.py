"""What every record that syncs to a phone carries, and the one door to a user's own records."""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime

from flask import has_request_context, request
from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy import ForeignKey, Select, Uuid, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column
from werkzeug.http import parse_etags, quote_etag

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
    #: The owner's change counter when this row last changed; the changes feed's cursor (see below).
    change_seq: Mapped[int] = mapped_column(default=0, index=True)


def owned(model, user, *, include_deleted: bool = False) -> Select:
    """Select a user's records of a model; the only way anything reaches user data."""
    query = select(model).where(model.owner_id == user.id)
    if not include_deleted:
        query = query.where(model.deleted_at.is_(None))
    return query


def find_owned(model, user, record_id, *, include_deleted: bool = False):
    """One of the user's records, or None when it does not exist, is deleted, or is someone else's."""
    query = owned(model, user, include_deleted=include_deleted).where(model.id == record_id)
    return db.session.scalars(query).one_or_none()


def get_owned_or_404(model, user, record_id, *, include_deleted: bool = False):
    """Load one of the user's records.

    :raise 404: when it does not exist, is deleted, or belongs to someone else.
    """
    record = find_owned(model, user, record_id, include_deleted=include_deleted)
    if record is None:
        abort(404, message=f"{model.__name__} {record_id} not found.")
    return record


# The changes feed and its cursor.
#
# Every write to a user's records takes the next numbers from that user's counter row, in the
# same transaction, just before the rows are flushed. Updating the counter row locks it until
# commit, so two transactions of one user get their numbers in commit order: once a client has
# seen number n, nothing numbered n or less can still appear. Timestamps cannot promise this (a
# transaction that started first may commit last, and two app servers' clocks disagree), so the
# feed's cursor is this number and never a time. Numbers count per user, so users never wait on
# each other; a user's own writes from two devices are serialized, which costs nothing noticeable.
# The numbering happens in the ORM flush: change owned records through the ORM, never with a bulk
# Core UPDATE, or the feed will not carry the change.


class ChangeCounter(db.Model):
    """The last change number given out for one user's records."""

    __tablename__ = "change_counters"

    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)


def _reserve_change_numbers(session: Session, owner_id: int, count: int) -> int:
    """Take `count` numbers from the owner's counter, creating it when needed; returns the last one."""
    table = ChangeCounter.__table__
    connection = session.connection()
    bump = (
        update(table)
        .where(table.c.owner_id == owner_id)
        .values(last_seq=table.c.last_seq + count)
        .returning(table.c.last_seq)
    )
    last = connection.execute(bump).scalar()
    if last is None:
        dialect = {"postgresql": postgresql, "sqlite": sqlite}.get(connection.dialect.name)
        if dialect is None:
            create = insert(table)
        else:  # a concurrent first write may create the row too: then use theirs
            create = dialect.insert(table).on_conflict_do_nothing()
        connection.execute(create.values(owner_id=owner_id, last_seq=0))
        last = connection.execute(bump).scalar_one()
    return last


@event.listens_for(Session, "before_flush")
def _number_changes(session: Session, flush_context, instances) -> None:
    """Give every owned record created or changed in this flush the owner's next change number."""
    by_owner: dict[int, list[OwnedRecord]] = defaultdict(list)
    for record in session.new:
        if isinstance(record, OwnedRecord):
            by_owner[record.owner_id].append(record)
    for record in session.dirty:
        if isinstance(record, OwnedRecord) and session.is_modified(record):
            by_owner[record.owner_id].append(record)
    for owner_id in sorted(by_owner):  # one order for every transaction, so none deadlock
        records = by_owner[owner_id]
        last = _reserve_change_numbers(session, owner_id, len(records))
        for number, record in enumerate(records, start=last - len(records) + 1):
            record.change_seq = number


# Versions, ETag and If-Match.


def etag_headers(record: Versioned) -> dict[str, str]:
    """The ETag header naming a record's version, for item responses."""
    return {"ETag": quote_etag(str(record.version))}


def parse_if_match(header: str | None) -> set[int] | None:
    """The versions an If-Match header names (`3`, `"3"`, `W/"3"`, lists); None when absent or `*`."""
    if header is None:
        return None
    tags = parse_etags(header)
    if tags.star_tag:
        return None
    return {int(tag) for tag in tags.as_set(include_weak=True) if tag.isdigit()}


_FROM_REQUEST = object()


def check_if_match(record: Versioned, schema: Schema, if_match=_FROM_REQUEST) -> None:
    """Refuse to change a record the client saw at another version than the stored one.

    `if_match` is the header's text (None: no condition); by default the request's If-Match
    header is read. Call it only when the write would change something, so that a retried
    write that was already applied answers as a success.
    :raise 409: with the stored record as `current` when the versions differ.
    """
    if if_match is _FROM_REQUEST:
        if_match = request.headers.get("If-Match") if has_request_context() else None
    versions = parse_if_match(if_match)
    if versions is not None and record.version not in versions:
        abort(
            409,
            message=f"This record changed since you loaded it (now version {record.version}); review and try again.",
            current=schema.dump(record),
        )
