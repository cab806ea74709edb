"""Shapes of the program as the API shows it: local times with the conference's offset."""

from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, fields, validate

from ..timeutil import TimeZoneField
from ..web.pagination import PageArgsSchema
from ..web.schemas import Day, Id, Moment
from .importers import LEVELS, PARSERS
from .models import SESSION_STATUSES

FORMATS = tuple(PARSERS)


class LocalDateTime(fields.DateTime):
    """A UTC datetime shown in its conference's zone (the object needs a `conference`)."""

    def _serialize(self, value, attr, obj, **kwargs):
        """Convert to the conference's zone before formatting."""
        if value is None:
            return None
        return super()._serialize(value.astimezone(obj.conference.tz), attr, obj, **kwargs)


class ConferenceSchema(Schema):
    """A conference."""

    id = fields.Integer(dump_only=True)
    slug = fields.String()
    name = fields.String()
    timezone = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    venue = fields.String()
    version = fields.Integer()
    updated_at = fields.DateTime()


class AppearanceSchema(Schema):
    """A speaker as listed in one session, with their role there."""

    id = fields.Integer(attribute="speaker.id")
    name = fields.String(attribute="speaker.name")
    credentials = fields.String(attribute="speaker.credentials")
    affiliation = fields.String(attribute="speaker.affiliation")
    program_id = fields.Integer(attribute="speaker.program_id", allow_none=True)
    role = fields.String()


class TalkSpeakerSchema(Schema):
    """A person as a talk lists them."""

    name = fields.String()
    role = fields.String()
    affiliation = fields.String()


class TalkSchema(Schema):
    """A presentation inside a session, with its own time when the program gives one."""

    title = fields.String()
    code = fields.String()
    starts_at = fields.DateTime(allow_none=True)
    ends_at = fields.DateTime(allow_none=True)
    speakers = fields.List(fields.Nested(TalkSpeakerSchema))


def local_talks(session) -> list[dict]:
    """Return a session's stored talks with their UTC times turned into the conference's local times."""
    return localized_talks(session.talks, session.conference.tz)


def localized_talks(talks: list[dict] | None, zone) -> list[dict]:
    """Stored talks with their UTC times turned into local times in the zone."""

    def local(talk: dict) -> dict:
        timed = [key for key in ("starts_at", "ends_at") if talk.get(key)]
        return {**talk, **{key: datetime.fromisoformat(talk[key]).astimezone(zone) for key in timed}}

    return [local(talk) for talk in talks or []]


class SessionSchema(Schema):
    """A session as every endpoint shows it."""

    id = fields.Integer()
    external_id = fields.String()
    code = fields.String()
    title = fields.String()
    abstract = fields.String()
    kind = fields.String()
    track = fields.String()
    room = fields.String()
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    status = fields.String(validate=validate.OneOf(SESSION_STATUSES))
    version = fields.Integer()
    updated_at = fields.DateTime()
    conference = fields.String(attribute="conference.slug")
    speakers = fields.List(fields.Nested(AppearanceSchema), attribute="appearances")
    talks = fields.Function(
        lambda session: TalkSchema(many=True).dump(local_talks(session)),
        metadata={"description": "the presentations inside the session, in program order, local times"},
    )


class SessionBriefSchema(SessionSchema):
    """A session without its speaker list, where the speaker is already known."""

    class Meta:
        exclude = ("speakers",)


class SpeakerSessionSchema(Schema):
    """A session a speaker appears in, with their role."""

    role = fields.String()
    session = fields.Nested(SessionBriefSchema)


class SpeakerSchema(Schema):
    """A speaker at one conference."""

    id = fields.Integer()
    name = fields.String()
    credentials = fields.String()
    affiliation = fields.String()
    program_id = fields.Integer(allow_none=True)
    conference = fields.String(attribute="conference.slug")
    version = fields.Integer()
    updated_at = fields.DateTime()


class SpeakerDetailSchema(SpeakerSchema):
    """A speaker with their sessions."""

    sessions = fields.List(fields.Nested(SpeakerSessionSchema), attribute="appearances")


