"""Request and response shapes for contacts, encounters, follow-ups, goals and drafts."""
from __future__ import annotations

from marshmallow import Schema, fields, missing as missing_, pre_load, validate

from ..web.pagination import PageArgsSchema
from ..web.schemas import Id, Moment, SyncedSchema, Trimmed
from .models import CONTACT_ROLES, ENCOUNTER_KINDS, FOLLOWUP_ACTIONS, FOLLOWUP_STATUSES, TIE_STRENGTHS


class ConferenceSlug(fields.String):
    """A conference, read and shown as its slug."""

    def _serialize(self, value, attr, obj, **kwargs):
        """Show the related conference's slug."""
        return None if value is None else value.slug


class ShownTitle(Trimmed):
    """A follow-up's title: read as the user typed it, shown as everyone sees it (a default one with today's name)."""

    def get_value(self, obj, attr, accessor=None, default=missing_):
        """Show the title made at read time, never the stored "" of a default one."""
        return super().get_value(obj, "shown_title", accessor, default)


class ContactSchema(SyncedSchema):
    """A person the user met or wants to stay in touch with."""

    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(validate=validate.OneOf(CONTACT_ROLES))
    institution = Trimmed(validate=validate.Length(max=300))
    program_id = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "the program the institution names, when known"}
    )
    speaker_id = Id(strict=True, allow_none=True)
    email = fields.Email(allow_none=True, validate=validate.Length(max=320))
    linkedin_url = fields.Url(allow_none=True, schemes={"http", "https"}, validate=validate.Length(max=500))
    tie_strength = fields.String(validate=validate.OneOf(TIE_STRENGTHS))
    tags = fields.List(Trimmed(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=20))
    notes = fields.String(validate=validate.Length(max=10_000), metadata={"description": "private to the user"})

    @pre_load
    def blank_is_none(self, data, **kwargs):
        """Read an empty email or LinkedIn box on a phone form as no value."""
        if isinstance(data, dict):
            data = {**data, **{key: None for key in ("email", "linkedin_url") if data.get(key) == ""}}
        return data


class ContactPatchSchema(ContactSchema):
    """Changes to a contact (sent as a partial update)."""


class EncounterSchema(SyncedSchema):
    """Meeting a contact once: where, when, and what to remember."""

    contact_id = fields.UUID(required=True)
    occurred_at = Moment(metadata={"description": "default: when the server first receives it"})
    session_id = Id(strict=True, allow_none=True)
    place = Trimmed(validate=validate.Length(max=200), metadata={"description": 'e.g. "poster hall"'})
    conference = ConferenceSlug(
        allow_none=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "slug; taken from the session when one is given"},
    )
    kind = fields.String(
        validate=validate.OneOf(ENCOUNTER_KINDS),
        metadata={"description": "introduced (first contact, the default) or conversation"},
    )
    takeaway = Trimmed(validate=validate.Length(max=300))
    notes = fields.String(validate=validate.Length(max=10_000), metadata={"description": "private to the user"})


class EncounterPatchSchema(EncounterSchema):
    """Changes to an encounter (sent as a partial update)."""


class FollowUpSchema(SyncedSchema):
    """Something the user promised a contact, and by when."""

    contact_id = fields.UUID(required=True)
    encounter_id = fields.UUID(allow_none=True)
    action = fields.String(validate=validate.OneOf(FOLLOWUP_ACTIONS))
    title = ShownTitle(
        validate=validate.Length(min=1, max=300),
        metadata={
            "description": "the user's own; left out (or sent back as shown while default), it is made from the action "
            "and the contact's current name, and follows a rename"
        },
    )
    title_is_default = fields.Boolean(
        dump_only=True, metadata={"description": "the title is made from the action and the contact's current name"}
    )
    due_at = Moment(
        allow_none=True,
        metadata={"description": "default: the encounter's time (else committed_at) plus the follow-up window"},
    )
    status = fields.String(validate=validate.OneOf(FOLLOWUP_STATUSES))
    done_at = Moment(allow_none=True, metadata={"description": "default: when it is marked done"})
    snoozed_until = Moment(allow_none=True)
    committed_at = Moment(metadata={"description": "when the user made the promise, as the phone saw it; default now"})
    repeat_every_months = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=1, max=12),
        metadata={"description": "when done, the next one is due this many months later; mentor updates: 3"},
    )
    repeat_of_id = fields.UUID(dump_only=True, allow_none=True, metadata={"description": "the follow-up this repeats"})


class FollowUpPatchSchema(FollowUpSchema):
    """Changes to a follow-up (sent as a partial update)."""


class ContactQueryArgsSchema(PageArgsSchema):
    """Filters for the contact list."""

    q = Trimmed(validate=validate.Length(min=1, max=100), metadata={"description": "name, institution, email, tag"})
    conference = fields.String(metadata={"description": "slug: people met at this conference"})
    role = fields.String(validate=validate.OneOf(CONTACT_ROLES))
    tie_strength = fields.String(validate=validate.OneOf(TIE_STRENGTHS))
    tag = Trimmed(validate=validate.Length(min=1, max=40))


class EncounterQueryArgsSchema(PageArgsSchema):
    """Filters for the encounter list."""

    contact = fields.UUID(metadata={"description": "a contact's id"})
    conference = fields.String(metadata={"description": "slug"})
    kind = fields.String(validate=validate.OneOf(ENCOUNTER_KINDS))
    q = Trimmed(validate=validate.Length(min=1, max=100), metadata={"description": "takeaway or place"})


class FollowUpQueryArgsSchema(PageArgsSchema):
    """Filters for the follow-up list."""

    status = fields.String(validate=validate.OneOf(FOLLOWUP_STATUSES))
    due_before = Moment(metadata={"description": "due (and not snoozed) before this moment"})
    contact = fields.UUID(metadata={"description": "a contact's id"})
    conference = fields.String(metadata={"description": "slug: follow-ups of encounters at this conference"})
    q = Trimmed(validate=validate.Length(min=1, max=100), metadata={"description": "title"})


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


class DraftSchema(Schema):
    """An email the user can edit and send from their own mail app."""

    subject = fields.String(required=True)
    body = fields.String(required=True)
    mailto = fields.String(required=True, metadata={"description": "mailto: URL with subject and body filled in"})


class LinkedInNoteSchema(Schema):
    """A LinkedIn connection note the user copies into the request."""

    note = fields.String(required=True, metadata={"description": "at most 300 characters, naming where we met"})
    linkedin_url = fields.String(allow_none=True, metadata={"description": "the contact's profile, when known"})
