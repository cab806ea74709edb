"""The sync protocol: two devices at once, 412 and 428, target PUT/DELETE, derived `met`, savepoints, the feed."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from conference.accounts.models import User
from conference.extensions import db
from conference.followups.models import FollowUp
from conference.people.models import Contact, Encounter
from conference.people.operations import CONTACTS, link_contacts_to_programs
from conference.schedule.models import Program
from conference.schedule.naming import normalize_institution
from conference.schedule.operations import import_schedule
from conference.sync import operations
from conference.sync.models import write_many
from conference.targets.models import Target
from tests.support.api import ME, create, devices
from tests.support.concurrency import at_once
from tests.support.networking_helpers import rivera_at_apa


@pytest.fixture
def apa(app):
    """APA 2027 with Dr. Rivera's talk, and Yale University as a program."""
    conference, speaker, session = rivera_at_apa()
    yale = Program(name="Yale University", normalized_name="yale university")
    db.session.add(yale)
    db.session.commit()
    return {"speaker_id": speaker.id, "program_id": yale.id}


def stored(model, record_id):
    """The record as committed, read afresh."""
    db.session.expire_all()
    return db.session.get(model, uuid.UUID(record_id))


# Two devices writing the same version: exactly one lands, the other is told.


WRITES = {
    "contacts": ({"name": "Maria Rivera"}, "notes", ("from my phone", "from my laptop")),
    "targets": ({"kind": "person", "name": "Ana Lee"}, "note", ("from my phone", "from my laptop")),
}


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
@pytest.mark.parametrize("kind", WRITES)
def test_two_writes_from_the_same_version_one_lands_the_other_is_412(app, auth, kind, method):
    body, field, texts = WRITES[kind]
    phone, laptop = devices(app, auth, 2)
    record = create(phone, kind, body)
    url = f"{ME}/{kind}/{record['id']}"

    def write(client, text):
        sent = {field: text} if method == "PATCH" else {**body, field: text}
        return lambda: client.open(url, method=method, json=sent, headers={"If-Match": '"1"'})

    answers = at_once([write(phone, texts[0]), write(laptop, texts[1])])
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 412], [answer.get_json() for answer in answers]
    winner = next(answer for answer in answers if answer.status_code == 200).get_json()
    loser = next(answer for answer in answers if answer.status_code == 412).get_json()["error"]
    model = {"contacts": Contact, "targets": Target}[kind]
    row = stored(model, record["id"])
    assert (row.version, getattr(row, field)) == (2, winner[field])
    assert loser["status"] == 412 and loser["current"] == winner  # the loser sees what won, to merge


@pytest.mark.parametrize("kind", WRITES)
def test_patches_without_if_match_from_two_devices_both_land(app, auth, kind):
    body, field, _ = WRITES[kind]
    phone, laptop = devices(app, auth, 2)
    record = create(phone, kind, body)
    url = f"{ME}/{kind}/{record['id']}"
    answers = at_once(
        [
            lambda: phone.patch(url, json={field: "from my phone"}),
            lambda: laptop.patch(url, json={"why" if kind == "targets" else "role": "faculty"}),
        ]
    )
    assert [answer.status_code for answer in answers] == [200, 200]
    row = stored({"contacts": Contact, "targets": Target}[kind], record["id"])
    assert row.version == 3 and getattr(row, field) == "from my phone"
    assert sorted(answer.get_json()["version"] for answer in answers) == [2, 3]


