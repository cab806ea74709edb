"""Schema pieces every feature shares: text as typed on a phone, bounded dates, and what every synced record shows."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from .inputs import MAX_ID

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
        """Strip the loaded string; refuse NUL characters, which PostgreSQL cannot store."""
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Contains a NUL character.")
        return text.strip()


class SyncedSchema(Schema):
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
