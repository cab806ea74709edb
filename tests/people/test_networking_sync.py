"""Writes that survive a bad network: replayable PUTs, versions and If-Match, tombstones, the changes feed, isolation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from conference.accounts.models import User
from conference.extensions import db
from conference.followups.models import FollowUp
from conference.people import operations, queries
from conference.people.models import Contact, Encounter
from conference.schedule.models import Conference, Program
from conference.targets.models import Target
from tests.support.api import ME, create, put
from tests.support.networking_helpers import rivera_at_apa


@pytest.fixture
def apa(app):
    """APA 2027 in New York with one session given by one speaker, and her university."""
    conference, speaker, session = rivera_at_apa()
    db.session.add(Program(name="Yale University", normalized_name="yale university"))
    db.session.commit()
    return {"conference": conference.slug, "session_id": session.id, "speaker_id": speaker.id}


def new_contact(client, name="Maria Rivera", **fields):
    """Create a contact with a fresh id; returns its JSON."""
    return create(client, "contacts", name=name, **fields)


def new_encounter(client, contact_id, **fields):
    """Log an encounter with a fresh id; returns its JSON."""
    return create(client, "encounters", contact_id=contact_id, **fields)


def new_followup(client, contact_id, **fields):
    """Commit to a follow-up with a fresh id; returns its JSON."""
    return create(client, "followups", contact_id=contact_id, **fields)


def login_again(app, email, password="correct horse battery"):
    """A second device (client) logged in as the same user."""
    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"email": email, "password": password}).status_code == 200
    return client


# Replayable PUTs.


def test_put_with_a_difference_replaces_and_bumps_the_version(auth):
    client, _ = auth.register()
    contact = new_contact(client, role="faculty", institution="Yale")
    response = put(
        client, "contacts", contact["id"], {"name": "Maria Rivera", "role": "program_director"}, **{"If-Match": '"1"'}
    )
    body = response.get_json()
    assert response.status_code == 200
    assert (body["version"], body["role"], body["institution"]) == (2, "program_director", "")


def test_replayed_encounter_keeps_its_first_server_time(auth, monkeypatch):
    client, _ = auth.register()
    contact = new_contact(client)
    record_id = uuid.uuid4()
    first = put(client, "encounters", record_id, {"contact_id": contact["id"]}).get_json()
    later = datetime(2099, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(operations, "utcnow", lambda: later)
    again = put(client, "encounters", record_id, {"contact_id": contact["id"]}).get_json()
    assert again == first


def test_the_same_patch_twice_bumps_the_version_once(auth):
    client, _ = auth.register()
    contact = new_contact(client)
    first = client.patch(f"{ME}/contacts/{contact['id']}", json={"role": "faculty"}).get_json()
    again = client.patch(f"{ME}/contacts/{contact['id']}", json={"role": "faculty"}).get_json()
    assert first["version"] == again["version"] == 2


# Versions and If-Match.


def test_item_answers_carry_the_version_as_etag(auth):
    client, _ = auth.register()
    contact = new_contact(client)
    assert client.get(f"{ME}/contacts/{contact['id']}").headers["ETag"] == '"1"'
    patched = client.patch(f"{ME}/contacts/{contact['id']}", json={"role": "faculty"})
    assert patched.headers["ETag"] == '"2"'


def test_patch_with_the_current_if_match_succeeds(auth):
    client, _ = auth.register()
    contact = new_contact(client)
    response = client.patch(f"{ME}/contacts/{contact['id']}", json={"role": "peer"}, headers={"If-Match": 'W/"1"'})
    assert (response.status_code, response.get_json()["version"]) == (200, 2)


def test_a_retried_write_already_applied_is_not_a_conflict(auth):
    client, _ = auth.register()
    contact = new_contact(client)
    change = {"name": "Maria Rivera", "role": "faculty"}
    applied = put(client, "contacts", contact["id"], change, **{"If-Match": '"1"'})
    retried = put(client, "contacts", contact["id"], change, **{"If-Match": '"1"'})
    assert (applied.status_code, retried.status_code) == (200, 200)
    assert retried.get_json()["version"] == 2


# Tombstones.


def test_deleting_a_contact_deletes_its_encounters_and_followups(auth):
    client, _ = auth.register()
    contact = new_contact(client)
    encounter = new_encounter(client, contact["id"])
    followup = new_followup(client, contact["id"], encounter_id=encounter["id"])
    client.delete(f"{ME}/contacts/{contact['id']}")
    assert client.get(f"{ME}/encounters/{encounter['id']}").status_code == 404
    assert client.get(f"{ME}/followups/{followup['id']}").status_code == 404
    feed = client.get(f"{ME}/changes?since=0").get_json()
    assert [item["id"] for item in feed["encounters"]] == [encounter["id"]]
    assert feed["followups"][0]["deleted_at"] is not None


# References in bodies.


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        ("encounters", {"contact_id": "OTHERS_CONTACT"}, "contact_id"),
        ("encounters", {"contact_id": "MY_CONTACT", "session_id": 999_999}, "session_id"),
        ("encounters", {"contact_id": "MY_CONTACT", "conference": "no-such-meeting"}, "conference"),
        ("encounters", {"contact_id": "MY_CONTACT", "conference": 2027}, "conference"),
        ("followups", {"contact_id": "OTHERS_CONTACT"}, "contact_id"),
        ("followups", {"contact_id": "MY_CONTACT", "encounter_id": "OTHERS_ENCOUNTER"}, "encounter_id"),
        ("followups", {"contact_id": "MY_CONTACT", "encounter_id": str(uuid.uuid4())}, "encounter_id"),
        ("contacts", {"name": "X", "speaker_id": 999_999}, "speaker_id"),
    ],
)
def test_referenced_ids_must_exist_and_be_the_users_own(auth, kind, body, field):
    me, _ = auth.register()
    other, _ = auth.register()
    others_contact = new_contact(other)
    ids = {
        "MY_CONTACT": new_contact(me)["id"],
        "OTHERS_CONTACT": others_contact["id"],
        "OTHERS_ENCOUNTER": new_encounter(other, others_contact["id"])["id"],
    }
    body = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    response = put(me, kind, uuid.uuid4(), body)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_a_followup_encounter_must_be_with_the_same_contact(auth):
    client, _ = auth.register()
    rivera, chen = new_contact(client), new_contact(client, "Alex Chen")
    encounter = new_encounter(client, chen["id"])
    response = put(client, "followups", uuid.uuid4(), {"contact_id": rivera["id"], "encounter_id": encounter["id"]})
    assert response.status_code == 422
    assert "encounter_id" in response.get_json()["error"]["fields"]


def test_an_encounter_at_a_session_is_at_the_sessions_conference(auth, apa):
    client, _ = auth.register()
    contact = new_contact(client)
    encounter = new_encounter(client, contact["id"], session_id=apa["session_id"])
    assert encounter["conference"] == "apa-2027"


def test_an_encounter_naming_another_conference_than_its_sessions_is_422(auth, apa):
    client, _ = auth.register()
    db.session.add(Conference(slug="ipa-2027", name="IPA", timezone="UTC"))
    db.session.commit()
    contact = new_contact(client)
    response = put(
        client,
        "encounters",
        uuid.uuid4(),
        {"contact_id": contact["id"], "session_id": apa["session_id"], "conference": "ipa-2027"},
    )
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["conference"]


def test_a_contacts_institution_links_to_the_program_of_that_name(auth, apa):
    client, _ = auth.register()
    contact = new_contact(client, institution="  The Yale University ")
    program = db.session.query(Program).one()
    assert contact["program_id"] == program.id
    assert new_contact(client, institution="Somewhere Else")["program_id"] is None


def test_met_among_tells_which_speakers_and_programs_the_user_has_a_contact_for(app, auth, apa):
    client, user = auth.register()
    other, _ = auth.register()
    program_id = new_contact(client, institution="Yale University")["program_id"]
    new_contact(other, speaker_id=apa["speaker_id"])
    owner = db.session.get(User, user["id"])
    assert queries.met_among(owner, {apa["speaker_id"], 999}, {program_id, 998}) == (set(), {program_id})
    new_contact(client, speaker_id=apa["speaker_id"])
    assert queries.met_among(owner, {apa["speaker_id"]}, set()) == ({apa["speaker_id"]}, set())


def test_a_record_sent_back_as_received_is_accepted(auth):
    client, _ = auth.register()
    contact = new_contact(client, tags=["cl", "cl", "psychosis"])
    response = put(client, "contacts", contact["id"], contact)
    assert (response.status_code, response.get_json()["version"]) == (200, 1)
    assert contact["tags"] == ["cl", "psychosis"]


# Lists and the feed read rows and dump them without marshmallow's per-value calls: they must show the same.


def test_lists_and_the_feed_show_every_record_exactly_as_its_own_answer_does(auth, apa):
    client, _ = auth.register()
    full = new_contact(
        client,
        "Maria Rivera",
        role="faculty",
        institution="Yale University",
        speaker_id=apa["speaker_id"],
        email="maria@yale.example",
        linkedin_url="https://www.linkedin.com/in/rivera",
        tie_strength="core",
        tags=["psychosis", "rural"],
        notes="Mentor?",
    )
    bare = new_contact(client, "Sam Lee")
    at_talk = new_encounter(
        client,
        full["id"],
        session_id=apa["session_id"],
        kind="conversation",
        place="hallway",
        takeaway="CSC works",
        notes="private",
        occurred_at="2027-05-16T10:15:00-04:00",
    )
    nowhere = new_encounter(client, bare["id"])
    done = new_followup(
        client,
        full["id"],
        encounter_id=at_talk["id"],
        action="mentor_update",
        status="done",
        snoozed_until="2027-05-20T09:00:00-04:00",
    )
    plain = new_followup(client, bare["id"], title="Send the paper", due_at="2027-05-21T12:00:00+02:00")
    met = client.post(f"{ME}/targets", json={"kind": "speaker", "speaker_id": apa["speaker_id"]}).get_json()
    not_met = client.post(f"{ME}/targets", json={"kind": "person", "name": "Ana Lee"}).get_json()
    assert (met["met"], not_met["met"]) == (True, False)
    assert at_talk["conference"] == apa["conference"] and done["done_at"] is not None
    listed = {
        kind: client.get(f"{ME}/{kind}?per_page=200").get_json()["items"]
        for kind in ("contacts", "encounters", "followups", "targets")
    }
    feed = client.get(f"{ME}/changes").get_json()
    assert len(listed["followups"]) == 3  # the done mentor update scheduled the next one
    for kind, records in listed.items():
        assert sorted(records, key=lambda record: record["id"]) == sorted(feed[kind], key=lambda record: record["id"])
        for record in records:
            assert client.get(f"{ME}/{kind}/{record['id']}").get_json() == record
    shown = {record["id"] for records in listed.values() for record in records}
    assert {full["id"], bare["id"], at_talk["id"], nowhere["id"], plain["id"]} <= shown


# The changes feed.


def test_changes_feed_returns_creates_updates_and_tombstones_since_the_cursor(auth):
    client, _ = auth.register()
    kept = new_contact(client, "Kept")
    start = client.get(f"{ME}/changes").get_json()
    assert [item["id"] for item in start["contacts"]] == [kept["id"]]
    created = new_contact(client, "Created")
    client.patch(f"{ME}/contacts/{kept['id']}", json={"role": "faculty"})
    removed = new_contact(client, "Removed")
    client.delete(f"{ME}/contacts/{removed['id']}")
    feed = client.get(f"{ME}/changes?since={start['cursor']}").get_json()
    by_id = {item["id"]: item for item in feed["contacts"]}
    assert set(by_id) == {created["id"], kept["id"], removed["id"]}
    assert by_id[kept["id"]]["role"] == "faculty"
    assert set(by_id[removed["id"]]) == {"id", "deleted_at", "version"}
    assert feed["more"] is False
    assert client.get(f"{ME}/changes?since={feed['cursor']}").get_json()["contacts"] == []


def test_changes_feed_never_shows_another_users_changes(auth):
    alice, _ = auth.register()
    bob, _ = auth.register()
    contact = new_contact(alice)
    new_encounter(alice, contact["id"])
    feed = bob.get(f"{ME}/changes?since=0").get_json()
    assert (feed["contacts"], feed["encounters"], feed["followups"], feed["targets"]) == ([], [], [], [])
    assert feed["cursor"] == "0"


def test_changes_feed_misses_nothing_written_in_the_same_instant(auth, monkeypatch):
    client, _ = auth.register()
    instant = datetime.now(UTC)  # now, so that the login session is not idle by the stopped clock

    class Stopped(datetime):
        """A clock stuck on one instant, as two writes in the same millisecond see it."""

        @classmethod
        def now(cls, tz=None):
            return instant

    monkeypatch.setattr("conference.db.types.datetime", Stopped)
    first = new_contact(client, "First")
    cursor = client.get(f"{ME}/changes?since=0").get_json()["cursor"]
    second = new_contact(client, "Second")
    feed = client.get(f"{ME}/changes?since={cursor}").get_json()
    assert first["updated_at"] == second["updated_at"]
    assert [item["id"] for item in feed["contacts"]] == [second["id"]]


def test_changes_feed_with_a_limit_continues_where_it_stopped(auth):
    client, _ = auth.register()
    contact = new_contact(client)
    encounters = [new_encounter(client, contact["id"])["id"] for _ in range(4)]
    seen, cursor = [], "0"
    for _ in range(10):
        feed = client.get(f"{ME}/changes?since={cursor}&limit=2").get_json()
        seen += [item["id"] for kind in ("contacts", "encounters") for item in feed[kind]]
        cursor = feed["cursor"]
        if not feed["more"]:
            break
    assert seen == [contact["id"], *encounters]


def test_changes_feed_includes_targets(auth, apa):
    client, _ = auth.register()
    response = client.post(f"{ME}/targets", json={"kind": "speaker", "speaker_id": apa["speaker_id"]})
    assert response.status_code == 201, response.get_json()
    feed = client.get(f"{ME}/changes?since=0").get_json()
    assert [item["id"] for item in feed["targets"]] == [response.get_json()["id"]]


def test_changes_feed_answers_in_the_same_number_of_queries_however_much_changed(auth, count_queries):
    client, _ = auth.register()
    contact = new_contact(client)
    new_encounter(client, contact["id"])
    new_followup(client, contact["id"])
    client.post(f"{ME}/targets", json={"kind": "person", "name": "Ana Lee"})
    with count_queries() as few:
        client.get(f"{ME}/changes?since=0")
    for number in range(30):
        other = new_contact(client)
        new_encounter(client, other["id"])
        new_followup(client, other["id"])
        client.post(f"{ME}/targets", json={"kind": "person", "name": f"Person {number}"})
    with count_queries() as many:
        client.get(f"{ME}/changes?since=0")
    # The user, the advisors who may be due an update (none here), the counter with the page of changes,
    # and one query per kind.
    assert len(many) == len(few) == 7


def test_changes_feed_refuses_a_malformed_cursor(auth):
    client, _ = auth.register()
    response = client.get(f"{ME}/changes?since=yesterday")
    assert response.status_code == 422
    assert "since" in response.get_json()["error"]["fields"]


# One user never reaches another's records.


#: The item endpoints beyond each kind's own GET, PUT, PATCH and DELETE (tests/sync/test_protocol.py has those).
ITEM_ENDPOINTS = [
    ("GET", "followups/{followup}/draft"),
    ("GET", "targets/{target}/outreach-draft"),
]


@pytest.mark.parametrize(("method", "path"), ITEM_ENDPOINTS)
def test_another_users_id_is_404_on_every_item_endpoint(auth, apa, method, path):
    owner, _ = auth.register()
    intruder, _ = auth.register()
    contact = new_contact(owner, notes="private")
    ids = {
        "contact": contact["id"],
        "encounter": new_encounter(owner, contact["id"], notes="private")["id"],
        "followup": new_followup(owner, contact["id"])["id"],
        "target": owner.post(f"{ME}/targets", json={"kind": "speaker", "speaker_id": apa["speaker_id"]}).get_json()[
            "id"
        ],
    }
    response = intruder.open(f"{ME}/{path.format(**ids)}", method=method)
    assert response.status_code == 404
    assert "private" not in response.get_data(as_text=True)
    db.session.expire_all()
    for key, model in {"contact": Contact, "encounter": Encounter, "followup": FollowUp, "target": Target}.items():
        record = db.session.get(model, uuid.UUID(ids[key]))
        assert (record.version, record.deleted_at) == (1, None)


def test_text_with_a_nul_character_is_422_not_a_database_error(auth):
    client, _ = auth.register()
    response = client.put(f"{ME}/contacts/{uuid.uuid4()}", json={"name": "Dr. Ri\x00vera", "notes": "ok"})
    assert response.status_code == 422
    assert "name" in response.get_json()["error"]["fields"]
