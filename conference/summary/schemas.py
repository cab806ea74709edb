"""The summary as JSON: the same content the email shows."""

from __future__ import annotations

from marshmallow import Schema, fields

from ..goals.schemas import GoalCountsSchema


class SummaryArgsSchema(Schema):
    """Which conference to summarize."""

    conference = fields.String(required=True, metadata={"description": "the conference's slug"})


class DaySchema(GoalCountsSchema):
    """One conference day's 3-2-1 counts and whether the goal was met."""

    date = fields.Date()
    met = fields.Boolean()


class MeetingSchema(Schema):
    """One encounter, in the conference's zone."""

    occurred_at = fields.DateTime()
    kind = fields.String()
    session_title = fields.String()
    place = fields.String()
    takeaway = fields.String()


class PersonSchema(Schema):
    """Someone met, with each encounter's takeaway."""

    id = fields.UUID()
    name = fields.String()
    role = fields.String()
    institution = fields.String()
    program = fields.String()
    tie_strength = fields.String()
    linkedin_url = fields.String(allow_none=True)
    meetings = fields.List(fields.Nested(MeetingSchema))


class GroupSchema(Schema):
    """People under a tie strength or a program (an empty name: no program given)."""

    name = fields.String()
    people = fields.List(fields.Nested(PersonSchema))


class ProgramGroupSchema(Schema):
    """People of one program, by name."""

    name = fields.String()
    people = fields.Pluck(PersonSchema, "name", many=True)


class TargetLineSchema(Schema):
    """A target and whether it was met."""

    kind = fields.String()
    name = fields.String()
    priority = fields.String()
    met = fields.Boolean()


class FollowUpLineSchema(Schema):
    """A follow-up, due times in the user's zone."""

    id = fields.UUID()
    title = fields.String()
    label = fields.String(metadata={"description": "the title naming the person"})
    contact_name = fields.String()
    action = fields.String()
    status = fields.String()
    due_at = fields.DateTime()
    done_at = fields.DateTime(allow_none=True)
    overdue = fields.Boolean()


class MilestoneLineSchema(Schema):
    """A milestone dated within the conference (never its notes)."""

    kind = fields.String(metadata={"description": "its label: Poster, Presentation, ..."})
    title = fields.String()
    happened_on = fields.Date(data_key="date")


class LinkSchema(Schema):
    """A next step that opens something."""

    label = fields.String()
    url = fields.String()


class NextStepsSchema(Schema):
    """What to do now."""

    overdue = fields.List(fields.Nested(FollowUpLineSchema))
    connect_on_linkedin = fields.Pluck(PersonSchema, "name", many=True)
    mentor_updates = fields.List(fields.Nested(LinkSchema))
    links = fields.List(fields.Nested(LinkSchema))


class ConferenceRefSchema(Schema):
    """The conference summarized."""

    slug = fields.String()
    name = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    timezone = fields.String()


class SummarySchema(Schema):
    """One user's summary of one conference."""

    subject = fields.String()
    conference = fields.Nested(ConferenceRefSchema)
    goals = fields.Dict(keys=fields.String(), values=fields.Integer())
    days = fields.List(fields.Nested(DaySchema))
    totals = fields.Dict(keys=fields.String(), values=fields.Integer())
    people_count = fields.Integer()
    by_tie_strength = fields.List(fields.Nested(GroupSchema))
    by_program = fields.List(fields.Nested(ProgramGroupSchema))
    targets_met = fields.List(fields.Nested(TargetLineSchema))
    targets_not_met = fields.List(fields.Nested(TargetLineSchema))
    followups_open = fields.List(fields.Nested(FollowUpLineSchema))
    followups_done = fields.List(fields.Nested(FollowUpLineSchema))
    milestones = fields.List(
        fields.Nested(MilestoneLineSchema), metadata={"description": "those dated within the conference's days"}
    )
    next_steps = fields.Nested(NextStepsSchema)
    generated_at = fields.DateTime()


class QueuedSchema(Schema):
    """The summary's place in the outbox."""

    status = fields.String(metadata={"description": "queued, sending, sent or failed"})
    queued = fields.Boolean(
        metadata={"description": "false: it was already sent (or is being sent) and is not sent again"}
    )
    attempts = fields.Integer()
    sent_at = fields.DateTime(allow_none=True)
