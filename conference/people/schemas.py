"""Request and response shapes for contacts and encounters."""

from __future__ import annotations

from marshmallow import fields, pre_load, validate
from marshmallow import missing as missing_

from ..web.pagination import PageArgsSchema
from ..web.schemas import Id, Moment, SyncedSchema, Trimmed
from .models import ADVISOR_ROLES, CONTACT_ROLES, ENCOUNTER_KINDS, TIE_STRENGTHS, WARMTHS

#: A phone number as people write it, with an optional extension ("x12", "ext. 12", "#12", ";ext=12" of tel: links).
PHONE_PATTERN = r"^\+?[0-9 ().-]*[0-9][0-9 ().-]*(?:\s*(?:[Ee][Xx][Tt]\.?|[Xx]|#|;ext=)\s*[0-9]{1,10})?$"
#: The longest private notes a contact or encounter keeps.
NOTES_MAX = 10_000
#: Form boxes left empty mean no value for these optional fields.
BLANK_IS_NONE = ("email", "linkedin_url", "phone", "url")


class ConferenceSlug(fields.String):
    """A conference, read and shown as its slug."""

    def _serialize(self, value, attr, obj, **kwargs):
        """Show the related conference's slug."""
        return None if value is None else value.slug


class ShownWarmth(fields.String):
    """A contact's warmth: read as the user chose it (null: none), shown as the user's choice or the default."""

    def get_value(self, obj, attr, accessor=None, default=missing_):
        """Show the warmth worked out at read time (conference/followups/warmth.py), never the stored null."""
        return super().get_value(obj, "shown_warmth", accessor, default)


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
    phone = Trimmed(
        allow_none=True,
        validate=[
            validate.Length(max=40),
            validate.Regexp(PHONE_PATTERN, error="Digits, spaces, + ( ) - . and an optional extension (x12) only."),
        ],
    )
    url = fields.Url(
        allow_none=True,
        schemes={"http", "https"},
        validate=validate.Length(max=500),
        metadata={"description": "a web page that is not the LinkedIn profile"},
    )
    tie_strength = fields.String(validate=validate.OneOf(TIE_STRENGTHS))
    warmth = ShownWarmth(
        allow_none=True,
        validate=validate.OneOf(WARMTHS),
        metadata={
            "description": "the user's choice; left out or null, it follows what they did: hot once they replied, "
            "warm once met in person, else cold"
        },
    )
    warmth_is_default = fields.Boolean(
        dump_only=True, metadata={"description": "the warmth follows what the user did (they chose none)"}
    )
    tags = fields.List(Trimmed(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=20))
    notes = fields.String(validate=validate.Length(max=NOTES_MAX), metadata={"description": "private to the user"})
    advisor_roles = fields.List(
        fields.String(validate=validate.OneOf(ADVISOR_ROLES)),
        validate=validate.Length(max=len(ADVISOR_ROLES)),
        metadata={"description": "the seats this person holds on the user's board of advisors"},
    )
    introduced_by_id = fields.UUID(
        allow_none=True, metadata={"description": "another of the user's contacts, who introduced the user to this one"}
    )
    update_every_months = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=1, max=12),
        metadata={"description": "months between updates; none: 3 for a mentor, else no reminder"},
    )

    @pre_load
    def blank_is_none(self, data, **kwargs):
        """Read an empty email, LinkedIn, phone or web box on a phone form as no value."""
        if isinstance(data, dict):
            data = {**data, **{key: None for key in BLANK_IS_NONE if data.get(key) == ""}}
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
    notes = fields.String(validate=validate.Length(max=NOTES_MAX), metadata={"description": "private to the user"})


class EncounterPatchSchema(EncounterSchema):
    """Changes to an encounter (sent as a partial update)."""


class ContactQueryArgsSchema(PageArgsSchema):
    """Filters for the contact list."""

    q = Trimmed(
        validate=validate.Length(min=1, max=100), metadata={"description": "name, institution, email, phone, tag"}
    )
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
