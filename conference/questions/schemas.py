"""Request and response shapes for the user's own questions."""

from __future__ import annotations

from marshmallow import fields, validate

from ..web.pagination import PageArgsSchema
from ..web.schemas import SyncedSchema, Trimmed
from .models import AUDIENCES


class QuestionSchema(SyncedSchema):
    """A question of the user's own, for people of one audience."""

    text = Trimmed(required=True, validate=validate.Length(min=1, max=500))
    audience = fields.String(required=True, validate=validate.OneOf(AUDIENCES))


class QuestionPatchSchema(QuestionSchema):
    """Changes to a question (sent as a partial update)."""


class QuestionQueryArgsSchema(PageArgsSchema):
    """Filters for the list of the user's questions."""

    audience = fields.String(validate=validate.OneOf(AUDIENCES))
