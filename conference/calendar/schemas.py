"""Request and response shapes for the calendar feed."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ..web.schemas import EditSchema

#: What the subscribe screen tells users, next to the link.
SUBSCRIPTION_NOTE = (
    "Google Calendar refreshes a subscribed calendar only every several hours (sometimes once a day) "
    "and, like Outlook, ignores the reminders in subscriptions; Apple Calendar can refresh every few "
    "minutes. The follow-ups list in this app stays the source of truth. Keep the link private: anyone "
    "with it can read the calendar. If it leaks, get a new link; the old one stops working at once."
)


class CalendarFeedSettingsSchema(EditSchema):
    """The feed's settings."""

    alarm_minutes = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=0, max=7 * 24 * 60),
        metadata={"description": "minutes before a follow-up is due that its reminder fires (default 60); null: none"},
    )


class CalendarFeedChangeSchema(CalendarFeedSettingsSchema):
    """The feed's settings to change (sent as a partial update)."""


class CalendarFeedSchema(Schema):
    """The user's feed: its link (only when just made) and settings, and what to tell the user."""

    url = fields.String(
        allow_none=True,
        metadata={"description": "https link to the feed; shown only when created or rotated (only a hash is stored)"},
    )
    webcal_url = fields.String(allow_none=True, metadata={"description": "the same link as webcal://, to subscribe"})
    tasks_url = fields.String(
        allow_none=True, metadata={"description": "the link with follow-ups also as tasks (VTODO)"}
    )
    created_at = fields.AwareDateTime(required=True)
    rotated_at = fields.AwareDateTime(allow_none=True)
    alarm_minutes = fields.Integer(allow_none=True)
    note = fields.String(required=True, metadata={"description": "what calendar apps do with subscriptions"})


class FeedQueryArgsSchema(Schema):
    """Options a subscription URL may carry; calendar apps may add others, which are ignored."""

    class Meta:
        unknown = EXCLUDE

    tasks = fields.String(
        validate=validate.OneOf(["vtodo"]), metadata={"description": "`vtodo`: follow-ups also as tasks"}
    )