def test_twenty_puts_to_one_new_id_create_one_record_and_no_two_contents_share_an_etag(app, auth):
    clients = devices(app, auth, 20)
    record_id = uuid.uuid4()
    answers = at_once(
        [
            lambda client=client, number=number: client.put(
                f"{ME}/contacts/{record_id}", json={"name": f"Name {number}"}
            )
            for number, client in enumerate(clients)
        ]
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [428] * 19, [answer.get_json() for answer in answers]
    first = next(answer for answer in answers if answer.status_code == 201)
    row = stored(Contact, str(record_id))
    assert (row.name, row.version) == (first.get_json()["name"], 1)
    for answer in answers:
        if answer.status_code == 428:
            assert answer.get_json()["error"]["current"] == first.get_json()
    assert db.session.scalar(select(func.count()).select_from(Contact)) == 1


def test_identical_puts_racing_create_one_record_and_all_answer_it(app, auth):
    clients = devices(app, auth, 6)
    record_id = uuid.uuid4()
    body = {"name": "Maria Rivera", "institution": "Yale"}
    answers = at_once([lambda client=client: client.put(f"{ME}/contacts/{record_id}", json=body) for client in clients])
    assert sorted(answer.status_code for answer in answers) == [200] * 5 + [201]
    assert len({str(answer.get_json()) for answer in answers}) == 1
    assert stored(Contact, str(record_id)).version == 1


# 428 and 412.


def test_a_put_replaces_the_whole_record_and_a_patch_only_what_it_names(auth):
    client, _ = auth.register()
    contact = create(client, "contacts", {"name": "Maria Rivera", "role": "faculty", "notes": "CSC"})
    url = f"{ME}/contacts/{contact['id']}"
    patched = client.patch(url, json={"institution": "Yale"}, headers={"If-Match": '"1"'}).get_json()
    assert (patched["role"], patched["notes"], patched["institution"]) == ("faculty", "CSC", "Yale")
    replaced = client.put(url, json={"name": "Maria Rivera"}, headers={"If-Match": '"2"'}).get_json()
    assert (replaced["role"], replaced["notes"], replaced["institution"], replaced["version"]) == ("other", "", "", 3)


def test_a_put_with_if_match_star_replaces_whatever_is_stored(auth):
    client, _ = auth.register()
    contact = create(client, "contacts", {"name": "Maria Rivera"})
    body = {"name": "Maria Rivera", "role": "peer"}
    response = client.put(f"{ME}/contacts/{contact['id']}", json=body, headers={"If-Match": "*"})
    assert (response.status_code, response.get_json()["version"]) == (200, 2)


def test_an_if_match_that_names_no_version_of_ours_is_412(auth):
    client, _ = auth.register()
    contact = create(client, "contacts", {"name": "Maria Rivera"})
    response = client.patch(f"{ME}/contacts/{contact['id']}", json={"role": "peer"}, headers={"If-Match": '"abc"'})
    assert response.status_code == 412


def test_the_api_document_answers_412_and_428_and_never_409_for_versions(app, client):
    document = client.get("/api/openapi.json").get_json()
    put = document["paths"]["/api/v1/me/contacts/{record_id}"]["put"]["responses"]
    assert {"412", "428"} <= set(put) and "409" not in put
    for path in ("/api/v1/me/targets/{record_id}", "/api/v1/me/encounters/{record_id}"):
        for method in ("patch", "delete"):
            responses = document["paths"][path][method]["responses"]
            assert "412" in responses and "409" not in responses
    assert "409" in document["paths"]["/api/v1/me/targets/{record_id}"]["put"]["responses"]  # a new id, a known target
    assert document["paths"]["/api/v1/me/targets/{record_id}"]["put"]["summary"].startswith("Mark a target")


# Targets follow the same protocol.


def test_target_put_creates_and_its_replay_changes_nothing(auth, apa):
    client, _ = auth.register()
    url = f"{ME}/targets/{uuid.uuid4()}"
    body = {"kind": "speaker", "speaker_id": apa["speaker_id"], "priority": "must", "note": "ask about CSC"}
    first, again = client.put(url, json=body), client.put(url, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json() and first.headers["ETag"] == '"1"'
    assert db.session.scalar(select(func.count()).select_from(Target)) == 1


def test_target_put_replaces_with_if_match_and_needs_it(auth, apa):
    client, _ = auth.register()
    url = f"{ME}/targets/{uuid.uuid4()}"
    body = {"kind": "speaker", "speaker_id": apa["speaker_id"], "note": "ask about CSC"}
    client.put(url, json=body)
    assert client.put(url, json={**body, "priority": "must"}).status_code == 428
    replaced = client.put(url, json={**body, "priority": "must", "note": ""}, headers={"If-Match": '"1"'})
    assert replaced.status_code == 200
    replaced = replaced.get_json()
    assert (replaced["priority"], replaced["note"], replaced["version"]) == ("must", "", 2)
    stale = client.put(url, json={**body, "priority": "nice"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412 and stale.get_json()["error"]["current"]["priority"] == "must"


def test_a_target_put_cannot_change_what_the_target_is_about(auth, apa):
    client, _ = auth.register()
    url = f"{ME}/targets/{uuid.uuid4()}"
    client.put(url, json={"kind": "speaker", "speaker_id": apa["speaker_id"]})
    response = client.put(url, json={"kind": "program", "program_id": apa["program_id"]}, headers={"If-Match": '"1"'})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"kind"}


def test_a_target_put_under_a_new_id_for_something_already_marked_is_409_naming_the_existing_one(auth, apa):
    client, _ = auth.register()
    body = {"kind": "speaker", "speaker_id": apa["speaker_id"]}
    existing = create(client, "targets", body)
    response = client.put(f"{ME}/targets/{uuid.uuid4()}", json=body)
    assert response.status_code == 409
    assert response.get_json()["error"]["current"]["id"] == existing["id"]


def test_a_retried_target_delete_answers_204_and_a_put_after_it_410(auth, apa):
    client, _ = auth.register()
    target = create(client, "targets", {"kind": "speaker", "speaker_id": apa["speaker_id"]})
    url = f"{ME}/targets/{target['id']}"
    assert [client.delete(url).status_code for _ in range(2)] == [204, 204]
    assert stored(Target, target["id"]).version == 2
    assert client.put(url, json={"kind": "speaker", "speaker_id": apa["speaker_id"]}).status_code == 410


# Derived values reach phones.


def feed_targets(client, cursor):
    """The targets in the changes feed since a cursor, by id, and the next cursor."""
    feed = client.get(f"{ME}/changes?since={cursor}").get_json()
    return {item["id"]: item for item in feed["targets"]}, feed["cursor"]


def test_linking_a_contact_to_a_target_speaker_puts_the_target_met_in_the_feed(auth, apa):
    client, _ = auth.register()
    target = create(client, "targets", {"kind": "speaker", "speaker_id": apa["speaker_id"]})
    _, cursor = feed_targets(client, 0)
    contact = create(client, "contacts", {"name": "Maria Rivera", "speaker_id": apa["speaker_id"]})
    changed, cursor = feed_targets(client, cursor)
    assert (changed[target["id"]]["met"], changed[target["id"]]["version"]) == (True, 2)
    # A second contact for the same speaker changes nothing about the target.
    second = create(client, "contacts", {"name": "M. Rivera", "speaker_id": apa["speaker_id"]})
    assert feed_targets(client, cursor)[0] == {}
    client.delete(f"{ME}/contacts/{contact['id']}")
    assert feed_targets(client, cursor)[0] == {}
    client.patch(f"{ME}/contacts/{second['id']}", json={"speaker_id": None})
    changed, _ = feed_targets(client, cursor)
    assert (changed[target["id"]]["met"], changed[target["id"]]["version"]) == (False, 3)


def test_a_contact_from_a_target_program_puts_the_target_met_in_the_feed(auth, apa):
    client, _ = auth.register()
    target = create(client, "targets", {"kind": "program", "program_id": apa["program_id"]})
    _, cursor = feed_targets(client, 0)
    contact = create(client, "contacts", {"name": "Alex Chen", "institution": "Yale University"})
    changed, cursor = feed_targets(client, cursor)
    assert changed[target["id"]]["met"] is True
    client.patch(f"{ME}/contacts/{contact['id']}", json={"institution": "Harvard"})
    changed, _ = feed_targets(client, cursor)
    assert changed[target["id"]]["met"] is False


CSV = """Session Number,Session Title,Date,Start Time,End Time,Location,Speakers
S1,Early psychosis care,05/15/2099,8:00 AM,9:30 AM,Room 1,"Jane Doe, MD (Harvard Medical School)"
"""


def test_an_import_that_creates_a_program_links_the_contacts_from_it(auth):
    client, _ = auth.register()
    contact = create(client, "contacts", {"name": "Sam Lee", "institution": "Harvard Medical School"})
    cursor = client.get(f"{ME}/changes?since=0").get_json()["cursor"]
    assert contact["program_id"] is None
    import_schedule(CSV.encode(), slug="apa-2099", timezone="America/New_York")
    db.session.commit()
    program = db.session.scalars(select(Program).where(Program.name == "Harvard Medical School")).one()
    feed = client.get(f"{ME}/changes?since={cursor}").get_json()
    assert [(item["id"], item["program_id"]) for item in feed["contacts"]] == [(contact["id"], program.id)]


def test_linking_contacts_to_new_programs_reads_the_same_number_of_times_however_many_contacts(auth, count_queries):
    def selects_for(institution, users, per_user):
        for _ in range(users):
            client, _ = auth.register()
            for number in range(per_user):
                create(client, "contacts", {"name": f"Person {number}", "institution": institution})
        db.session.add(Program(name=institution, normalized_name=normalize_institution(institution)))
        db.session.flush()
        with count_queries() as statements:
            assert link_contacts_to_programs(None) == users * per_user
        db.session.commit()
        return [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]

    assert len(selects_for("Brown University", 1, 1)) == len(selects_for("Emory University", 3, 5)) == 4


def test_a_batch_write_refuses_records_changed_since_they_were_read(auth):
    client, _ = auth.register()
    target = create(client, "targets", {"kind": "person", "name": "Ana Lee"})
    row = db.session.get(Target, uuid.UUID(target["id"]))
    assert client.patch(f"{ME}/targets/{target['id']}", json={"note": "from my phone"}).status_code == 200
    with pytest.raises(StaleDataError):
        write_many(db.session, Target, [(row, {"why": "from a batch"})])
    db.session.rollback()
    row = stored(Target, target["id"])
    assert (row.note, row.why, row.version) == ("from my phone", "", 2)


# Savepoints: a lost race undoes only its own attempt.


def test_a_write_recovered_by_a_savepoint_keeps_the_requests_earlier_writes(app, auth, apa):
    _, user = auth.register()
    owner = db.session.get(User, user["id"])
    with app.test_request_context():
        earlier = operations.put(CONTACTS, owner, uuid.uuid4(), {"name": "Earlier"}, None)[0].id
        attempts = []

        def write():
            attempts.append(len(attempts))
            target = Target(owner_id=owner.id, kind="speaker", speaker_id=apa["speaker_id"], name="Maria Rivera")
            db.session.add(target)
            if len(attempts) == 1:  # the first attempt loses to a concurrent double tap
                db.session.add(Target(owner_id=owner.id, kind="speaker", speaker_id=apa["speaker_id"]))
            db.session.flush()
            return target.id

        later = operations.retrying(write)
        db.session.commit()
    assert len(attempts) == 2
    assert stored(Contact, str(earlier)).name == "Earlier"
    assert db.session.scalars(select(Target.id)).all() == [later]


def test_a_request_that_fails_after_a_savepoint_writes_nothing(app, auth, database_url):
    _, user = auth.register()
    owner = db.session.get(User, user["id"])
    record_id = uuid.uuid4()
    with app.test_request_context():
        operations.put(CONTACTS, owner, record_id, {"name": "Half a request"}, None)
        db.session.rollback()  # what the request does when a later step fails
    other = create_engine(database_url)  # another connection: sees only what was committed
    with other.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Contact.__table__)) == 0
    other.dispose()


# The feed loads no more than it returns.


def test_the_changes_feed_loads_only_the_records_it_returns(app, auth):
    client, _ = auth.register()
    contacts = [create(client, "contacts", {"name": f"Person {number}"}) for number in range(6)]
    for contact in contacts:
        create(client, "encounters", {"contact_id": contact["id"]})
        create(client, "followups", {"contact_id": contact["id"]})
    loaded = []

    def count_objects(record, context):
        loaded.append(record)

    def count_rows(state):
        """Keep the records read as rows (every record shows `deleted_at`), and answer with them."""
        if not state.is_select:
            return None
        rows = state.invoke_statement().freeze()
        loaded.extend(row for row in rows().all() if "deleted_at" in row._fields)
        return rows()

    for model in (Contact, Encounter, FollowUp):
        event.listen(model, "load", count_objects)
    event.listen(Session, "do_orm_execute", count_rows)
    try:
        feed = client.get(f"{ME}/changes?since=0&limit=5").get_json()
    finally:
        for model in (Contact, Encounter, FollowUp):
            event.remove(model, "load", count_objects)
        event.remove(Session, "do_orm_execute", count_rows)
    returned = sum(len(feed[kind]) for kind in ("contacts", "encounters", "followups"))
    assert (returned, feed["more"]) == (5, True)
    assert len(loaded) == 5
