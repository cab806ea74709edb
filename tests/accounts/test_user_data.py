"""The user's data: the export holds every row of every table that references the user; erasure leaves none."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, inspect, select

from conference.accounts import userdata
from conference.accounts.models import User
from conference.extensions import db
from conference.schedule.models import ImportRun
from conference.schedule.search import is_index_table
from tests.support.api import ME, create

PASSWORD = "correct horse battery"


def _stock(app, auth, email, contacts=1):
    """A user with contacts, an encounter, a follow-up, a target, a tombstone, two devices and an import run."""
    client, user = auth.register(email=email, password=PASSWORD)
    contact = None
    for n in range(contacts):
        contact = create(client, "contacts", {"name": f"Dr. Person {n}", "notes": "asked about research electives"})
    encounter = create(client, "encounters", {"contact_id": contact["id"], "takeaway": "loves CSC"})
    create(client, "followups", {"contact_id": contact["id"], "encounter_id": encounter["id"]})
    gone = create(client, "contacts", {"name": "Removed Person"})
    assert client.delete(f"{ME}/contacts/{gone['id']}").status_code == 204
    response = client.post(f"{ME}/targets", json={"kind": "person", "name": "Dr. Maria Rivera", "why": "rural CSC"})
    assert response.status_code == 201, response.get_json()
    assert client.patch(ME, json={"timezone": "America/Chicago"}).status_code == 200
    assert app.test_client().post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    db.session.add(ImportRun(user_id=user["id"], sha256="0" * 64, filename="program.csv", format="csv"))
    db.session.commit()
    return client, user


def _user_tables() -> dict[str, list[str]]:
    """Each table of the migrated database with columns referring to users, read from the database itself."""
    inspector = inspect(db.engine)
    found = {}
    for name in inspector.get_table_names():
        columns = [
            column
            for key in inspector.get_foreign_keys(name)
            if key["referred_table"] == "users"
            for column in key["constrained_columns"]
        ]
        if columns:
            found[name] = columns
    return found


def _rows_of(user_id: int) -> dict[str, list]:
    """Primary keys of each user-referencing table's rows that refer to the user, straight from the database."""
    rows = {}
    for name, columns in _user_tables().items():
        table = db.metadata.tables[name]
        query = select(*table.primary_key.columns).where(*[table.c[column] == user_id for column in columns[:1]])
        rows[name] = sorted(str(tuple(row)[0]) for row in db.session.execute(query))
    return rows


@pytest.fixture
def sam(app, auth):
    """Sam's stocked account (logged-in client, user JSON), and Alex's beside it."""
    _stock(app, auth, "alex@example.org")
    return _stock(app, auth, "sam@example.org")


def test_every_table_is_the_users_own_or_declared_shared(app):
    # A new table must reference users (then it is exported and erased with them) or be declared
    # shared program data; a table owned only through another one would escape both.
    # The program's search index (shared, derived from sessions) is the migration's, not a model.
    tables = {name for name in inspect(db.engine).get_table_names() if not is_index_table(name)}
    tables -= {"alembic_version", "users"}
    undeclared = tables - set(_user_tables()) - userdata.SHARED_TABLES
    assert not undeclared, f"give {sorted(undeclared)} an owner_id referencing users, or list them in SHARED_TABLES"


