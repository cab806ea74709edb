"""Targets: marking speakers, programs, sessions and must-meet people, and linking names to speakers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from conference.extensions import db
from conference.schedule.models import Program, Speaker
from conference.schedule.writer import write_sessions
from conference.targets import operations
from conference.targets.models import Target
from conference.targets.operations import link_person_targets
from tests.support.schedule_helpers import conference, record
from tests.support.targets_helpers import TARGETS, ProgramBook, mark


@pytest.fixture
def book(app):
    """An empty program for apa-2027 (America/New_York); commit before making requests."""
    return ProgramBook()


def test_marking_a_speaker_copies_their_name_and_conference(auth, book):
    rivera = book.speaker("Maria Rivera", "Yale School of Medicine")
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="speaker", speaker_id=rivera.id, priority="must", note="ask about CSC", why="psychosis")
    assert target["kind"] == "speaker"
    assert (target["name"], target["affiliation"]) == ("Maria Rivera", "Yale School of Medicine")
    assert (target["conference"], target["priority"], target["note"], target["why"]) == (
        "apa-2027",
        "must",
        "ask about CSC",
        "psychosis",
    )
    assert (target["version"], target["met"]) == (1, False)
    assert target["deleted_at"] is None
    uuid.UUID(target["id"])


def test_priority_defaults_to_should(auth, book):
    session = book.session("Opening", "2099-05-16 09:00")
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="session", session_id=session.id)
    assert (target["priority"], target["name"], target["session_id"]) == ("should", "Opening", session.id)


def test_program_target_can_be_limited_to_a_conference(auth, book):
    yale = book.program("Yale School of Medicine")
    db.session.commit()
    client, _ = auth.register()
    anywhere = mark(client, kind="program", program_id=yale.id)
    here = mark(client, kind="program", program_id=yale.id, conference="apa-2027")
    assert (anywhere["conference"], here["conference"]) == (None, "apa-2027")
    assert anywhere["name"] == "Yale School of Medicine"


@pytest.mark.parametrize(
    ("kind", "make_body"),
    [
        ("speaker", lambda ids: {"speaker_id": ids["speaker"]}),
        ("session", lambda ids: {"session_id": ids["session"]}),
        ("program", lambda ids: {"program_id": ids["program"], "conference": "apa-2027"}),
        ("person", lambda ids: {"name": "Dr. José Rivera", "affiliation": "The Johns Hopkins Univ."}),
    ],
)
def test_marking_the_same_thing_twice_returns_the_existing_target_with_200(auth, book, kind, make_body):
    speaker = book.speaker("Maria Rivera", "Yale")
    ids = {"speaker": speaker.id, "session": book.session("S", "2099-05-16 09:00").id, "program": speaker.program_id}
    db.session.commit()
    client, _ = auth.register()
    first = mark(client, kind=kind, priority="must", **make_body(ids))
    again_body = make_body(ids)
    if kind == "person":
        again_body = {"name": "jose  rivera", "affiliation": "johns hopkins univ"}
    again = mark(client, 200, kind=kind, priority="nice", **again_body)
    assert again == first
    assert db.session.query(Target).count() == 1


def test_a_removed_target_can_be_marked_again(auth, book):
    speaker = book.speaker("Maria Rivera")
    db.session.commit()
    client, _ = auth.register()
    first = mark(client, kind="speaker", speaker_id=speaker.id)
    assert client.delete(f"{TARGETS}/{first['id']}").status_code == 204
    second = mark(client, kind="speaker", speaker_id=speaker.id)
    assert second["id"] != first["id"]


def test_a_client_made_id_is_kept_and_a_retry_returns_the_same_target(auth, book):
    speaker = book.speaker("Maria Rivera")
    db.session.commit()
    client, _ = auth.register()
    target_id = str(uuid.uuid4())
    first = mark(client, id=target_id, kind="speaker", speaker_id=speaker.id)
    assert first["id"] == target_id
    assert mark(client, 200, id=target_id, kind="speaker", speaker_id=speaker.id) == first


def test_a_client_made_id_used_by_someone_else_is_409(auth, book):
    speaker = book.speaker("Maria Rivera")
    db.session.commit()
    alice, _ = auth.register()
    bob, _ = auth.register()
    target_id = str(uuid.uuid4())
    mark(alice, id=target_id, kind="speaker", speaker_id=speaker.id)
    response = bob.post(TARGETS, json={"id": target_id, "kind": "speaker", "speaker_id": speaker.id})
    assert response.status_code == 409
    assert "id" in response.get_json()["error"]["fields"]


def test_a_concurrent_duplicate_answers_with_the_existing_target(auth, book, monkeypatch):
    speaker = book.speaker("Maria Rivera")
    db.session.commit()
    client, _ = auth.register()
    first = mark(client, kind="speaker", speaker_id=speaker.id)
    real_find_same = operations.find_same
    calls = []

    def miss_once(user, values, **kwargs):
        """The other request's insert lands between our check and our insert."""
        calls.append(values)
        return None if len(calls) == 1 else real_find_same(user, values, **kwargs)

    monkeypatch.setattr(operations, "find_same", miss_once)
    assert mark(client, 200, kind="speaker", speaker_id=speaker.id)["id"] == first["id"]
    assert db.session.query(Target).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "faculty", "speaker_id": 1}, "kind"),
        ({"speaker_id": 1}, "kind"),
        ({"kind": "speaker"}, "speaker_id"),
        ({"kind": "speaker", "speaker_id": 999_999}, "speaker_id"),
        ({"kind": "speaker", "speaker_id": "one"}, "speaker_id"),
        ({"kind": "speaker", "speaker_id": 2**63}, "speaker_id"),
        ({"kind": "session", "session_id": 999_999}, "session_id"),
        ({"kind": "program", "program_id": 999_999}, "program_id"),
        ({"kind": "program"}, "program_id"),
        ({"kind": "person"}, "name"),
        ({"kind": "person", "name": "   "}, "name"),
        ({"kind": "person", "name": "?!"}, "name"),
        ({"kind": "person", "name": "Ana\x00Lee"}, "name"),
        ({"kind": "person", "name": "Ana Lee", "speaker_id": 1}, "speaker_id"),
        ({"kind": "speaker", "speaker_id": "SPEAKER", "name": "Someone"}, "name"),
        ({"kind": "person", "name": "Ana Lee", "priority": "urgent"}, "priority"),
        ({"kind": "person", "name": "Ana Lee", "conference": "no-such-meeting"}, "conference"),
        ({"kind": "speaker", "speaker_id": "SPEAKER", "conference": "other-2027"}, "conference"),
        ({"kind": "person", "name": "Ana Lee", "owner_id": 1}, "owner_id"),
    ],
)
def test_invalid_target_is_422_naming_the_field(auth, book, body, field):
    speaker = book.speaker("Maria Rivera")
    ProgramBook(slug="other-2027")
    db.session.commit()
    if body.get("speaker_id") == "SPEAKER":
        body = {**body, "speaker_id": speaker.id}
    client, _ = auth.register()
    response = client.post(TARGETS, json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]
    assert db.session.query(Target).count() == 0


