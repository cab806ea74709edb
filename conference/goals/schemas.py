"""Request and response shapes for the daily 3-2-1 goal."""

from __future__ import annotations

from marshmallow import Schema, fields


class GoalsArgsSchema(Schema):
    """Which days to show: a conference's, or the last seven."""

    conference = fields.String(metadata={"description": "slug; without it, the last 7 days in the user's zone"})


class GoalCountsSchema(Schema):
    """The three numbers of the 3-2-1 rule."""

    introduced = fields.Integer(required=True)
    conversations = fields.Integer(required=True)
    followups = fields.Integer(required=True)


class GoalDaySchema(GoalCountsSchema):
    """One day's counts against the day's goals."""

    date = fields.Date(required=True)
    goals = fields.Nested(GoalCountsSchema, required=True)
    met = fields.Boolean(required=True)


class GoalTotalsSchema(GoalCountsSchema):
    """Counts over all the days shown, and how many days met the goal."""

    days_met = fields.Integer(required=True)


class GoalsSchema(Schema):
    """The daily 3-2-1 goal, day by day."""

    days = fields.List(fields.Nested(GoalDaySchema), required=True)
    streak = fields.Integer(required=True, metadata={"description": "consecutive days met, up to today"})
    totals = fields.Nested(GoalTotalsSchema, required=True)
