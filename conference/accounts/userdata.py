"""A user's data across every table, found from the schema: a new table of theirs is exported and erased without listing it here."""
from __future__ import annotations

import base64
import uuid
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Table, or_, select

from ..db.types import utcnow
from ..extensions import db
from .models import User

#: The conference program, shared by every user: nothing in these tables is anyone's own.
SHARED_TABLES = frozenset({"conferences", "programs", "sessions", "speakers", "session_speakers"})
#: Bookkeeping about a user's records rather than something the user stored.
INTERNAL_TABLES = frozenset({"change_counters"})


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
    return [{column.name: _plain(value) for column, value in zip(columns, row)} for row in db.session.execute(query)]


def export_user(user: User) -> dict:
    """Everything a user stored, one query per table whatever the amount."""
    users = User.__table__
    records = {
        table.name: _rows(table, or_(*(column == user.id for column in columns)))
        for table, columns in user_references().items()
        if table.name not in INTERNAL_TABLES
    }
    return {"exported_at": utcnow(), "profile": _rows(users, users.c.id == user.id)[0], "records": records}