def test_export_holds_every_row_of_the_user_in_every_table(sam):
    client, user = sam
    response = client.get(f"{ME}/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = response.get_json()
    expected = {name: keys for name, keys in _rows_of(user["id"]).items() if name not in userdata.INTERNAL_TABLES}
    assert set(document["records"]) == set(expected)
    for name, keys in expected.items():
        table = db.metadata.tables[name]
        (key,) = table.primary_key.columns
        assert sorted(str(row[key.name]) for row in document["records"][name]) == keys, name
    assert {"contacts", "encounters", "followups", "targets", "login_sessions", "import_runs"} <= {
        name for name, keys in expected.items() if keys
    }


def test_export_carries_the_profile_notes_and_tombstones(sam):
    client, user = sam
    document = client.get(f"{ME}/export").get_json()
    assert document["profile"]["email"] == "sam@example.org"
    assert document["profile"]["timezone"] == "America/Chicago"
    contacts = document["records"]["contacts"]
    assert any(contact["notes"] == "asked about research electives" for contact in contacts)
    assert any(contact["deleted_at"] for contact in contacts)
    assert document["records"]["targets"][0]["why"] == "rural CSC"
    assert len(document["records"]["login_sessions"]) == 2


def test_export_leaves_out_secrets_and_other_users(sam):
    client, user = sam
    text = client.get(f"{ME}/export").get_data(as_text=True)
    stored = db.session.get(User, user["id"])
    assert stored.password_hash not in text
    assert "password_hash" not in text and "token_hash" not in text
    assert "alex@example.org" not in text
    owners = {row.get("owner_id", row.get("user_id")) for rows in json.loads(text)["records"].values() for row in rows}
    assert owners == {user["id"]}


def test_export_costs_the_same_queries_however_much_data(app, auth, count_queries):
    small, _ = _stock(app, auth, "small@example.org", contacts=1)
    large, _ = _stock(app, auth, "large@example.org", contacts=25)
    with count_queries() as few:
        small.get(f"{ME}/export")
    with count_queries() as many:
        large.get(f"{ME}/export")
    assert len(few) == len(many)


@pytest.mark.parametrize("body", [{"password": "not my password"}, {}, None])
def test_deleting_the_account_needs_the_password(sam, body):
    client, user = sam
    before = _rows_of(user["id"])
    response = client.delete(ME, json=body) if body is not None else client.delete(ME)
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]
    assert _rows_of(user["id"]) == before
    assert client.get(ME).status_code == 200


def test_deleting_the_account_leaves_no_row_of_it_anywhere(app, sam):
    client, user = sam
    alex = db.session.scalars(select(User).where(User.email == "alex@example.org")).one()
    alex_before = _rows_of(alex.id)
    stolen = app.test_client()
    stolen.set_cookie("session", client.get_cookie("session").value)

    assert client.delete(ME, json={"password": PASSWORD}).status_code == 204

    assert all(keys == [] for keys in _rows_of(user["id"]).values())
    assert db.session.scalar(select(func.count()).select_from(User).where(User.id == user["id"])) == 0
    assert _rows_of(alex.id) == alex_before
    assert _no_text_mentions("sam@example.org")
    assert client.get(ME).status_code == 401
    assert stolen.get(ME).status_code == 401
    login = app.test_client().post("/api/v1/auth/login", json={"email": "sam@example.org", "password": PASSWORD})
    assert login.status_code == 401


def _no_text_mentions(text: str) -> bool:
    """Whether no text value in any table contains `text`."""
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            if any(isinstance(value, str) and text in value for value in row):
                return False
    return True


def test_every_reference_to_users_lets_erasure_through(app):
    # RESTRICT or NO ACTION would make deleting an account fail once such a row exists.
    for name in _user_tables():
        for key in inspect(db.engine).get_foreign_keys(name):
            if key["referred_table"] == "users":
                assert (key.get("options") or {}).get("ondelete", "").upper() in {"CASCADE", "SET NULL"}, name


def test_export_is_self_contained_every_reference_carries_what_it_refers_to(app, auth):
    from tests.support.networking_helpers import rivera_at_apa

    conference, speaker, talk = rivera_at_apa()
    talk.room = "Hall B"
    db.session.commit()
    client, _ = auth.register()
    contact = create(client, "contacts", {"name": "Maria Rivera", "speaker_id": speaker.id})
    encounter = create(client, "encounters", {"contact_id": contact["id"], "session_id": talk.id})
    create(client, "followups", {"contact_id": contact["id"], "encounter_id": encounter["id"]})
    records = client.get(f"{ME}/export").get_json()["records"]
    (met,) = records["encounters"]
    assert met["contact"] == {"name": "Maria Rivera"}
    assert met["conference"] == {"slug": "apa-2027", "name": "APA Annual Meeting 2027"}
    assert met["session"] == {"title": talk.title, "starts_at": "2027-05-16T14:00:00+00:00", "room": "Hall B"}
    (followup,) = records["followups"]
    assert (
        followup["contact"] == {"name": "Maria Rivera"} and followup["encounter"]["occurred_at"] == met["occurred_at"]
    )
    assert followup["repeat_of"] is None
    assert records["contacts"][0]["speaker"] == {"name": "Maria Rivera"}