def test_person_target_is_linked_at_creation_to_a_matching_speaker(auth, book):
    rivera = book.speaker("José Rivera", "Yale School of Medicine")
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Dr. Jose Rivera", recommended_by="Dr. Chen (my PI)")
    assert (target["speaker_id"], target["conference"]) == (rivera.id, "apa-2027")
    assert target["recommended_by"] == "Dr. Chen (my PI)"
    assert target["name"] == "Dr. Jose Rivera"


def test_person_target_with_an_affiliation_links_only_to_that_affiliation(auth, book):
    book.speaker("John Smith", "Mount Sinai")
    yale_smith = book.speaker("John Smith", "Yale")
    db.session.commit()
    client, _ = auth.register()
    assert mark(client, kind="person", name="John Smith", affiliation="yale")["speaker_id"] == yale_smith.id
    assert mark(client, kind="person", name="John Smith", affiliation="Harvard")["speaker_id"] is None


def test_person_target_naming_several_speakers_stays_unlinked(auth, book):
    book.speaker("John Smith", "Mount Sinai")
    book.speaker("John Smith", "Yale")
    db.session.commit()
    client, _ = auth.register()
    assert mark(client, kind="person", name="John Smith", conference="apa-2027")["speaker_id"] is None


def test_person_target_is_not_linked_to_a_speaker_of_a_past_conference(auth):
    past = ProgramBook(slug="apa-2020", starts_on=date(2020, 5, 1), ends_on=date(2020, 5, 5))
    past.speaker("Maria Rivera")
    db.session.commit()
    client, _ = auth.register()
    assert mark(client, kind="person", name="Maria Rivera")["speaker_id"] is None


