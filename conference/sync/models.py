"""What every record that syncs to a phone carries: a version, a tombstone, and a place in its owner's changes."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Uuid, bindparam, event, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ..db.types import UTCDateTime, utcnow
from ..extensions import db


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
    change_seq: Mapped[int] = mapped_column(default=0)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        """Make every UPDATE check the version it read, so that of two writes from one version only one lands."""
        # `UPDATE ... WHERE id = :id AND version = :seen`: the loser gets StaleDataError instead of
        # silently overwriting the winner. `touch()` still sets the version, so it goes up only on a change.
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


def owner_indexes(table: str) -> tuple[Index, Index]:
    """The indexes every owned table needs: its owner's changes in order (the changes feed reads the next
    hundred of them, not every record of the owner) and its owner's latest change (the calendar feed's 304)."""
    return (
        Index(f"ix_{table}_owner_change_seq", "owner_id", "change_seq"),
        Index(f"ix_{table}_owner_updated_at", "owner_id", "updated_at"),
    )


# The changes feed and its cursor.
#
# Every write to a user's records takes the next numbers from that user's counter row, in the
# same transaction, just before the rows are flushed. Updating the counter row locks it until
# commit, so two transactions of one user get their numbers in commit order: once a client has
# seen number n, nothing numbered n or less can still appear. Timestamps cannot promise this (a
# transaction that started first may commit last, and two app servers' clocks disagree), so the
# feed's cursor is this number and never a time. Numbers count per user, so users never wait on
# each other; a user's own writes from two devices are serialized, which costs nothing noticeable.
# The numbering happens in the ORM flush: change owned records through the ORM, or in batches with
# `write_many`, never with another Core UPDATE, or the feed will not carry the change.


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


def _take_change_numbers(session: Session, records) -> dict[OwnedRecord, int]:
    """The owners' next change numbers for these records, taken owner by owner in one order, so no two deadlock."""
    by_owner: dict[int, list[OwnedRecord]] = defaultdict(list)
    for record in records:
        by_owner[record.owner_id].append(record)
    numbers = {}
    for owner_id in sorted(by_owner):
        group = by_owner[owner_id]
        last = _reserve_change_numbers(session, owner_id, len(group))
        numbers.update(zip(group, range(last - len(group) + 1, last + 1), strict=False))
    return numbers


@event.listens_for(Session, "before_flush")
def _number_changes(session: Session, flush_context, instances) -> None:
    """Give every owned record created or changed in this flush the owner's next change number."""
    changed = [record for record in session.new if isinstance(record, OwnedRecord)]
    changed += [r for r in session.dirty if isinstance(r, OwnedRecord) and session.is_modified(r)]
    for record, number in _take_change_numbers(session, changed).items():
        record.change_seq = number


def write_many(session: Session, model: type[OwnedRecord], changes: list[tuple[OwnedRecord, dict]]) -> None:
    """Write the same columns to many records in one statement, each still checked against the version it was read at.

    For batch work (an import linking every user's targets), where the ORM would send one UPDATE
    per row because it checks versions. Each record gets a new version and change number as with
    `touch()`, so phones hear of it.
    :raise StaleDataError: when a record changed since it was read (run the batch in `retrying`).
    """
    if not changes:
        return
    numbers = _take_change_numbers(session, [record for record, _ in changes])
    now = utcnow()
    rows = [
        (record, {**values, "change_seq": numbers[record], "version": record.version + 1, "updated_at": now})
        for record, values in changes
    ]
    table = model.__table__
    statement = update(table).where(table.c.id == bindparam("seen_id"), table.c.version == bindparam("seen_version"))
    params = [{**values, "seen_id": record.id, "seen_version": record.version} for record, values in rows]
    written = session.connection().execute(statement, params).rowcount
    if written != len(rows):
        raise StaleDataError(f"{len(rows) - written} of {len(rows)} {table.name} changed since they were read")
    for record, values in rows:
        for name, value in values.items():
            set_committed_value(record, name, value)
