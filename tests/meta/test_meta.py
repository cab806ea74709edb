"""`GET /api/v1/meta`: the word lists the app offers are the models' lists, and so are the OpenAPI enums."""

from __future__ import annotations

import pytest

from conference.followups.models import (
    ACTION_LABELS,
    ACTION_TITLES,
    FOLLOWUP_ACTIONS,
    NUDGE_LABELS,
    NUDGES,
    REPLIES,
    REPLY_LABELS,
)
from conference.letters.models import LETTER_MATERIALS, LETTER_STATUSES, MATERIAL_LABELS, STATUS_LABELS
from conference.milestones.models import KIND_LABELS as MILESTONE_KIND_LABELS
from conference.milestones.models import MILESTONE_KINDS
from conference.people.models import (
    ADVISOR_ROLE_LABELS,
    ADVISOR_ROLES,
    CONTACT_ROLES,
    ENCOUNTER_KIND_LABELS,
    ENCOUNTER_KINDS,
    MENTOR_ROLES,
    ROLE_LABELS,
    TIE_LABELS,
    TIE_STRENGTHS,
    WARMTH_LABELS,
    WARMTHS,
)
from conference.questions.bank import BUILT_IN
from conference.questions.models import AUDIENCE_LABELS, AUDIENCES
from conference.schedule.importers import FORMAT_LABELS, LEVEL_LABELS, LEVELS, PARSERS
from conference.targets.models import KIND_LABELS, KINDS, PRIORITIES, PRIORITY_LABELS

#: Each list of the answer, the values the models accept, and the labels the models give them.
LISTS = {
    "contact_roles": (CONTACT_ROLES, ROLE_LABELS),
    "tie_strengths": (TIE_STRENGTHS, TIE_LABELS),
    "advisor_roles": (ADVISOR_ROLES, ADVISOR_ROLE_LABELS),
    "encounter_kinds": (ENCOUNTER_KINDS, ENCOUNTER_KIND_LABELS),
    "followup_actions": (FOLLOWUP_ACTIONS, ACTION_LABELS),
    "warmths": (WARMTHS, WARMTH_LABELS),
    "followup_replies": (REPLIES, REPLY_LABELS),
    "followup_nudges": (NUDGES, NUDGE_LABELS),
    "target_kinds": (KINDS, KIND_LABELS),
    "target_priorities": (PRIORITIES, PRIORITY_LABELS),
    "milestone_kinds": (MILESTONE_KINDS, MILESTONE_KIND_LABELS),
    "letter_statuses": (LETTER_STATUSES, STATUS_LABELS),
    "letter_materials": (LETTER_MATERIALS, MATERIAL_LABELS),
    "import_formats": (PARSERS, FORMAT_LABELS),
    "question_audiences": (AUDIENCES, AUDIENCE_LABELS),
    "questions": (tuple(key for key, _, _ in BUILT_IN), {key: text for key, _, text in BUILT_IN}),
    "import_levels": (LEVELS, LEVEL_LABELS),
}
#: Where the OpenAPI document enumerates each list: (component schema, property).
ENUMS = {
    "contact_roles": [("Contact", "role"), ("ContactPatch", "role"), ("ContactRole", "value")],
    "tie_strengths": [("Contact", "tie_strength"), ("ContactPatch", "tie_strength"), ("TieStrength", "value")],
    "advisor_roles": [("AdvisorRole", "value")],
    "encounter_kinds": [("Encounter", "kind"), ("EncounterPatch", "kind"), ("EncounterKind", "value")],
    "followup_actions": [("FollowUp", "action"), ("FollowUpPatch", "action"), ("FollowUpAction", "value")],
    "warmths": [("Contact", "warmth"), ("ContactPatch", "warmth"), ("Warmth", "value")],
    "followup_replies": [("FollowUp", "reply"), ("FollowUpPatch", "reply"), ("FollowUpReply", "value")],
    "followup_nudges": [("FollowUp", "nudge"), ("FollowUpPatch", "nudge"), ("FollowUpNudge", "value")],
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
    "question_audiences": [("Question", "audience"), ("QuestionPatch", "audience"), ("QuestionAudience", "value")],
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
        # A field that may be null (a follow-up's reply, a contact's chosen warmth) lists null as well.
        listed = [value for value in schemas[schema]["properties"][prop]["enum"] if value is not None]
        assert listed == values, (schema, prop)
    assert schemas["Meta"]["properties"][name]["items"]["$ref"].endswith("/" + ENUMS[name][-1][0])


def test_the_word_lists_may_be_kept_and_answer_304_to_their_etag(client):
    first = client.get("/api/v1/meta")
    assert "max-age" in first.headers["Cache-Control"] and "no-store" not in first.headers["Cache-Control"]
    assert first.headers["ETag"]
    again = client.get("/api/v1/meta", headers={"If-None-Match": first.headers["ETag"]})
    assert (again.status_code, again.data) == (304, b"")
    assert again.headers["ETag"] == first.headers["ETag"]


def test_advisor_roles_say_which_seats_are_mentors_and_contacts_hold_only_those_words(client):
    roles = client.get("/api/v1/meta").get_json()["advisor_roles"]
    assert {word["value"] for word in roles if word["mentor"]} == MENTOR_ROLES
    assert [word["value"] for word in roles if not word["mentor"]] == ["program_contact"]
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    for schema in ("Contact", "ContactPatch", "Advisor"):
        assert schemas[schema]["properties"]["advisor_roles"]["items"]["enum"] == list(ADVISOR_ROLES), schema
