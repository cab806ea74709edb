"""The sync protocol, checked once for every kind the features register with conference/sync."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.queries import get_conference
from conference.sync.operations import KINDS
from tests.support.api import ME, create, put
from tests.support.schedule_helpers import conference

PRIVATE = "PRIVATE-never-to-another-user"
#: Stands for the id of a contact of the writing user, made when a kind's record needs one.
CONTACT = object()
#: Stands for a conference's slug, made when a kind's record needs one.
CONFERENCE = object()

#: For each synced kind: a record to create, and a field a PATCH changes with the value it sets.
#: A new kind is covered by adding it here; `test_every_synced_kind_is_checked` fails until then.
SAMPLES = {
    "contacts": (
        {
            "name": "Maria Rivera",
            "role": "faculty",
            "warmth": "warm",
            "tags": ["psychosis"],
            "notes": PRIVATE,
            "advisor_roles": ["clinical_mentor"],
            "update_every_months": 2,
        },
        "update_every_months",
        4,
    ),
    "encounters": ({"contact_id": CONTACT, "takeaway": "loves CSC", "notes": PRIVATE}, "takeaway", "asked about CSC"),
    "followups": (
        {"contact_id": CONTACT, "title": PRIVATE, "sent_at": "2027-05-01T09:00:00+00:00", "reply": "awaiting"},
        "reply",
        "replied",
    ),
    "milestones": (
        {"kind": "poster", "title": "Poster on CSC", "date": "2026-05-18", "notes": PRIVATE},
        "kind",
        "exam",
    ),
    "letters": ({"contact_id": CONTACT, "status": "asked", "materials": ["cv"]}, "status", "declined"),
    "targets": ({"kind": "person", "name": "Ana Lee", "priority": "nice", "note": PRIVATE}, "priority", "must"),
    "agenda-items": (
        {
            "title": "10 minutes with Dr. Rivera",
            "starts_at": "2027-05-16T07:30:00-05:00",
            "ends_at": "2027-05-16T07:40:00-05:00",
            "place": "Hilton lobby",
            "conference": CONFERENCE,
            "contact_id": CONTACT,
            "notes": PRIVATE,
        },
        "place",
        "Exhibit hall café",
    ),
    "questions": ({"text": "Which electives helped you most?", "audience": "resident"}, "audience", "fellow_applicant"),
}


def body_for(client, kind) -> dict:
    """The sample record of a kind for this client's user, with a contact of theirs where it needs one."""
    body = SAMPLES[kind][0]
    if CONTACT in body.values():
        contact = create(client, "contacts", name="Dr. Contact")["id"]
        body = {key: contact if value is CONTACT else value for key, value in body.items()}
    if CONFERENCE in body.values():
        slug = (get_conference("apa-2027") or conference("apa-2027", tz="America/Chicago")).slug
        db.session.commit()
        body = {key: slug if value is CONFERENCE else value for key, value in body.items()}
    return body


def changed(client, kind):
    """A record of the kind, created and then patched once: (its first body, its answer at version 2)."""
    body = body_for(client, kind)
    record = create(client, kind, body)
    _, field, value = SAMPLES[kind]
    patched = client.patch(f"{ME}/{kind}/{record['id']}", json={field: value})
    assert (patched.status_code, patched.get_json()["version"]) == (200, 2), patched.get_json()
    return body, patched.get_json()


def as_stored(client, kind, record_id) -> dict:
    """The record as its owner reads it now."""
    return client.get(f"{ME}/{kind}/{record_id}").get_json()


def test_every_synced_kind_is_checked(app):
    assert set(KINDS) == set(SAMPLES)


@pytest.mark.parametrize("kind", SAMPLES)
def test_a_replayed_put_creates_one_record_and_answers_it_again(auth, kind):
    client, _ = auth.register()
    body, record_id = body_for(client, kind), uuid.uuid4()
    first, again = put(client, kind, record_id, body), put(client, kind, record_id, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json() and first.get_json()["version"] == 1
    assert first.headers["ETag"] == again.headers["ETag"] == '"1"'
    model = KINDS[kind].model
    assert db.session.scalar(select(func.count()).select_from(model).where(model.id == record_id)) == 1


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("kind", SAMPLES)
def test_a_write_with_a_stale_if_match_is_412_with_the_current_record_and_changes_nothing(auth, kind, method):
    client, _ = auth.register()
    body, current = changed(client, kind)
    field = SAMPLES[kind][1]
    sent = {"PUT": body, "PATCH": {field: body[field]}, "DELETE": None}[method]
    response = client.open(f"{ME}/{kind}/{current['id']}", method=method, json=sent, headers={"If-Match": '"1"'})
    assert response.status_code == 412, response.get_json()
    assert response.get_json()["error"]["current"] == current
    assert as_stored(client, kind, current["id"]) == current


@pytest.mark.parametrize("kind", SAMPLES)
def test_a_put_that_would_replace_a_record_needs_if_match_and_replaces_with_the_current_one(auth, kind):
    client, _ = auth.register()
    body = body_for(client, kind)
    record = create(client, kind, body)
    _, field, value = SAMPLES[kind]
    url = f"{ME}/{kind}/{record['id']}"
    missing = client.put(url, json={**body, field: value})
    assert missing.status_code == 428 and missing.get_json()["error"]["current"] == record
    assert as_stored(client, kind, record["id"]) == record
    replaced = client.put(url, json={**body, field: value}, headers={"If-Match": '"1"'})
    assert replaced.status_code == 200 and replaced.headers["ETag"] == '"2"'
    assert (replaced.get_json()[field], replaced.get_json()["version"]) == (value, 2)


@pytest.mark.parametrize("kind", SAMPLES)
def test_a_delete_leaves_a_tombstone_in_the_changes_feed_once_however_often_retried(auth, kind):
    client, _ = auth.register()
    body = body_for(client, kind)
    record = create(client, kind, body)
    cursor = client.get(f"{ME}/changes").get_json()["cursor"]
    url = f"{ME}/{kind}/{record['id']}"
    assert [client.delete(url).status_code for _ in range(2)] == [204, 204]
    assert client.get(url).status_code == 404
    feed = client.get(f"{ME}/changes?since={cursor}").get_json()
    assert [(item["id"], item["version"]) for item in feed[kind]] == [(record["id"], 2)]
    assert set(feed[kind][0]) == {"id", "deleted_at", "version"} and feed[kind][0]["deleted_at"]
    assert put(client, kind, record["id"], body).status_code == 410
    row = db.session.get(KINDS[kind].model, uuid.UUID(record["id"]))
    assert row.deleted_at is not None and row.version == 2


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("kind", SAMPLES)
def test_another_users_id_is_404_and_leaves_the_record_alone(auth, kind, method):
    owner, _ = auth.register()
    intruder, _ = auth.register()
    record = create(owner, kind, body_for(owner, kind))
    _, field, value = SAMPLES[kind]
    sent = {"GET": None, "PUT": body_for(intruder, kind), "PATCH": {field: value}, "DELETE": None}[method]
    response = intruder.open(f"{ME}/{kind}/{record['id']}", method=method, json=sent)
    assert response.status_code == 404
    assert PRIVATE not in response.get_data(as_text=True)
    assert as_stored(owner, kind, record["id"]) == record
    assert intruder.get(f"{ME}/changes?since=0").get_json()[kind] == []
