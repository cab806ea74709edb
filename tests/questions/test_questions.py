"""The question bank: built-in questions by audience in /api/v1/meta, and the user's own beside them."""

from __future__ import annotations

from conference.people.models import CONTACT_ROLES
from conference.questions.bank import BUILT_IN
from conference.questions.models import AUDIENCES
from tests.support.api import ME, create


def test_meta_lists_questions_for_every_audience_each_under_a_key_of_its_own(client):
    meta = client.get("/api/v1/meta").get_json()
    assert [word["value"] for word in meta["question_audiences"]] == list(AUDIENCES)
    keys = [question["value"] for question in meta["questions"]]
    assert len(keys) == len(set(keys)) == len(BUILT_IN)
    for audience in AUDIENCES:
        assert sum(question["audience"] == audience for question in meta["questions"]) >= 3, audience
    assert all(question["label"].endswith("?") for question in meta["questions"])


def test_the_guidances_questions_for_residents_are_in_the_bank(client):
    residents = [q["label"] for q in client.get("/api/v1/meta").get_json()["questions"] if q["audience"] == "resident"]
    assert "What does your program look for in applicants like me?" in residents
    assert any("electives or observerships" in text for text in residents)


def test_each_contact_role_maps_to_at_most_one_audience_and_other_to_none(client):
    audiences = client.get("/api/v1/meta").get_json()["question_audiences"]
    roles = [role for word in audiences for role in word["roles"]]
    assert len(roles) == len(set(roles)) and set(roles) <= set(CONTACT_ROLES)
    assert "other" not in roles
    assert {word["value"]: word["roles"] for word in audiences}["program_director"] == ["program_director"]


def test_my_questions_filter_by_audience_oldest_first(auth):
    client, _ = auth.register()
    first = create(client, "questions", text="Which rotations helped you most?", audience="resident")
    create(client, "questions", text="Would you read my abstract?", audience="faculty")
    second = create(client, "questions", text="  How big are the call teams?  ", audience="resident")
    listed = client.get(f"{ME}/questions?audience=resident").get_json()["items"]
    assert [q["id"] for q in listed] == [first["id"], second["id"]]
    assert listed[1]["text"] == "How big are the call teams?"


def test_a_question_needs_text_and_a_known_audience(auth):
    client, _ = auth.register()
    for body, field in (
        ({"text": "", "audience": "resident"}, "text"),
        ({"text": "Why?", "audience": "dean"}, "audience"),
    ):
        response = client.put(f"{ME}/questions/00000000-0000-4000-8000-000000000001", json=body)
        assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