def test_person_target_links_only_to_a_conference_not_over_in_its_own_zone(auth):
    today, day = datetime.now(UTC).date(), timedelta(days=1)
    ended = ProgramBook(slug="ended-yesterday", tz="UTC", starts_on=today - 3 * day, ends_on=today - day)
    ended.speaker("Maria Rivera")
    lee = ProgramBook(slug="ends-today", tz="UTC", starts_on=today - day, ends_on=today).speaker("Ana Lee")
    db.session.commit()
    client, _ = auth.register()
    assert mark(client, kind="person", name="Maria Rivera")["speaker_id"] is None
    assert mark(client, kind="person", name="Ana Lee")["speaker_id"] == lee.id


def test_link_person_targets_links_names_a_later_import_brings(auth, app):
    book = ProgramBook(starts_on=None, ends_on=None)
    db.session.commit()
    client, _ = auth.register()
    here = mark(client, kind="person", name="Dr. Maria Rivera", conference="apa-2027")
    anywhere = mark(client, kind="person", name="Ana Lee", affiliation="Mount Sinai")
    other_affiliation = mark(client, kind="person", name="Sam Green", affiliation="Harvard")
    people = [("Maria Rivera", "MD", "Yale"), ("Ana Lee", "MD, PhD", "Mount Sinai"), ("Sam Green", "", "Yale")]
    write_sessions(book.conference, [record("S1", speakers=people)])
    assert link_person_targets(book.conference) == 2
    db.session.commit()
    speakers = {s.name: s.id for s in db.session.scalars(select(Speaker))}
    listed = {t["id"]: t for t in client.get(TARGETS).get_json()["items"]}
    assert listed[here["id"]]["speaker_id"] == speakers["Maria Rivera"]
    assert listed[anywhere["id"]]["speaker_id"] == speakers["Ana Lee"]
    assert listed[anywhere["id"]]["conference"] == "apa-2027"
    assert listed[here["id"]]["version"] == 2
    assert listed[other_affiliation["id"]]["speaker_id"] is None
    assert link_person_targets(book.conference) == 0


def test_link_person_targets_runs_two_queries_whatever_the_number_of_targets(auth, book, count_queries):
    db.session.commit()
    client, _ = auth.register()

    def queries_for(names):
        for name in names:
            mark(client, kind="person", name=name, conference="apa-2027")
        for name in names:
            book.speaker(name)
        with count_queries() as statements:
            assert link_person_targets(book.conference) == len(names)
        db.session.commit()
        return statements

    def selects(statements):
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    few = queries_for(["Person A", "Person B"])
    many = queries_for([f"Person {i}" for i in range(3, 33)])
    assert len(selects(few)) == len(selects(many)) == 2
    assert len(few) == len(many)  # the links are written in one batch, not a row at a time


