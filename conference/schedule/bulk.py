"""Writing many rows at once: statement-sized chunks, COPY on PostgreSQL, ids read back in one query."""

from __future__ import annotations

import json
from collections.abc import Iterable

from psycopg import sql
from sqlalchemy import JSON, Table, insert, select, update

from ..db.types import on_postgresql
from ..extensions import db

#: Rows per statement for IN lists, well below SQLite's and PostgreSQL's parameter limits.
CHUNK = 900


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    """Split a list into statement-sized pieces."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_ids(model, rows: list[dict], key, scope) -> dict:
    """Insert rows in bulk, then read back key -> id in one query (cheaper than RETURNING per batch)."""
    if not rows:
        return {}
    insert_rows(model.__table__, rows)
    return {value: row_id for row_id, value in db.session.execute(select(model.id, key).where(scope))}


def insert_rows(table: Table, rows: list[dict]) -> None:
    """Insert rows that give every column without a server default: COPY on PostgreSQL, executemany elsewhere.

    Core, not the ORM: these are plain values, and the ORM's bulk insert costs more than the database.
    """
    if not rows:
        return
    if not on_postgresql():
        for chunk in chunks(rows, 5 * CHUNK):
            db.session.execute(insert(table), chunk)
        return
    columns = list(rows[0])
    as_json = {name for name in columns if isinstance(table.c[name].type, JSON)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    # COPY goes around SQLAlchemy, on the session's own connection and so in its transaction.
    with db.session.connection().connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json.dumps(row[name]) if name in as_json else row[name] for name in columns])


def bulk_update(model, rows: list[dict]) -> None:
    """Update rows by primary key in batches."""
    for chunk in chunks(rows):
        db.session.execute(update(model), chunk)
