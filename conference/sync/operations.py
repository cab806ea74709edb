"""Writing a user's synced records from phones whose requests get lost, retried, and race each other.

A PUT to a client-made id creates the record or replaces all of it; a PATCH changes only the
fields it names; a DELETE leaves a tombstone. The same request sent again changes nothing and
answers as the first did. A write that would change a record is checked against the version the
client saw (If-Match): a stale one answers 412 with the stored record, and a PUT that would replace
a record without naming a version answers 428. The check and the write are one step: the UPDATE
carries `WHERE version = :seen` (see models.OwnedRecord), so of two writes from one version exactly
one lands; the other is tried again in a fresh savepoint, where it meets the winner's version.
Writes flush; the request commits once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TypeVar

from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy import Select, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.http import quote_etag

from ..db.types import utcnow
from ..extensions import db
from .models import Versioned

T = TypeVar("T")
#: How many times a write that lost a race is tried again; each try sees the winner's version.
ATTEMPTS = 5


def _no_hook(*_args) -> None:
    """Nothing to do around a write."""


@dataclass(frozen=True)
class Kind:
    """One kind of synced record: how it is written, shown, and named in the changes feed."""

    #: Its list's name in the changes feed ("contacts").
    name: str
    model: type
    #: Dumps the record (item answers, the feed, and `current` in 412 and 428 answers).
    schema: Schema
    #: The columns a client writes, and what a PUT without them gets.
    defaults: dict[str, Any]
    #: (user, stored record or None, values, fields sent) -> columns to store; validates references.
    prepare: Callable[[Any, Any, dict, dict], dict]
    #: Called after a change with the user, the record and its columns before (None when just created).
    after_change: Callable[[Any, Any, dict | None], None] = field(default=_no_hook)
    #: Called with the user and the record when the record is tombstoned.
    on_delete: Callable[[Any, Any], None] = field(default=_no_hook)
    #: Brings a user's records of this kind up to date before a list or the changes feed reads them
    #: (records that fall due with time, made once).
    refresh: Callable[[Any], None] = field(default=_no_hook)
    #: Fills in computed attributes of a user's live records before they are dumped.
    complete: Callable[[Any, list], None] = field(default=_no_hook)
    #: SQL for the shown fields that are not the model's columns (a related conference's slug), by field name,
    #: so that lists and the feed read the kind as plain rows (reading.py).
    derived: dict[str, Any] = field(default_factory=dict)

    def dump(self, user, record) -> dict:
        """The record as its owner sees it, computed attributes included."""
        if record.deleted_at is None:
            self.complete(user, [record])
        return self.schema.dump(record)


#: Every kind the changes feed carries, by name, in the order the features registered them.
KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to the changes feed; each feature registers the kinds it owns, so this package imports none."""
    KINDS[kind.name] = kind
    return kind


# The one door to a user's records.

#: Stands for the user in a statement built once and run for every user with `owner(user)` as parameters;
#: one left without them fails instead of reading anyone's records.
ANY_USER = SimpleNamespace(id=bindparam("owner_id"))


def owner(user) -> dict[str, int]:
    """The parameters that make a statement built for ANY_USER read this user's records."""
    return {"owner_id": user.id}


def owned(model, user, *, include_deleted: bool = False) -> Select:
    """Select a user's records of a model (ANY_USER: the user named later); the only way anything reaches user data."""
    query = select(model).where(model.owner_id == user.id)
    if not include_deleted:
        query = query.where(model.deleted_at.is_(None))
    return query


def find_owned(model, user, record_id, *, include_deleted: bool = False):
    """One of the user's records, or None when it does not exist, is deleted, or is someone else's."""
    query = owned(model, user, include_deleted=include_deleted).where(model.id == record_id)
    # Reread the stored row even when this session loaded it before: a retry must see the winner's write.
    return db.session.scalars(query.execution_options(populate_existing=True)).one_or_none()


def get_owned_or_404(model, user, record_id, *, include_deleted: bool = False):
    """Load one of the user's records.

    :raise 404: when it does not exist, is deleted, or belongs to someone else.
    """
    record = find_owned(model, user, record_id, include_deleted=include_deleted)
    if record is None:
        abort(404, message=f"{model.__name__} {record_id} not found.")
    return record


# Versions.


class _AnyVersion:
    """`If-Match: *`: whatever version is stored (the client means to overwrite it)."""

    def __contains__(self, version) -> bool:
        """Every version matches."""
        return True


ANY_VERSION = _AnyVersion()


def etag_headers(record: Versioned) -> dict[str, str]:
    """The ETag header naming a record's version, for item responses."""
    return {"ETag": quote_etag(str(record.version))}


def check_version(kind: Kind, user, record, if_match: Container[int] | None, *, required: bool = False) -> None:
    """Refuse to change a record the client saw at another version than the stored one.

    `if_match` holds the versions the If-Match header names (None: no header; ANY_VERSION: `*`).
    Call it only when the write would change something, so that a retried write already applied
    answers as a success.
    :raise 412: with the stored record as `current` when the versions differ.
    :raise 428: with the stored record as `current` when `required` and no version was named.
    """
    if if_match is None and required:
        abort(
            428,
            message=f"Send If-Match with the version you last saw (now {record.version}) to replace this record.",
            current=kind.dump(user, record),
        )
    if if_match is not None and record.version not in if_match:
        abort(
            412,
            message=f"This record changed since you loaded it (now version {record.version}); review and try again.",
            current=kind.dump(user, record),
        )


