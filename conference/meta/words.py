"""The word lists the app offers, read from the models that define and enforce them."""

from __future__ import annotations

from ..followups.models import ACTION_LABELS, ACTION_TITLES, NUDGE_LABELS, REPLY_LABELS
from ..letters.models import MATERIAL_LABELS, STATUS_LABELS
from ..milestones.models import KIND_LABELS as MILESTONE_KIND_LABELS
from ..people.models import (
    ADVISOR_ROLE_LABELS,
    ENCOUNTER_KIND_LABELS,
    MENTOR_ROLES,
    ROLE_LABELS,
    TIE_LABELS,
    WARMTH_LABELS,
)
from ..questions.bank import BUILT_IN
from ..questions.models import AUDIENCE_LABELS, AUDIENCE_OF_ROLE
from ..schedule.importers import FORMAT_LABELS, LEVEL_LABELS, LEVELS, PARSERS
from ..targets.models import KIND_LABELS, PRIORITY_LABELS


def _listed(labels: dict[str, str], values=None) -> list[dict]:
    """[{"value", "label"}, ...] in the order the server keeps them."""
    return [{"value": value, "label": labels[value]} for value in values or labels]


def word_lists() -> dict[str, list[dict]]:
    """Every list, each as value/label pairs; follow-up actions also carry the default title's wording, audiences
    the contact roles they fit, and the built-in questions (value: a key that never changes) their audience."""
    return {
        "contact_roles": _listed(ROLE_LABELS),
        "tie_strengths": _listed(TIE_LABELS),
        "advisor_roles": [{**word, "mentor": word["value"] in MENTOR_ROLES} for word in _listed(ADVISOR_ROLE_LABELS)],
        "encounter_kinds": _listed(ENCOUNTER_KIND_LABELS),
        "warmths": _listed(WARMTH_LABELS),
        "followup_actions": [
            {**word, "default_title": ACTION_TITLES[word["value"]]} for word in _listed(ACTION_LABELS)
        ],
        "followup_replies": _listed(REPLY_LABELS),
        "followup_nudges": _listed(NUDGE_LABELS),
        "target_kinds": _listed(KIND_LABELS),
        "target_priorities": _listed(PRIORITY_LABELS),
        "milestone_kinds": _listed(MILESTONE_KIND_LABELS),
        "letter_statuses": _listed(STATUS_LABELS),
        "letter_materials": _listed(MATERIAL_LABELS),
        "import_formats": _listed(FORMAT_LABELS, PARSERS),
        "question_audiences": [
            {**word, "roles": [role for role, audience in AUDIENCE_OF_ROLE.items() if audience == word["value"]]}
            for word in _listed(AUDIENCE_LABELS)
        ],
        "questions": [{"value": key, "label": text, "audience": audience} for key, audience, text in BUILT_IN],
        "import_levels": _listed(LEVEL_LABELS, LEVELS),
    }
