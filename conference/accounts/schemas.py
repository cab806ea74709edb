"""Request and response shapes for accounts."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, pre_load, validate

from ..timeutil import TimeZoneField
from ..web.schemas import EditSchema, Trimmed
from .models import CARD_FIELDS, INTRODUCTION_MAX, INTRODUCTION_SHORT_MAX, SIGNATURE_FIELDS

MIN_PASSWORD_LENGTH = 10


def normalize_email(email: str) -> str:
    """Trim and lower-case an email so the same address always finds the same account."""
    return email.strip().lower()


def _card_shows_name(chosen: list[str]) -> None:
    """A card without the name is no card: every phone needs one to save the contact."""
    if "name" not in chosen:
        raise ValidationError('The card always shows your name: include "name".')


def new_password_field() -> fields.String:
    """A password being chosen: long enough to resist guessing."""
    return fields.String(
        required=True,
        validate=validate.Length(
            min=MIN_PASSWORD_LENGTH, max=1024, error="Password must be at least {min} characters."
        ),
    )


def current_password_field() -> fields.String:
    """The password a user types to confirm a sensitive change."""
    return fields.String(required=True, validate=validate.Length(min=1, max=1024))


class CredentialsSchema(Schema):
    """Email and password, as typed on a phone (spaces and capitals forgiven in the email)."""

    email = fields.Email(required=True, validate=validate.Length(max=320))
    password = current_password_field()

    @pre_load
    def normalize(self, data, **kwargs):
        """Forgive spaces and capitals in the email as typed on a phone."""
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            data = {**data, "email": normalize_email(data["email"])}
        return data


class RegisterSchema(CredentialsSchema):
    """A new account; the phone app sends the device's time zone."""

    password = new_password_field()
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    timezone = TimeZoneField(load_default="UTC", metadata={"description": "IANA name, e.g. America/New_York"})


class PasswordChangeSchema(Schema):
    """A new password, confirmed with the current one."""

    current_password = current_password_field()
    new_password = new_password_field()


class AccountDeleteSchema(Schema):
    """Erasing an account needs its password."""

    password = current_password_field()


class LoginSessionSchema(Schema):
    """One device's login, as the user sees it in their sessions list."""

    id = fields.UUID(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_seen_at = fields.DateTime(dump_only=True)
    user_agent = fields.String(dump_only=True)
    current = fields.Boolean(dump_only=True, metadata={"description": "the session of this request"})


class ExportSchema(Schema):
    """Everything the user stored, one list of rows per table."""

    exported_at = fields.DateTime(required=True)
    profile = fields.Dict(required=True, metadata={"description": "the account and its settings"})
    records = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Dict()),
        required=True,
        metadata={
            "description": "table name -> the user's rows, tombstones included; beside each reference (session_id) "
            "what it refers to (session: title, starts_at, room)"
        },
    )


class UserSchema(EditSchema):
    """The signed-in user and their settings."""

    id = fields.Integer(dump_only=True)
    email = fields.Email(dump_only=True)
    name = fields.String(validate=validate.Length(min=1, max=200))
    role = fields.String(dump_only=True)
    timezone = TimeZoneField()
    goal_introduced = fields.Integer(strict=True, validate=validate.Range(min=0, max=20))
    goal_conversations = fields.Integer(strict=True, validate=validate.Range(min=0, max=20))
    goal_followups = fields.Integer(strict=True, validate=validate.Range(min=0, max=20))
    followup_window_hours = fields.Integer(strict=True, validate=validate.Range(min=1, max=336))
    introduction = Trimmed(
        validate=validate.Length(max=INTRODUCTION_MAX),
        metadata={"description": "the user's introduction, 30 to 60 seconds spoken"},
    )
    introduction_short = Trimmed(
        validate=validate.Length(max=INTRODUCTION_SHORT_MAX),
        metadata={"description": "the user's short introduction, 15 to 30 seconds spoken; Today shows it"},
    )
    summary_opt_out = fields.Boolean(metadata={"description": "true: no summary emails after conferences"})
    credentials = Trimmed(validate=validate.Length(max=100), metadata={"description": 'degrees: "MD, PhD"'})
    institution = Trimmed(validate=validate.Length(max=300))
    phone = Trimmed(
        validate=[
            validate.Length(max=40),
            validate.Regexp(r"^\+?[0-9 ()./-]*$", error="Digits, spaces, + ( ) . / - only."),
        ]
    )
    linkedin_url = fields.Url(allow_none=True, schemes={"http", "https"}, validate=validate.Length(max=500))
    cv_url = fields.Url(
        allow_none=True,
        schemes={"http", "https"},
        validate=validate.Length(max=500),
        metadata={"description": "a link to the user's CV"},
    )
    pronouns = Trimmed(validate=validate.Length(max=40))
    interest = Trimmed(
        validate=[
            validate.Length(max=200),
            validate.Regexp(r"^[^\r\n]*$", error="One line: no line breaks."),
        ],
        metadata={"description": "one line, shown on the card"},
    )
    card_fields = fields.List(
        fields.String(validate=validate.OneOf(CARD_FIELDS)),
        validate=[validate.Length(max=len(CARD_FIELDS)), _card_shows_name],
        metadata={"description": "which profile fields the contact card and its QR code show"},
    )
    signature_fields = fields.List(
        fields.String(validate=validate.OneOf(SIGNATURE_FIELDS)),
        validate=validate.Length(max=len(SIGNATURE_FIELDS)),
        metadata={"description": "which ways to reach the user every draft's signature shows, after name and degrees"},
    )
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    @pre_load
    def blank_is_none(self, data, **kwargs):
        """Read an empty LinkedIn or CV box on a phone form as no value."""
        if isinstance(data, dict):
            data = {**data, **{name: None for name in ("linkedin_url", "cv_url") if data.get(name) == ""}}
        return data

    @post_load
    def shown_fields_in_order(self, data, **kwargs):
        """Keep each chosen card or signature field once, in the order the card or signature shows them."""
        if "card_fields" in data:
            data["card_fields"] = [name for name in CARD_FIELDS if name in data["card_fields"]]
        if "signature_fields" in data:
            data["signature_fields"] = [name for name in SIGNATURE_FIELDS if name in data["signature_fields"]]
        return data


class SessionStateSchema(Schema):
    """Who this browser is logged in as: asked by the app on opening, where a 401 would be a console error."""

    user = fields.Nested(UserSchema, allow_none=True, metadata={"description": "null when nobody is logged in"})


class UserUpdateSchema(UserSchema):
    """The settings a user may change (sent as a partial update)."""