# Writes.


@contextmanager
def savepoint() -> Iterator[None]:
    """Run a write in a savepoint of the request's transaction, so that losing a race undoes only this write."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        # pysqlite opens a transaction only before INSERT/UPDATE/DELETE: a SAVEPOINT would open one
        # itself and its RELEASE would commit it, half a request. Open it here, taking the write lock
        # now so that reads inside see the last commit (SQLite writes one at a time anyway).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    with db.session.begin_nested():
        yield


def retrying(write: Callable[[], T]) -> T:
    """Run a write in a savepoint, again after it lost a race (a unique key or a version taken meanwhile)."""
    for _ in range(ATTEMPTS - 1):
        try:
            with savepoint():
                return write()
        except (IntegrityError, StaleDataError):
            continue  # lost a race; the next attempt sees the winner's write
    with savepoint():
        return write()


def put(kind: Kind, user, record_id: uuid.UUID, data: dict, if_match: Container[int] | None) -> tuple[Any, bool]:
    """Create the record under the client's id or replace all of it; returns (record, created).

    :raise 404: when the id belongs to another user (nothing of theirs is read or changed).
    :raise 410: when the user deleted this record.
    :raise 412: when If-Match names a stale version and the request would change the record.
    :raise 422: when a referenced id is unknown or not the user's.
    :raise 428: when the request would change the record and names no version.
    """
    return retrying(lambda: _put_once(kind, user, record_id, data, if_match))


def _put_once(kind: Kind, user, record_id: uuid.UUID, data: dict, if_match: Container[int] | None) -> tuple[Any, bool]:
    """One attempt at a PUT; a unique key or version taken meanwhile escapes as an exception."""
    owner_id = db.session.scalar(select(kind.model.owner_id).where(kind.model.id == record_id))
    if owner_id is not None and owner_id != user.id:
        abort(404, message=f"{kind.model.__name__} {record_id} not found.")  # nothing of theirs is read
    values = {**kind.defaults, **data}
    if owner_id is None:
        record = kind.model(id=record_id, owner_id=user.id, **kind.prepare(user, None, values, data))
        db.session.add(record)
        db.session.flush()
        kind.after_change(user, record, None)
        return record, True
    record = get_owned_or_404(kind.model, user, record_id, include_deleted=True)
    if record.deleted_at is not None:
        abort(410, message=f"{kind.model.__name__} {record_id} was deleted; create a new one with a new id.")
    return _update(kind, user, record, values, data, if_match, required=True), False


def patch(kind: Kind, user, record_id: uuid.UUID, data: dict, if_match: Container[int] | None):
    """Change the fields a request names, leaving the others as stored.

    :raise 404: when the record is not the user's live record.
    :raise 412: when If-Match names a stale version and the request would change the record.
    :raise 422: when a referenced id is unknown or not the user's.
    """

    def attempt():
        """Apply the fields sent to the record as stored now."""
        record = get_owned_or_404(kind.model, user, record_id)
        values = {**{name: getattr(record, name) for name in kind.defaults}, **data}
        return _update(kind, user, record, values, data, if_match, required=False)

    return retrying(attempt)


def _update(kind: Kind, user, record, values: dict, sent: dict, if_match: Container[int] | None, *, required: bool):
    """Store the columns that differ; bump the version only when something does."""
    columns = kind.prepare(user, record, values, sent)
    before = {name: getattr(record, name) for name in {*kind.defaults, *columns}}
    changes = {name: value for name, value in columns.items() if before[name] != value}
    if not changes:
        return record
    check_version(kind, user, record, if_match, required=required)
    for name, value in changes.items():
        setattr(record, name, value)
    record.touch()
    db.session.flush()
    kind.after_change(user, record, before)
    return record


def delete(kind: Kind, user, record_id: uuid.UUID, if_match: Container[int] | None) -> None:
    """Tombstone a record, so every device learns of the deletion; deleting it again answers the same.

    :raise 404: when the record is not the user's (live or deleted).
    :raise 412: when If-Match names a stale version.
    """

    def attempt() -> None:
        """Tombstone the record as stored now, unless it already is."""
        record = get_owned_or_404(kind.model, user, record_id, include_deleted=True)
        if record.deleted_at is not None:
            return
        check_version(kind, user, record, if_match)
        record.deleted_at = utcnow()
        record.touch()
        kind.on_delete(user, record)
        db.session.flush()

    retrying(attempt)


# References in request bodies.


def changed(stored, name: str, value) -> bool:
    """Whether a column gets a new value (always, for a record being created)."""
    return stored is None or getattr(stored, name) != value


def require_owned(user, model, record_id, field_name: str):
    """One of the user's live records, referenced from a request body.

    :raise 422: naming the field, alike for unknown ids and other users' ids.
    """
    record = find_owned(model, user, record_id)
    if record is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: ["Not found among your records."]})
    return record


def require_row(model, row_id: int, field_name: str):
    """A shared row (session, speaker) referenced from a request body.

    :raise 422: naming the field when there is none.
    """
    row = db.session.get(model, row_id)
    if row is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: ["Not found."]})
    return row