class ProgramSchema(Schema):
    """An institution or residency program; its speakers at a conference: `/conferences/SLUG/speakers?program=ID`."""

    id = fields.Integer()
    name = fields.String()
    version = fields.Integer()
    updated_at = fields.DateTime()


class SessionQueryArgsSchema(PageArgsSchema):
    """Filters for a conference's sessions."""

    day = Day(metadata={"description": "YYYY-MM-DD in the conference's time zone"})
    track = fields.String()
    kind = fields.String()
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "words or their beginnings in title, abstract, track, speakers; ranked by relevance"},
    )
    speaker = Id(metadata={"description": "speaker id"})
    program = Id(metadata={"description": "program id"})
    status = fields.String(validate=validate.OneOf(SESSION_STATUSES))
    since = Moment(metadata={"description": "updated after this time, cancelled included"})


class SearchArgsSchema(PageArgsSchema):
    """A free-text filter on names."""

    q = fields.String(validate=validate.Length(max=200))


class SpeakerQueryArgsSchema(SearchArgsSchema):
    """Filters for a conference's speakers."""

    program = Id(metadata={"description": "program id"})


class ImportFormSchema(Schema):
    """Optional form fields of an upload."""

    format = fields.String(validate=validate.OneOf(FORMATS))
    timezone = TimeZoneField(metadata={"description": "IANA name, used when the file states none"})
    name = fields.String(validate=validate.Length(max=300))
    skip_invalid = fields.Boolean(load_default=False)
    allow_cancel = fields.Boolean(
        load_default=False, metadata={"description": "cancel missing sessions even when over a quarter of the program"}
    )
    first_day = Day(metadata={"description": 'for dates without a year, weekdays and "Day 2"'})
    sheet = fields.String(validate=validate.Length(max=100), metadata={"description": "Excel: the sheet to read"})
    level = fields.String(
        validate=validate.OneOf(LEVELS), metadata={"description": "Indico: read only session slots or contributions"}
    )
    dry_run = fields.Boolean(load_default=False, metadata={"description": "answer what the import would do"})
    force = fields.Boolean(
        load_default=False, metadata={"description": "read the file even if it was the last import, same options"}
    )


class PreviewSessionSchema(Schema):
    """A session as an import would store it, in a preview."""

    code = fields.String()
    title = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    room = fields.String()
    speakers = fields.List(fields.String())
    talks = fields.Integer(metadata={"description": "how many talks it holds"})


class InterpretationSchema(Schema):
    """One reading of a file that reads two ways, previewed, with the option that chooses it."""

    label = fields.String(metadata={"description": "what this reading takes the file to be"})
    option = fields.String(metadata={"description": "the command-line option that chooses it"})
    choose = fields.Dict(keys=fields.String(), values=fields.String(), metadata={"description": "form fields"})
    format = fields.String()
    created = fields.Integer()
    updated = fields.Integer()
    cancelled = fields.Integer()
    unchanged = fields.Integer()
    columns = fields.Dict(keys=fields.String(), values=fields.String())
    sessions = fields.List(fields.Nested(PreviewSessionSchema))
    error = fields.String(metadata={"description": "why this reading fails, when it does"})


class ImportResultSchema(Schema):
    """What an import did."""

    conference = fields.String()
    format = fields.String()
    created = fields.Integer()
    updated = fields.Integer()
    cancelled = fields.Integer()
    unchanged = fields.Integer()
    skipped = fields.List(fields.String())
    warnings = fields.List(fields.String())
    same_file = fields.Boolean(
        metadata={"description": "the file and options of the last import: not read again, nothing changed"}
    )
    dry_run = fields.Boolean(metadata={"description": "present and true on a preview, which wrote nothing"})
    columns = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "preview: field -> header"}
    )
    sessions = fields.List(fields.Nested(PreviewSessionSchema), metadata={"description": "preview: the first five"})
    uncertain = fields.String(metadata={"description": "preview of a file that reads two ways: what was found"})
    interpretations = fields.List(
        fields.Nested(InterpretationSchema), metadata={"description": "preview: the two readings, side by side"}
    )
