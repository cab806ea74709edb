"""Request and response shapes for targets and the agenda."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..agenda_items.schemas import AppointmentSchema
from ..schedule.schemas import SessionSchema, TalkSchema
from ..web.pagination import PageArgsSchema
from ..web.schemas import Day, Id, Serialized, SyncedSchema, Trimmed
from .models import KINDS, PRIORITIES

#: The one id field each kind is about; a person is found by name instead.
ID_FIELD = {"speaker": "speaker_id", "program": "program_id", "session": "session_id"}
PERSON_FIELDS = ("name", "affiliation")


class TargetSchema(SyncedSchema):
    """A target as the owner sees it, tombstones included (for the changes feed)."""

    kind = fields.String(dump_only=True)
    priority = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    why = fields.String(dump_only=True)
    conference = fields.Function(
        lambda target: target.conference.slug if target.conference else None,
        allow_none=True,
        metadata={"type": "string", "description": "slug; null for a program or person meant for any conference"},
    )
    speaker_id = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "for a person: the speaker it was linked to"}
    )
    program_id = fields.Integer(dump_only=True, allow_none=True)
    session_id = fields.Integer(dump_only=True, allow_none=True)
    name = fields.String(
        dump_only=True, metadata={"description": "for a speaker, program or session: its name when marked"}
    )
    affiliation = fields.String(dump_only=True)
    recommended_by = fields.String(dump_only=True)
    met = fields.Boolean(
        dump_only=True, metadata={"description": "a contact of the user is this speaker or from this program"}
    )


class TargetUpdateSchema(Schema):
    """What a user may change on a target (names only on person targets; any target may be a mentor's suggestion)."""

    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    note = Trimmed(validate=validate.Length(max=5000))
    why = Trimmed(validate=validate.Length(max=5000))
    name = Trimmed(validate=validate.Length(min=1, max=300))
    affiliation = Trimmed(validate=validate.Length(max=300))
    recommended_by = Trimmed(validate=validate.Length(max=300))


class TargetPutSchema(TargetUpdateSchema):
    """A whole target: what kind, which one (an id, or a name for a person), and how much it matters."""

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    priority = fields.String(load_default="should", validate=validate.OneOf(PRIORITIES))
    conference = Trimmed(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "slug; for programs and persons, limits the target to one conference"},
    )
    speaker_id = Id(strict=True)
    program_id = Id(strict=True)
    session_id = Id(strict=True)

    @validates_schema
    def check_kind_fields(self, data, **kwargs):
        """Require the field a kind is about and refuse the fields of other kinds."""
        kind = data.get("kind")
        if kind not in KINDS:
            return
        errors: dict[str, list[str]] = {}
        wanted = ID_FIELD.get(kind, "name")
        if data.get(wanted) is None:
            errors[wanted] = [f"Required for a {kind} target."]
        for name in (*ID_FIELD.values(), *PERSON_FIELDS):
            if name in data and name != wanted and (kind != "person" or name not in PERSON_FIELDS):
                errors[name] = [f"Not used for a {kind} target."]
        if errors:
            raise ValidationError(errors)


class TargetCreateSchema(TargetPutSchema):
    """A new target, optionally under an id the client made."""

    id = fields.UUID(metadata={"description": "made by the client, so a retried request finds its target"})


class TargetQueryArgsSchema(PageArgsSchema):
    """Filters for the target list."""

    conference = Trimmed(
        validate=validate.Length(max=100),
        metadata={"description": "slug: this conference's targets and those for any conference"},
    )
    kind = fields.String(validate=validate.OneOf(KINDS))


class AgendaQueryArgsSchema(Schema):
    """Which conference's agenda, and optionally one day of it."""

    conference = Trimmed(required=True, validate=validate.Length(min=1, max=100), metadata={"description": "slug"})
    day = Day(metadata={"description": "YYYY-MM-DD in the conference's time zone"})


class ReasonSchema(Schema):
    """Why a session is on the agenda: one of the user's targets."""

    kind = fields.String()
    target_id = fields.UUID()
    name = fields.String()
    priority = fields.String()
    speaker_ids = fields.List(fields.Integer(), metadata={"description": "the speakers through whom it applies"})


class AgendaItemSchema(Schema):
    """A session on the agenda, why it is there, and what it overlaps."""

    session = Serialized(SessionSchema, attribute="session.dump")
    reasons = fields.List(fields.Nested(ReasonSchema))
    priority = fields.String(metadata={"description": "the best priority among the reasons"})
    conflicts_with = fields.List(
        fields.Integer(), metadata={"description": "ids of overlapping agenda sessions, the nearest ten at most"}
    )
    conflict_count = fields.Integer(metadata={"description": "how many agenda sessions overlap this one"})
    talks = fields.List(
        Serialized(TalkSchema), metadata={"description": "the talks in the session given by target speakers"}
    )


class OwnItemSchema(Schema):
    """One of the user's own agenda items, and the agenda sessions it overlaps."""

    agenda_item = fields.Nested(AppointmentSchema)
    conflicts_with = fields.List(
        fields.Integer(), metadata={"description": "ids of overlapping agenda sessions, the first ten at most"}
    )
    conflict_count = fields.Integer(metadata={"description": "how many agenda sessions overlap this item"})


class AgendaDaySchema(Schema):
    """One conference day, in the conference's zone."""

    date = fields.Date()
    items = fields.List(fields.Nested(AgendaItemSchema))
    own_items = fields.List(fields.Nested(OwnItemSchema), metadata={"description": "the user's own agenda items"})


class NotCoveredSchema(Schema):
    """A target with no scheduled session at this conference: to look for elsewhere."""

    target_id = fields.UUID()
    kind = fields.String()
    name = fields.String()
    priority = fields.String()


class AgendaSchema(Schema):
    """The user's agenda at one conference."""

    conference = fields.String(attribute="conference.slug", metadata={"description": "slug"})
    days = fields.List(fields.Nested(AgendaDaySchema))
    not_covered = fields.List(fields.Nested(NotCoveredSchema))
