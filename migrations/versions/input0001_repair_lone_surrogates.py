"""lone surrogates stored before input refused them become U+FFFD, so every record reads again

A JSON escape like "\\ud800" without its pair decoded to half a character. SQLite and PostgreSQL json
columns kept it escaped, and from then on reading the record failed (a 500 on every list holding
it); raw SQL can put the same into SQLite text as bytes no UTF-8 reader accepts. Every text and JSON
column of every table is scanned where such a value can be: on PostgreSQL only json columns (its text
and jsonb refuse them), on SQLite text and JSON alike. A pair split in two is joined, not replaced.

Revision ID: input0001
Revises: emailapp0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "input0001"
down_revision = "emailapp0001"
branch_labels = None
depends_on = None


def _repaired(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD (a split pair becomes its character)."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _repaired_json(value):
    """A decoded JSON value with every string (keys too) repaired."""
    if isinstance(value, str):
        return _repaired(value)
    if isinstance(value, list):
        return [_repaired_json(item) for item in value]
    if isinstance(value, dict):
        return {_repaired(key): _repaired_json(item) for key, item in value.items()}
    return value


def _decoded(raw) -> str:
    """A stored cell as text: surrogates written as UTF-8 kept (to be repaired), other bad bytes replaced."""
    if isinstance(raw, str):
        return raw
    raw = bytes(raw)
    try:
        return raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _columns(bind, inspector, table: str):
    """(column, is_json) for the columns of a table that can hold a lone surrogate on this database."""
    for column in inspector.get_columns(table):
        kind = column["type"]
        if isinstance(kind, sa.JSON) and type(kind).__name__ != "JSONB":
            yield column["name"], True
        elif isinstance(kind, sa.String) and bind.dialect.name == "sqlite":
            yield column["name"], False


def _suspects(bind, table: str, column: str, is_json: bool, key: list[str]):
    """(key values, stored text) of rows whose cell may hold a surrogate: escaped in JSON, as bytes ED .. in text."""
    quote = bind.dialect.identifier_preparer.quote
    keys = ", ".join(quote(name) for name in key)
    if bind.dialect.name == "postgresql":
        cell, test = f"{quote(column)}::text", f"strpos(lower({quote(column)}::text), '\\ud') > 0"
    elif is_json:
        cell, test = quote(column), f"instr(lower({quote(column)}), '\\ud') > 0"
    else:
        cell, test = f"CAST({quote(column)} AS BLOB)", f"instr(CAST({quote(column)} AS BLOB), X'ED') > 0"
    statement = sa.text(f"SELECT {keys}, {cell} FROM {quote(table)} WHERE {test}")
    for row in bind.execute(statement):
        *key_values, stored = row
        yield tuple(key_values), _decoded(stored)


def _repair_column(bind, table: str, column: str, is_json: bool, key: list[str]) -> None:
    """Rewrite the cells of one column that hold a lone surrogate."""
    quote = bind.dialect.identifier_preparer.quote
    value = "CAST(:value AS JSON)" if is_json and bind.dialect.name == "postgresql" else ":value"
    where = " AND ".join(f"{quote(name)} = :key{index}" for index, name in enumerate(key))
    update = sa.text(f"UPDATE {quote(table)} SET {quote(column)} = {value} WHERE {where}")
    for key_values, stored in list(_suspects(bind, table, column, is_json, key)):
        repaired = _repaired_cell(stored, is_json)
        if repaired is not None:
            keys = {f"key{index}": value for index, value in enumerate(key_values)}
            bind.execute(update, {"value": repaired, **keys})


def _repaired_cell(stored: str, is_json: bool) -> str | None:
    """The cell's repaired text, or None when it needs none (or is JSON that does not decode)."""
    if not is_json:
        repaired = _repaired(stored)
        return repaired if repaired != stored else None
    try:
        document = json.loads(stored)
    except ValueError:
        return None
    fixed = _repaired_json(document)
    return json.dumps(fixed) if fixed != document else None


def upgrade():
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in inspector.get_table_names():
        key = inspector.get_pk_constraint(table)["constrained_columns"]
        if table == "alembic_version" or not key:
            continue
        for column, is_json in _columns(bind, inspector, table):
            _repair_column(bind, table, column, is_json, key)


def downgrade():
    pass  # the replaced halves carried no character: there is nothing to put back
