"""The shape of an email draft."""

from __future__ import annotations

from marshmallow import Schema, fields

from ..web.schemas import Moment


class DraftSchema(Schema):
    """An email the user can edit and send from their own mail app."""

    subject = fields.String(required=True)
    body = fields.String(required=True)
    mailto = fields.String(required=True, metadata={"description": "mailto: URL with subject and body filled in"})
    recently_contacted_at = Moment(
        allow_none=True,
        metadata={"description": "when the user last wrote to this person, if within 7 days: ask before writing again"},
    )
