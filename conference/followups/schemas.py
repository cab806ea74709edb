"""Request and response shapes for follow-ups and the notes drafted from them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from marshmallow import missing as missing_

from ..people.models import WARMTHS
from ..web.pagination import PageArgsSchema
from ..web.schemas import Moment, SyncedSchema, Trimmed
from .models import FOLLOWUP_ACTIONS, FOLLOWUP_STATUSES, NUDGES, REPLIES


class ShownTitle(Trimmed):
    """A follow-up's title: read as the user typed it, shown as everyone sees it (a default one with today's name)."""

    def get_value(self, obj, attr, accessor=None, default=missing_):
        """Show the title made at read time, never the stored "" of a default one."""
        return super().get_value(obj, "shown_title", accessor, default)


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
    sent_at = Moment(
        allow_none=True, metadata={"description": "when the email or message went out; default now when a reply is set"}
    )
    reply = fields.String(
        allow_none=True,
        validate=validate.OneOf(REPLIES),
        metadata={"description": "null while nothing was sent; awaiting (the default once sent), replied or no_reply"},
    )
    replied_at = Moment(allow_none=True, metadata={"description": "default: when the reply is recorded"})
    nudge = fields.String(
        allow_none=True,
        validate=validate.OneOf(NUDGES),
        metadata={"description": "the one reminder a week after sending: sent or dismissed (never a second one)"},
    )
    nudged_at = Moment(allow_none=True, metadata={"description": "default: when the reminder is sent or let go"})


class FollowUpPatchSchema(FollowUpSchema):
    """Changes to a follow-up (sent as a partial update)."""


class FollowUpQueryArgsSchema(PageArgsSchema):
    """Filters for the follow-up list."""

    status = fields.String(validate=validate.OneOf(FOLLOWUP_STATUSES))
    due_before = Moment(metadata={"description": "due (and not snoozed) before this moment"})
    contact = fields.UUID(metadata={"description": "a contact's id"})
    conference = fields.String(metadata={"description": "slug: follow-ups of encounters at this conference"})
    q = Trimmed(validate=validate.Length(min=1, max=100), metadata={"description": "title"})


class LinkedInNoteSchema(Schema):
    """A LinkedIn connection note the user copies into the request."""

    note = fields.String(required=True, metadata={"description": "at most 300 characters, naming where we met"})
    linkedin_url = fields.String(allow_none=True, metadata={"description": "the contact's profile, when known"})


class OutreachQueryArgsSchema(Schema):
    """Which messages the reply counts cover."""

    conference = fields.String(
        metadata={"description": "slug: messages after a meeting at this conference, or to one of its speakers"}
    )


class OutreachRowSchema(Schema):
    """Messages to contacts of one warmth (or all of them), and what came of them."""

    warmth = fields.String(allow_none=True, validate=validate.OneOf(WARMTHS), metadata={"description": "null: all"})
    sent = fields.Integer(required=True, metadata={"description": "replied + no_reply + awaiting"})
    replied = fields.Integer(required=True)
    no_reply = fields.Integer(required=True)
    awaiting = fields.Integer(required=True)
    reply_rate = fields.Float(
        allow_none=True, metadata={"description": "replied / sent, awaiting included (null when nothing was sent)"}
    )


class GoodRateSchema(Schema):
    """The guidance's good reply rate, and for which warmths it holds."""

    low = fields.Float(required=True)
    high = fields.Float(required=True)
    warmths = fields.List(fields.String(validate=validate.OneOf(WARMTHS)), required=True)


class OutreachSchema(Schema):
    """How the user's messages fared, by the warmth of the people written to, beside the guidance's figure."""

    by_warmth = fields.List(fields.Nested(OutreachRowSchema), required=True)
    total = fields.Nested(OutreachRowSchema, required=True)
    good_rate = fields.Nested(GoodRateSchema, required=True)
