"""Showing many of a user's records at once, as lists and the changes feed do.

Loading a page of a hundred records as ORM objects and dumping them field by field through
marshmallow cost several times what the rest of such a request does. Here a kind's records are read
as plain rows holding just the values its schema shows (the model's columns, and `Kind.derived` for
the others) and dumped by the schema compiled once (conference.schemas.compiled_dump), which gives
what `schema.dump` gives. A kind that fills in values in Python (`Kind.complete`) is read as ORM
objects instead, completed, and dumped the same way.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, inspect

from ..extensions import db
from ..schemas import compiled_dump, compiled_row_dump
from .operations import KINDS, Kind, _no_hook


@dataclass(frozen=True)
class _Reader:
    """How one kind's records are read and dumped."""

    #: The columns of a row, one per shown field in the schema's order; None to read ORM objects.
    columns: tuple | None
    dump: Callable[[Any], dict]


@cache
def _reader(name: str) -> _Reader:
    """The reader of a registered kind, worked out on first use.

    :raise TypeError: when a shown field of a kind read as rows is neither a column nor derived.
    """
    kind = KINDS[name]
    if kind.complete is not _no_hook:
        return _Reader(None, compiled_dump(kind.schema))
    mapped = inspect(kind.model).columns
    columns = []
    for field_name, field in kind.schema.dump_fields.items():
        attribute = field.attribute or field_name
        if field_name in kind.derived:
            columns.append(kind.derived[field_name].label(attribute))
        elif attribute in mapped:
            columns.append(mapped[attribute].label(attribute))
        else:
            raise TypeError(f"{name}: field {field_name!r} is no column of {kind.model.__name__}; derive it")
    return _Reader(tuple(columns), compiled_row_dump(kind.schema, given=kind.derived))


def showing(kind: Kind, query: Select) -> Select:
    """The statement for `shown` that reads what a select of the kind's model picks: just the shown values, when it can."""
    reader = _reader(kind.name)
    return query if reader.columns is None else query.with_only_columns(*reader.columns)


def shown(kind: Kind, user, statement: Select, params: dict | None = None) -> list[dict]:
    """Run a statement made by `showing`; the records it picks, in its order, as the kind's schema dumps them."""
    reader = _reader(kind.name)
    if reader.columns is not None:
        return [reader.dump(row) for row in db.session.execute(statement, params)]
    records = db.session.scalars(statement, params).unique().all()
    kind.complete(user, [record for record in records if record.deleted_at is None])
    return [reader.dump(record) for record in records]
