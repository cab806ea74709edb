"""Showing many of a user's records at once, as lists and the changes feed do.

Loading a page of a hundred records as ORM objects and dumping them field by field through
marshmallow cost several times what the rest of such a request does. Here a kind's records are read
as plain rows holding just the values its schema shows (the model's columns, and `Kind.derived` for
the others, such as a related slug or what `Kind.complete` fills in for one record) and dumped by
the schema compiled once (conference.web.schemas.compiled_row_dump), which gives what `schema.dump` gives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, inspect

from ..extensions import db
from ..web.schemas import compiled_row_dump
from .operations import KINDS, Kind


@dataclass(frozen=True)
class _Reader:
    """How one kind's records are read and dumped."""

    #: The columns of a row, one per shown field in the schema's order.
    columns: tuple
    dump: Callable[[Sequence], dict]


@cache
def _reader(name: str) -> _Reader:
    """The reader of a registered kind, worked out on first use.

    :raise TypeError: when a shown field is neither a column of the model nor derived.
    """
    kind = KINDS[name]
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
    """The statement for `shown`: what a select of the kind's model picks, as rows of the values shown."""
    return query.with_only_columns(*_reader(kind.name).columns)


def shown(kind: Kind, statement: Select, params: dict | None = None) -> list[dict]:
    """Run a statement made by `showing`; the records it picks, in its order, as the kind's schema dumps them."""
    dump = _reader(kind.name).dump
    return [dump(row) for row in db.session.execute(statement, params)]
