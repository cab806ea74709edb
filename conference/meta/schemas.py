"""The shape of the word lists, whose values the OpenAPI document enumerates from the models' lists."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..followups.models import FOLLOWUP_ACTIONS, NUDGES, REPLIES
from ..letters.models import LETTER_MATERIALS, LETTER_STATUSES
from ..milestones.models import MILESTONE_KINDS
from ..people.models import ADVISOR_ROLES, CONTACT_ROLES, ENCOUNTER_KINDS, TIE_STRENGTHS, WARMTHS
from ..questions.bank import BUILT_IN
from ..questions.models import AUDIENCES
from ..schedule.importers import LEVELS, PARSERS
from ..targets.models import KINDS, PRIORITIES


def _words(name: str, values: tuple[str, ...], **more: fields.Field) -> fields.List:
    """A list of {value, label} whose values are one of `values` (an enum in the OpenAPI document)."""
    word = Schema.from_dict(
        {
            "value": fields.String(required=True, validate=validate.OneOf(values)),
            "label": fields.String(required=True),
            **more,
        },
        name=f"{name}Schema",
    )
    return fields.List(fields.Nested(word), required=True)


class MetaSchema(Schema):
    """The word lists the app shows, in the server's order, each value with its label."""

    contact_roles = _words("ContactRole", CONTACT_ROLES)
    tie_strengths = _words("TieStrength", TIE_STRENGTHS)
    advisor_roles = _words(
        "AdvisorRole",
        ADVISOR_ROLES,
        mentor=fields.Boolean(
            required=True, metadata={"description": "a mentor's seat: updates every 3 months unless the user chooses"}
        ),
    )
    encounter_kinds = _words("EncounterKind", ENCOUNTER_KINDS)
    warmths = _words("Warmth", WARMTHS)
    followup_actions = _words(
        "FollowUpAction",
        FOLLOWUP_ACTIONS,
        default_title=fields.String(
            required=True, metadata={"description": 'the title while the user typed none: "Email {name}"'}
        ),
    )
    followup_replies = _words("FollowUpReply", REPLIES)
    followup_nudges = _words("FollowUpNudge", NUDGES)
    target_kinds = _words("TargetKind", KINDS)
    target_priorities = _words("TargetPriority", PRIORITIES)
    milestone_kinds = _words("MilestoneKind", MILESTONE_KINDS)
    letter_statuses = _words("LetterStatus", LETTER_STATUSES)
    letter_materials = _words("LetterMaterial", LETTER_MATERIALS)
    import_formats = _words("ImportFormat", PARSERS)
    question_audiences = _words(
        "QuestionAudience",
        AUDIENCES,
        roles=fields.List(
            fields.String(validate=validate.OneOf(CONTACT_ROLES)),
            required=True,
            metadata={"description": "the contact roles whose page shows this audience's questions"},
        ),
    )
    questions = _words(
        "BuiltInQuestion",
        tuple(key for key, _, _ in BUILT_IN),
        audience=fields.String(required=True, validate=validate.OneOf(AUDIENCES)),
    )
    import_levels = _words("ImportLevel", LEVELS)
