"""Schema pieces every feature shares: text as typed on a phone, bounded dates, and what every synced record shows."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from .inputs import MAX_ID, unstorable

#: The dates anyone can mean here; a value outside is a typo, and would overflow date arithmetic.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
OUT_OF_RANGE = f"Must be between {EARLIEST_YEAR} and {LATEST_YEAR}."


def _check_year(day: date) -> None:
    """Refuse a date outside the years anyone can mean."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(OUT_OF_RANGE)


class Day(fields.Date):
    """A calendar day (YYYY-MM-DD) between 1900 and 2100."""

    def _deserialize(self, value, attr, data, **kwargs):
        """Parse the day, then check its year."""
        day = super()._deserialize(value, attr, data, **kwargs)
        _check_year(day)
        return day


class Id(fields.Integer):
    """A row's id: a whole number the database's INTEGER columns can hold (others cannot exist)."""

    def __init__(self, **kwargs):
        """Bound the number to the ids that can exist."""
        super().__init__(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class Moment(fields.AwareDateTime):
    """A moment with its UTC offset ("2027-05-15T14:05:00-04:00") between 1900 and 2100; a time without one is refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        """Parse the moment, then check its year."""
        moment = super()._deserialize(value, attr, data, **kwargs)
        _check_year(moment.date())
        return moment


class Serialized(fields.Nested):
    """A nested object that arrives already serialized by its schema (kept per program version): documented, passed on."""

    def _serialize(self, value, attr, obj, **kwargs):
        """The value as it is."""
        return value


class Trimmed(fields.String):
    """A string with surrounding whitespace removed, as phone keyboards add it."""

    def _deserialize(self, value, attr, data, **kwargs):
        """Strip the loaded string; refuse what no database can store (NUL, lone surrogates)."""
        text = super()._deserialize(value, attr, data, **kwargs)
        if (reason := unstorable(text)) is not None:
            raise ValidationError(reason)
        return text.strip()


class EditSchema(Schema):
    """A record as clients send it: a partial update (PATCH) must name something to change."""

    @validates_schema
    def refuse_nothing_to_change(self, data, *, partial=None, **kwargs):
        """An empty PATCH is a client's mistake: answering 200 would tell it a change was saved."""
        if partial and not data:
            raise ValidationError("Nothing to change: send at least one field.")


class SyncedSchema(EditSchema):
    """What every synced record shows: its id, version, times and tombstone."""

    id = fields.UUID(dump_only=True, metadata={"description": "made by the client; PUT to this id creates"})
    version = fields.Integer(dump_only=True, metadata={"description": "bumped on every change; send as If-Match"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    deleted_at = fields.DateTime(dump_only=True, allow_none=True)

    @pre_load
    def drop_server_fields(self, data, **kwargs):
        """Ignore what only the server sets (dump-only fields), so a record can be sent back as it was received."""
        if isinstance(data, dict):
            server_fields = {field.data_key or name for name, field in self.dump_fields.items() if field.dump_only}
            data = {key: value for key, value in data.items() if key not in server_fields}
        return data


def _passes_unchanged(field: fields.Field) -> type | None:
    """The type of value this field shows exactly as given (None: it converts every value, or is unknown here)."""
    convert = type(field)._serialize
    if convert is fields.Field._serialize:
        return object
    if convert is fields.String._serialize:
        return str
    if convert is fields.Number._serialize and isinstance(field, fields.Integer) and not field.as_string:
        return int
    return None


def _converter(field: fields.Field, given: bool) -> Callable[[Any, str, Any], Any] | None:
    """The field's own conversion of one value, skipped for values it gives back unchanged (None: for all)."""
    kept = object if given else _passes_unchanged(field)
    convert = field._serialize
    if kept is object:
        return None
    if kept is not None:
        return lambda value, name, record: (
            value if value is None or value.__class__ is kept else convert(value, name, record)
        )
    if type(field)._serialize is fields.List._serialize and _passes_unchanged(field.inner) is str:
        # A list of text (tags): a copy, converting only what is not text yet.
        inner = field.inner._serialize
        return lambda value, name, record: (
            None if value is None else [each if each.__class__ is str else inner(each, name, record) for each in value]
        )
    return convert


def compiled_row_dump(schema: Schema, given: Collection[str] = ()) -> Callable[[Sequence], dict]:
    """What `schema.dump` gives for a record read as a row of its shown values, in `schema.dump_fields` order.

    marshmallow reaches every value through several calls per field, which for a page of a hundred
    records costs more than the rest of the request; here each field's conversion is looked up once,
    and a value that already is what the field shows is passed on. `given` names fields whose value
    the row holds already as shown (computed in SQL: a related slug, a flag).
    :raise TypeError: for dump hooks, which this does not run, or a field that reads the whole record
        (fields.Function) and is not given.
    """
    if schema._hooks["pre_dump"] or schema._hooks["post_dump"]:
        raise TypeError(f"{type(schema).__name__} has dump hooks; use its dump()")
    computed = [name for name, field in schema.dump_fields.items() if not field._CHECK_ATTRIBUTE and name not in given]
    if computed:
        raise TypeError(f"{type(schema).__name__}: {', '.join(computed)} cannot be read from a row; give them")
    steps = [
        (field.data_key if field.data_key is not None else name, name, _converter(field, name in given))
        for name, field in schema.dump_fields.items()
    ]

    def dump(row: Sequence) -> dict:
        """The row's values as the schema shows them."""
        shown = {}
        for (key, name, convert), value in zip(steps, row, strict=False):
            shown[key] = value if convert is None else convert(value, name, row)
        return shown

    return dump