def test_list_is_paginated_with_must_meet_first(auth, book):
    db.session.commit()
    client, _ = auth.register()
    for name, priority in [("Nice One", "nice"), ("Must One", "must"), ("Should One", "should"), ("Must Two", "must")]:
        mark(client, kind="person", name=name, priority=priority)
    page = client.get(f"{TARGETS}?per_page=3").get_json()
    assert (page["total"], page["page"], page["per_page"]) == (4, 1, 3)
    assert [t["name"] for t in page["items"]] == ["Must One", "Must Two", "Should One"]
    assert [t["name"] for t in client.get(f"{TARGETS}?per_page=3&page=2").get_json()["items"]] == ["Nice One"]


def test_list_for_a_conference_includes_targets_meant_for_any_conference(auth, book):
    other = ProgramBook(slug="other-2027")
    elsewhere = other.speaker("Far Away")
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="person", name="Anywhere Person")
    mark(client, kind="person", name="Here Person", conference="apa-2027")
    mark(client, kind="speaker", speaker_id=elsewhere.id)
    names = {t["name"] for t in client.get(f"{TARGETS}?conference=apa-2027").get_json()["items"]}
    assert names == {"Anywhere Person", "Here Person"}
    assert client.get(f"{TARGETS}?conference=nowhere").status_code == 404
    assert {t["name"] for t in client.get(f"{TARGETS}?kind=speaker").get_json()["items"]} == {"Far Away"}


def test_list_takes_a_constant_number_of_queries(auth, count_queries):
    books = [ProgramBook(slug=f"meeting-{i}") for i in range(6)]
    speakers = [b.speaker(f"Speaker {i}") for i, b in enumerate(books)]
    db.session.commit()
    client, _ = auth.register()

    def queries_for_list():
        with count_queries() as statements:
            assert client.get(TARGETS).status_code == 200
        return len(statements)

    mark(client, kind="speaker", speaker_id=speakers[0].id)
    few = queries_for_list()
    for speaker in speakers[1:]:
        mark(client, kind="speaker", speaker_id=speaker.id)
    for i in range(20):
        mark(client, kind="person", name=f"Person {i}", conference=f"meeting-{i % 6}")
    assert queries_for_list() == few


def test_patch_changes_priority_note_and_why_and_bumps_the_version(auth, book):
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Ana Lee")
    changes = {"priority": "must", "note": " bring poster ", "why": "CL psychiatry"}
    response = client.patch(f"{TARGETS}/{target['id']}", json=changes)
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert (changed["priority"], changed["note"], changed["why"]) == ("must", "bring poster", "CL psychiatry")
    assert changed["version"] == 2
    assert response.headers["ETag"] == '"2"'


@pytest.mark.parametrize("if_match", ['"1"', "1", 'W/"1"'])
def test_patch_with_the_current_version_in_if_match_succeeds(auth, book, if_match):
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Ana Lee")
    response = client.patch(f"{TARGETS}/{target['id']}", json={"priority": "nice"}, headers={"If-Match": if_match})
    assert response.status_code == 200
    assert response.get_json()["version"] == 2


def test_patch_with_a_stale_if_match_is_412_with_the_current_record(auth, book):
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Ana Lee")
    client.patch(f"{TARGETS}/{target['id']}", json={"note": "from my laptop"})
    response = client.patch(f"{TARGETS}/{target['id']}", json={"note": "from my phone"}, headers={"If-Match": '"1"'})
    assert response.status_code == 412
    current = response.get_json()["error"]["current"]
    assert (current["note"], current["version"]) == ("from my laptop", 2)


def test_patch_cannot_rename_a_speaker_target(auth, book):
    speaker = book.speaker("Maria Rivera")
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="speaker", speaker_id=speaker.id)
    for body, field in [({"name": "Someone"}, "name"), ({"kind": "person"}, "kind"), ({"speaker_id": 1}, "speaker_id")]:
        response = client.patch(f"{TARGETS}/{target['id']}", json=body)
        assert response.status_code == 422
        assert field in response.get_json()["error"]["fields"]


