"""Request and response shapes for the user's own agenda items."""

from __future__ import annotations

from marshmallow import fields, validate

from ..people.schemas import NOTES_MAX, ConferenceSlug
from ..web.pagination import PageArgsSchema
from ..web.schemas import Moment, SyncedSchema, Trimmed


class AppointmentSchema(SyncedSchema):
    """A meeting the program does not list: the 10 minutes a speaker agreed to, a mentoring breakfast."""

    title = Trimmed(required=True, validate=validate.Length(min=1, max=300))
    starts_at = Moment(required=True)
    ends_at = Moment(required=True, metadata={"description": "after starts_at"})
    place = Trimmed(validate=validate.Length(max=200), metadata={"description": 'e.g. "Hilton lobby"'})
    conference = ConferenceSlug(
        required=True, validate=validate.Length(min=1, max=100), metadata={"description": "slug"}
    )
    contact_id = fields.UUID(allow_none=True, metadata={"description": "one of the user's contacts, if any"})
    notes = fields.String(validate=validate.Length(max=NOTES_MAX), metadata={"description": "private to the user"})


class AppointmentPatchSchema(AppointmentSchema):
    """Changes to an agenda item (sent as a partial update)."""


class AppointmentQueryArgsSchema(PageArgsSchema):
    """Filters for the list of agenda items."""

    conference = Trimmed(validate=validate.Length(min=1, max=100), metadata={"description": "slug"})
