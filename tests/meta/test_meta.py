"""`GET /api/v1/meta`: the word lists the app offers are the models' lists, and so are the OpenAPI enums."""

from __future__ import annotations

import pytest

from conference.followups.models import ACTION_LABELS, ACTION_TITLES, FOLLOWUP_ACTIONS
from conference.letters.models import LETTER_MATERIALS, LETTER_STATUSES, MATERIAL_LABELS, STATUS_LABELS
from conference.milestones.models import KIND_LABELS as MILESTONE_KIND_LABELS
from conference.milestones.models import MILESTONE_KINDS
from conference.people.models import (
    CONTACT_ROLES,
    ENCOUNTER_KIND_LABELS,
    ENCOUNTER_KINDS,
    ROLE_LABELS,
    TIE_LABELS,
    TIE_STRENGTHS,
)
from conference.schedule.importers import FORMAT_LABELS, LEVEL_LABELS, LEVELS, PARSERS
from conference.targets.models import KIND_LABELS, KINDS, PRIORITIES, PRIORITY_LABELS

#: Each list of the answer, the values the models accept, and the labels the models give them.
LISTS = {
    "contact_roles": (CONTACT_ROLES, ROLE_LABELS),
    "tie_strengths": (TIE_STRENGTHS, TIE_LABELS),
    "encounter_kinds": (ENCOUNTER_KINDS, ENCOUNTER_KIND_LABELS),
    "followup_actions": (FOLLOWUP_ACTIONS, ACTION_LABELS),
    "target_kinds": (KINDS, KIND_LABELS),
    "target_priorities": (PRIORITIES, PRIORITY_LABELS),
    "milestone_kinds": (MILESTONE_KINDS, MILESTONE_KIND_LABELS),
    "letter_statuses": (LETTER_STATUSES, STATUS_LABELS),
    "letter_materials": (LETTER_MATERIALS, MATERIAL_LABELS),
    "import_formats": (PARSERS, FORMAT_LABELS),
    "import_levels": (LEVELS, LEVEL_LABELS),
}
#: Where the OpenAPI document enumerates each list: (component schema, property).
ENUMS = {
    "contact_roles": [("Contact", "role"), ("ContactPatch", "role"), ("ContactRole", "value")],
    "tie_strengths": [("Contact", "tie_strength"), ("ContactPatch", "tie_strength"), ("TieStrength", "value")],
    "encounter_kinds": [("Encounter", "kind"), ("EncounterPatch", "kind"), ("EncounterKind", "value")],
    "followup_actions": [("FollowUp", "action"), ("FollowUpPatch", "action"), ("FollowUpAction", "value")],
    "target_kinds": [("TargetCreate", "kind"), ("TargetPut", "kind"), ("TargetKind", "value")],
    "target_priorities": [
        ("TargetCreate", "priority"),
        ("TargetPut", "priority"),
        ("TargetUpdate", "priority"),
        ("TargetPriority", "value"),
    ],
    "milestone_kinds": [("Milestone", "kind"), ("MilestonePatch", "kind"), ("MilestoneKind", "value")],
    "letter_statuses": [("Letter", "status"), ("LetterPatch", "status"), ("LetterStatus", "value")],
    "letter_materials": [("LetterMaterial", "value")],
    "import_formats": [("ImportForm", "format"), ("ImportFormat", "value")],
    "import_levels": [("ImportForm", "level"), ("ImportLevel", "value")],
}


def test_the_word_lists_are_the_models_lists_with_their_labels_and_need_no_login(client):
    response = client.get("/api/v1/meta")
    assert response.status_code == 200
    answer = response.get_json()
    assert set(answer) == set(LISTS)
    for name, (values, labels) in LISTS.items():
        assert [word["value"] for word in answer[name]] == list(values), name
        assert [word["label"] for word in answer[name]] == [labels[value] for value in values], name


def test_each_follow_up_action_carries_the_servers_default_title_wording(client):
    actions = client.get("/api/v1/meta").get_json()["followup_actions"]
    assert {word["value"]: word["default_title"] for word in actions} == ACTION_TITLES


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_the_openapi_enums_are_the_same_lists(client, name):
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    values = list(LISTS[name][0])
    for schema, prop in ENUMS[name]:
        assert schemas[schema]["properties"][prop]["enum"] == values, (schema, prop)
    assert schemas["Meta"]["properties"][name]["items"]["$ref"].endswith("/" + ENUMS[name][-1][0])


def test_the_word_lists_may_be_kept_and_answer_304_to_their_etag(client):
    first = client.get("/api/v1/meta")
    assert "max-age" in first.headers["Cache-Control"] and "no-store" not in first.headers["Cache-Control"]
    assert first.headers["ETag"]
    again = client.get("/api/v1/meta", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]