def test_renaming_a_person_target_relinks_it(auth, book):
    rivera = book.speaker("Maria Rivera", "Yale")
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Mario Rivera")
    assert (target["speaker_id"], target["conference"]) == (None, None)
    renamed = client.patch(f"{TARGETS}/{target['id']}", json={"name": "Maria Rivera"}).get_json()
    assert (renamed["speaker_id"], renamed["conference"]) == (rivera.id, "apa-2027")
    moved = client.patch(f"{TARGETS}/{target['id']}", json={"affiliation": "Harvard"}).get_json()
    assert moved["speaker_id"] is None


def test_renaming_a_person_target_to_another_target_is_422(auth, book):
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="person", name="Ana Lee")
    target = mark(client, kind="person", name="Anna Lee")
    response = client.patch(f"{TARGETS}/{target['id']}", json={"name": "ana lee"})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]


def test_delete_leaves_a_tombstone(auth, book):
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Ana Lee")
    assert client.delete(f"{TARGETS}/{target['id']}").status_code == 204
    row = db.session.get(Target, uuid.UUID(target["id"]))
    assert row.deleted_at is not None
    assert row.version == 2
    assert client.get(f"{TARGETS}/{target['id']}").status_code == 404
    assert client.get(TARGETS).get_json()["total"] == 0


def test_delete_with_a_stale_if_match_is_412(auth, book):
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Ana Lee")
    client.patch(f"{TARGETS}/{target['id']}", json={"note": "changed"})
    response = client.delete(f"{TARGETS}/{target['id']}", headers={"If-Match": '"1"'})
    assert response.status_code == 412
    assert response.get_json()["error"]["current"]["version"] == 2
    assert db.session.get(Target, uuid.UUID(target["id"])).deleted_at is None


def test_another_users_targets_are_404_and_never_listed(auth, book):
    db.session.commit()
    alice, _ = auth.register()
    bob, _ = auth.register()
    target = mark(alice, kind="person", name="Ana Lee", note="private")
    url = f"{TARGETS}/{target['id']}"
    assert bob.get(url).status_code == 404
    assert bob.patch(url, json={"note": "mine now"}).status_code == 404
    assert bob.delete(url).status_code == 404
    assert bob.get(TARGETS).get_json()["total"] == 0
    assert alice.get(url).get_json()["note"] == "private"
    assert alice.get(url).get_json()["version"] == 1


def test_targets_need_a_login(client):
    assert client.get(TARGETS).status_code == 401
    assert client.post(TARGETS, json={"kind": "person", "name": "Ana Lee"}).status_code == 401


def test_unknown_target_id_is_404(auth):
    client, _ = auth.register()
    assert client.get(f"{TARGETS}/{uuid.uuid4()}").status_code == 404
    assert client.get(f"{TARGETS}/not-a-uuid").status_code == 404


def test_target_shows_as_met_once_a_contact_links_to_it(auth, app):
    write_sessions(conference("met-2099"), [record("S1", speakers=[("Jane Doe", "MD", "Yale School of Medicine")])])
    db.session.commit()
    speaker = db.session.scalars(select(Speaker)).one()
    program = db.session.scalars(select(Program)).one()
    client, _ = auth.register()
    by_speaker = client.post(TARGETS, json={"kind": "speaker", "speaker_id": speaker.id}).get_json()
    by_program = client.post(TARGETS, json={"kind": "program", "program_id": program.id}).get_json()
    assert (by_speaker["met"], by_program["met"]) == (False, False)

    contact = {
        "name": "Jane Doe",
        "role": "faculty",
        "speaker_id": speaker.id,
        "institution": "Yale School of Medicine",
    }
    assert client.put(f"/api/v1/me/contacts/{uuid.uuid4()}", json=contact).status_code == 201
    listed = {t["id"]: t["met"] for t in client.get(TARGETS).get_json()["items"]}
    assert listed == {by_speaker["id"]: True, by_program["id"]: True}
    other, _ = auth.register()
    other_target = other.post(TARGETS, json={"kind": "speaker", "speaker_id": speaker.id}).get_json()
    assert other_target["met"] is False
