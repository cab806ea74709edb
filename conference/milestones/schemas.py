"""Request and response shapes for milestones."""

from __future__ import annotations

from marshmallow import fields, validate

from ..people.schemas import NOTES_MAX
from ..web.pagination import PageArgsSchema
from ..web.schemas import Day, SyncedSchema, Trimmed
from .models import MILESTONE_KINDS


class MilestoneSchema(SyncedSchema):
    """An achievement worth a line in a mentor update."""

    kind = fields.String(validate=validate.OneOf(MILESTONE_KINDS))
    title = Trimmed(required=True, validate=validate.Length(min=1, max=300))
    happened_on = Day(required=True, data_key="date", metadata={"description": "the day it happened (YYYY-MM-DD)"})
    notes = fields.String(validate=validate.Length(max=NOTES_MAX), metadata={"description": "private to the user"})


class MilestonePatchSchema(MilestoneSchema):
    """Changes to a milestone (sent as a partial update)."""


class MilestoneQueryArgsSchema(PageArgsSchema):
    """Filters for the milestone list."""

    kind = fields.String(validate=validate.OneOf(MILESTONE_KINDS))
    since = Day(metadata={"description": "only milestones on or after this day"})
