"""The shape of an email draft."""

from __future__ import annotations

from marshmallow import Schema, fields


class DraftSchema(Schema):
    """An email the user can edit and send from their own mail app."""

    subject = fields.String(required=True)
    body = fields.String(required=True)
    mailto = fields.String(required=True, metadata={"description": "mailto: URL with subject and body filled in"})
