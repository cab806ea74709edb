"""The test database's configuration and its cleaning, for the fixtures and for tests that start their own servers."""

from __future__ import annotations

from sqlalchemy import text

from conference.extensions import db
from config import TestConfig


def app_config() -> dict:
    """TestConfig as a mapping, so a test can change one value."""
    return {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}


def empty_tables() -> None:
    """Delete every row, children first, keeping the schema the migrations built; ids start again at 1.

    DELETE, not TRUNCATE: on PostgreSQL a TRUNCATE makes new files for every table and index, about a
    second per test, while the few rows a test leaves go in milliseconds.
    """
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            connection.execute(text(_RESTART_SEQUENCES))


#: Every sequence of the schema back to 1, as TRUNCATE ... RESTART IDENTITY did.
_RESTART_SEQUENCES = (
    "SELECT setval(oid::regclass, 1, false) FROM pg_class"
    " WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
)
