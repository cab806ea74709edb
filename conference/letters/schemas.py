"""Request and response shapes for letters of recommendation."""

from __future__ import annotations

from marshmallow import fields, validate

from ..web.pagination import PageArgsSchema
from ..web.schemas import Moment, SyncedSchema
from .models import LETTER_MATERIALS, LETTER_STATUSES


class LetterSchema(SyncedSchema):
    """A letter of recommendation asked of one of the user's contacts."""

    contact_id = fields.UUID(required=True, metadata={"description": "one of the user's contacts"})
    status = fields.String(validate=validate.OneOf(LETTER_STATUSES), metadata={"description": "default: asked"})
    asked_at = Moment(allow_none=True, metadata={"description": "default: when the server first receives it"})
    due_at = Moment(allow_none=True, metadata={"description": "when the program needs the letter"})
    materials = fields.List(
        fields.String(validate=validate.OneOf(LETTER_MATERIALS)), validate=validate.Length(max=len(LETTER_MATERIALS))
    )


class LetterPatchSchema(LetterSchema):
    """Changes to a letter (sent as a partial update)."""


class LetterQueryArgsSchema(PageArgsSchema):
    """Filters for the letter list."""

    contact = fields.UUID(metadata={"description": "a contact's id"})
    status = fields.String(validate=validate.OneOf(LETTER_STATUSES))
