"""The shape of the word lists, whose values the OpenAPI document enumerates from the models' lists."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..followups.models import FOLLOWUP_ACTIONS
from ..letters.models import LETTER_MATERIALS, LETTER_STATUSES
from ..milestones.models import MILESTONE_KINDS
from ..people.models import CONTACT_ROLES, ENCOUNTER_KINDS, TIE_STRENGTHS
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
    encounter_kinds = _words("EncounterKind", ENCOUNTER_KINDS)
    followup_actions = _words(
        "FollowUpAction",
        FOLLOWUP_ACTIONS,
        default_title=fields.String(
            required=True, metadata={"description": 'the title while the user typed none: "Email {name}"'}
        ),
    )
    target_kinds = _words("TargetKind", KINDS)
    target_priorities = _words("TargetPriority", PRIORITIES)
    milestone_kinds = _words("MilestoneKind", MILESTONE_KINDS)
    letter_statuses = _words("LetterStatus", LETTER_STATUSES)
    letter_materials = _words("LetterMaterial", LETTER_MATERIALS)
    import_formats = _words("ImportFormat", PARSERS)
    import_levels = _words("ImportLevel", LEVELS)
