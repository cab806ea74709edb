"""A user's data across every table, found from the schema: a new table of theirs is exported and erased without listing it here."""

from __future__ import annotations

import base64
import uuid
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Table, Uuid, or_, select

from ..db.types import utcnow
from ..extensions import db
from .models import User

#: The conference program, shared by every user: nothing in these tables is anyone's own.
SHARED_TABLES = frozenset({"conferences", "programs", "sessions", "speakers", "session_speakers"})
#: Bookkeeping about a user's records rather than something the user stored.
INTERNAL_TABLES = frozenset({"change_counters"})
#: The columns that say, outside this database, which row a reference means: a conference's slug and name, a
#: session's title, start and room, a contact's name, an encounter's time.
NAMING_COLUMNS = ("slug", "name", "title", "starts_at", "room", "occurred_at")


def user_references() -> dict[Table, list[Column]]:
    """Every table with a column referencing users.id, and those columns."""
    users_id = User.__table__.c.id
    found: dict[Table, list[Column]] = defaultdict(list)
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(key.column is users_id for key in column.foreign_keys):
                found[table].append(column)
    return dict(found)


def exported_columns(table: Table) -> list[Column]:
    """A table's columns minus secrets (marked `info={"export": False}`, like password hashes)."""
    return [column for column in table.columns if column.info.get("export", True)]


def _plain(value):
    """A database value as JSON can carry it."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _rows(table: Table, *where) -> list[dict]:
    """Rows of a table as plain dictionaries, in primary-key order."""
    columns = exported_columns(table)
    query = select(*columns).where(*where).order_by(*table.primary_key.columns)
    return [
        {column.name: _plain(value) for column, value in zip(columns, row, strict=False)}
        for row in db.session.execute(query)
    ]


def export_user(user: User) -> dict:
    """Everything a user stored, each reference with what it refers to; one query per table whatever the amount."""
    users = User.__table__
    owned_tables = user_references()
    tables = {table: columns for table, columns in owned_tables.items() if table.name not in INTERNAL_TABLES}
    records = {table: _rows(table, _owned_by(user, columns)) for table, columns in tables.items()}
    _describe_references(user, owned_tables, records)
    return {
        "exported_at": utcnow(),
        "profile": _rows(users, users.c.id == user.id)[0],
        "records": {table.name: rows for table, rows in records.items()},
    }


def _owned_by(user: User, columns: list[Column]):
    """The condition that a row refers to the user."""
    return or_(*(column == user.id for column in columns))


def _stored(column: Column, value):
    """A value exported as plain JSON, as the column stores it again (a UUID string back to a UUID)."""
    return uuid.UUID(value) if isinstance(column.type, Uuid) else value


def _reference_key(column: Column) -> str:
    """Where a row shows what a reference column refers to: `conference_id` -> `conference`."""
    key = column.name.removesuffix("_id") if column.name.endswith("_id") else f"{column.name}_ref"
    return key if key not in column.table.c else f"{key}_ref"


def _references(records: dict[Table, list[dict]]) -> list[tuple[Table, Column, Column]]:
    """(table, reference column, referred column) for every reference to a row that has naming columns."""
    users = User.__table__
    return [
        (table, column, key.column)
        for table in records
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table is not users and any(name in key.column.table.c for name in NAMING_COLUMNS)
    ]


def _describe_references(user: User, owned_tables: dict[Table, list[Column]], records: dict[Table, list[dict]]):
    """Put beside each reference (`session_id`) what it refers to (`session`: title, start, room), so the export
    means something outside this database; one query per referred table, reading only shared rows or the user's own.
    """
    references = _references(records)
    wanted: dict[Column, set] = defaultdict(set)
    for table, column, target in references:
        values = (row[column.name] for row in records[table])
        wanted[target].update(_stored(target, value) for value in values if value is not None)
    found: dict[Column, dict] = {}
    for target, ids in wanted.items():
        naming = [target.table.c[name] for name in NAMING_COLUMNS if name in target.table.c]
        where = [target.in_(ids)]
        if target.table in owned_tables:
            where.append(_owned_by(user, owned_tables[target.table]))
        rows = db.session.execute(select(target, *naming).where(*where)).all() if ids else []
        found[target] = {
            str(row[0]): {c.name: _plain(v) for c, v in zip(naming, row[1:], strict=False)} for row in rows
        }
    for table, column, target in references:
        for row in records[table]:
            value = row[column.name]
            row[_reference_key(column)] = None if value is None else found[target].get(str(value))
