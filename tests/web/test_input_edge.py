"""Text no database can store, time-zone names no zone has, and requests the API documents as invalid are
refused at the door: 4xx naming the field, never a 500, and never a record that breaks later reads."""

from __future__ import annotations

import io
import json
import os
import uuid

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from conference.extensions import db
from conference.schedule.importers import ImportOptions, ScheduleFormatError, parse
from tests.support.api import ME
from tests.support.networking_helpers import rivera_at_apa
from tests.support.schedule_helpers import DEMO_CSV, cli_import

HIGH, LOW = "\ud800", "\udfff"  #: halves of a surrogate pair, each alone: no character
NEW = str(uuid.UUID(int=11))


def send(client, method: str, path: str, body=None, **kwargs):
    """Send body as JSON text the way a client's encoder writes a lone surrogate: the escape `\\ud800`."""
    data = None if body is None else json.dumps(body)
    return client.open(path, method=method, data=data, content_type="application/json", **kwargs)


@pytest.fixture
def user(auth):
    """A logged-in client with one contact, at a conference with a program."""
    rivera_at_apa()
    db.session.commit()
    client, _ = auth.register()
    contact = str(uuid.uuid4())
    assert send(client, "PUT", f"{ME}/contacts/{contact}", {"name": "Maria Rivera"}).status_code == 201
    return client, contact


#: (method, path, body, the field named); {contact} is the user's contact.
SURROGATES = [
    ("PUT", f"{ME}/contacts/{NEW}", {"name": "Ann", "tags": ["clinic", HIGH]}, "tags.1"),
    ("PUT", f"{ME}/contacts/{NEW}", {"name": "Ann" + LOW}, "name"),
    ("PUT", f"{ME}/contacts/{NEW}", {"name": "Ann", "notes": "met at " + HIGH}, "notes"),
    ("PUT", f"{ME}/encounters/{NEW}", {"contact_id": "{contact}", "place": "hall " + HIGH}, "place"),
    ("PATCH", f"{ME}/contacts/{{contact}}", {"institution": HIGH}, "institution"),
    ("PUT", f"{ME}/encounters/{NEW}", {"contact_id": "{contact}", "takeaway": LOW}, "takeaway"),
    ("PUT", f"{ME}/followups/{NEW}", {"contact_id": "{contact}", "title": HIGH}, "title"),
    ("PUT", f"{ME}/encounters/{NEW}", {"contact_id": "{contact}", "notes": LOW}, "notes"),
    ("PATCH", ME, {"name": HIGH}, "name"),
    ("PATCH", ME, {"introduction": "I am " + LOW}, "introduction"),
    ("POST", "/api/v1/auth/login", {"email": HIGH + "@example.org", "password": "long enough pw"}, "email"),
    ("POST", "/api/v1/auth/login", {"email": "a@example.org", "password": "long enough " + HIGH}, "password"),
    (
        "POST",
        "/api/v1/auth/register",
        {"email": "s@example.org", "password": "long enough " + LOW, "name": "S"},
        "password",
    ),
    ("POST", "/api/v1/auth/register", {"email": "s@example.org", "password": "long enough pw", "name": HIGH}, "name"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field"), SURROGATES, ids=[f"{m} {p} {f}" for m, p, _, f in SURROGATES]
)
def test_a_lone_surrogate_is_refused_naming_its_field(user, method, path, body, field):
    client, contact = user
    body = {
        key: value.replace("{contact}", contact) if isinstance(value, str) else value for key, value in body.items()
    }
    response = send(client, method, path.replace("{contact}", contact), body)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_a_refused_lone_surrogate_leaves_every_read_of_the_user_working_and_a_whole_pair_is_kept(user):
    client, contact = user
    assert send(client, "PATCH", f"{ME}/contacts/{contact}", {"tags": [HIGH]}).status_code == 422
    assert send(client, "PATCH", f"{ME}/contacts/{contact}", {"tags": ["\ud83d\ude00"]}).status_code == 200
    for path in (f"{ME}/contacts", f"{ME}/contacts/{contact}", f"{ME}/changes", f"{ME}/export"):
        assert client.get(path).status_code == 200, path
    assert client.get(f"{ME}/contacts/{contact}").get_json()["tags"] == ["😀"]


def test_every_json_body_the_api_documents_refuses_a_lone_surrogate_naming_the_field(user):
    client, contact = user
    document = client.get("/api/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    let_through, tried = [], 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":  # shared by the path's operations, not one itself
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is None:
                continue
            properties = schemas[body["schema"]["$ref"].rsplit("/", 1)[1]].get("properties", {})
            field = next((name for name, kind in properties.items() if kind.get("type") == "string"), "probe")
            url = path.replace("{record_id}", contact).replace("{slug}", "apa-2027")
            response = send(client, method.upper(), url, {field: "text " + HIGH})
            tried += 1
            fields = list(response.get_json()["error"].get("fields", {})) if response.status_code == 422 else None
            if fields != [field]:
                let_through.append(f"{method.upper()} {path} {field}: {response.status_code} {fields}")
    assert tried > 20 and not let_through, let_through


@pytest.mark.parametrize("path", ["/api/v1/programs", f"{ME}/contacts", "/api/v1/conferences/apa-2027/sessions"])
@pytest.mark.parametrize("raw", ["q=T\xed\xa0\x80", "page=1&q=\xff"], ids=["utf-8 of a surrogate", "latin-1"])
def test_a_query_argument_sent_as_bytes_that_are_no_utf8_is_refused_naming_it(user, path, raw):
    client, _ = user
    # The WSGI server hands the raw bytes on as latin-1 text, as gunicorn does.
    response = client.get(path, environ_overrides={"QUERY_STRING": raw})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["q"]


@pytest.mark.parametrize("name", ["A" * 256, "Europe/" + "x" * 300, "America", "Europe"])
def test_a_time_zone_name_that_is_no_zone_is_refused_at_registration_and_in_settings(auth, name):
    registration = {"email": "tz@example.org", "password": "long enough pw", "name": "T", "timezone": name}
    response = send(auth.app.test_client(), "POST", "/api/v1/auth/register", registration)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["timezone"]
    client, _ = auth.register()
    response = send(client, "PATCH", ME, {"timezone": name})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["timezone"]
    assert client.get(ME).get_json()["timezone"] == "UTC"


def _upload(client, content: bytes, name: str, **form):
    data = {"file": (io.BytesIO(content), name), **form}
    return client.post("/api/v1/conferences/apa-2027/imports", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("name", ["A" * 256, "America", "../x", "/etc/localtime", "Europe/../Europe/Paris"])
def test_an_upload_with_a_time_zone_that_is_no_zone_is_refused_naming_the_field(auth, name):
    client, _ = auth.admin()
    response = _upload(client, DEMO_CSV.read_bytes(), "demo.csv", timezone=name)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert list(response.get_json()["error"]["fields"]) == ["timezone"]


ICS = """BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:u1\nSUMMARY:Talk
DTSTART;TZID={zone}:20990515T100000\nDTEND;TZID={zone}:20990515T110000\nEND:VEVENT\nEND:VCALENDAR\n"""


@pytest.mark.parametrize("zone", ["A" * 300, "America"])
def test_an_ics_tzid_that_is_no_zone_is_refused_in_one_line_like_any_unknown_zone(zone):
    def refusal(tzid: str) -> str:
        with pytest.raises(ScheduleFormatError) as refused:
            parse(ICS.format(zone=tzid).encode(), None, ImportOptions(filename="talks.ics"))
        return str(refused.value)

    assert refusal(zone) == refusal("Mars/Olympus").replace("Mars/Olympus", zone)
    assert "\n" not in refusal(zone)


PRETALX = {
    "schedule": {
        "conference": {
            "title": "T",
            "time_zone_name": "America/New_York",
            "days": [
                {
                    "index": 1,
                    "date": "2099-05-15",
                    "rooms": {
                        "Room 1": [
                            {
                                "id": 1,
                                "title": "Talk " + HIGH,
                                "date": "2099-05-15T10:00:00-04:00",
                                "duration": "01:00",
                                "persons": [],
                            },
                        ]
                    },
                },
            ],
        }
    }
}
SESSIONIZE = [
    {
        "groupId": 1,
        "sessions": [
            {
                "id": "1",
                "title": "Talk",
                "description": LOW,
                "startsAt": "2099-05-15T10:00:00",
                "endsAt": "2099-05-15T11:00:00",
                "speakers": [],
                "room": "A",
            }
        ],
    }
]


@pytest.mark.parametrize(
    ("document", "fmt", "where"),
    [
        (PRETALX, None, "title"),
        (PRETALX, "pretalx-json", "title"),
        (SESSIONIZE, None, "description"),
    ],
)
def test_a_program_file_holding_a_lone_surrogate_is_refused_in_one_line_naming_where(document, fmt, where):
    with pytest.raises(ScheduleFormatError) as refused:
        parse(json.dumps(document).encode(), fmt, ImportOptions(filename="program.json"))
    message = str(refused.value)
    assert "\n" not in message and message.startswith("program.json: ") and where in message


def test_a_cli_import_holding_a_lone_surrogate_fails_with_one_line_and_writes_nothing(runner, tmp_path):
    result = cli_import(runner, tmp_path, json.dumps(PRETALX), name="program.json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "program.json" in line and "title" in line
    assert db.session.scalar(text("SELECT count(*) FROM sessions")) == 0


@pytest.mark.parametrize("option", ["--name", "--conference", "--timezone", "--sheet"])
def test_a_cli_option_typed_as_bytes_that_are_no_utf8_fails_with_one_line_naming_it(runner, tmp_path, option):
    # The shell hands Python such bytes as lone surrogates (surrogateescape).
    extra = ["--conference", "apa-2027", option, "APA " + os.fsdecode(b"\xed")]
    path = tmp_path / "demo.csv"
    path.write_bytes(DEMO_CSV.read_bytes())
    result = runner.invoke(args=["schedule", "import", str(path), *extra])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert option in line and "UTF-8" in line


def test_a_program_file_whose_name_is_no_utf8_imports_under_the_name_it_shows_as(runner, tmp_path):
    result = cli_import(runner, tmp_path, DEMO_CSV.read_bytes(), name=os.fsdecode(b"program\xed.csv"))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(text("SELECT filename FROM import_runs")) == "program\ufffd.csv"


def test_an_upload_holding_a_lone_surrogate_answers_422_naming_the_file(auth):
    rivera_at_apa()
    db.session.commit()
    client, _ = auth.admin()
    response = _upload(client, json.dumps(PRETALX).encode(), "program.json")
    assert response.status_code == 422
    message = response.get_json()["error"]["message"]
    assert message.startswith("program.json: ") and "title" in message
    assert client.get("/api/v1/conferences/apa-2027/sessions?q=Talk").status_code == 200


#: (method, path, body, the field named): numbers that are no whole number where one is expected.
FRACTIONS = [
    ("POST", f"{ME}/calendar-feed", {"alarm_minutes": 0.9466}, "alarm_minutes"),
    ("PATCH", ME, {"goal_introduced": 2.5}, "goal_introduced"),
    ("PATCH", ME, {"followup_window_hours": 24.5}, "followup_window_hours"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), FRACTIONS, ids=[f for *_, f in FRACTIONS])
def test_a_fraction_where_a_whole_number_is_expected_is_refused(user, method, path, body, field):
    client, _ = user
    response = send(client, method, path, body)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert list(response.get_json()["error"]["fields"]) == [field]


@pytest.mark.parametrize("path", [ME, f"{ME}/contacts/{{contact}}", f"{ME}/calendar-feed"])
@pytest.mark.parametrize("body", [{}, None, "server fields"], ids=["empty object", "no body", "server fields"])
def test_a_patch_that_changes_nothing_is_refused(user, path, body):
    client, contact = user
    assert send(client, "POST", f"{ME}/calendar-feed", {}).status_code == 201
    path = path.replace("{contact}", contact)
    if body == "server fields":
        body = {"id": contact, "version": 1, "updated_at": "2027-05-15T10:00:00+00:00"} if "contacts" in path else {}
    before = client.get(path).get_json()
    response = send(client, "PATCH", path, body) if body is not None else client.patch(path)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert client.get(path).get_json() == before


@pytest.mark.parametrize("header", ["", '""', " , "], ids=["empty", "empty tag", "commas"])
@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_an_if_match_naming_no_version_is_refused_and_changes_nothing(user, method, header):
    client, contact = user
    body = {"name": "Ann"} if method != "DELETE" else None
    response = send(client, method, f"{ME}/contacts/{contact}", body, headers={"If-Match": header})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert list(response.get_json()["error"]["fields"]) == ["If-Match"]
    assert client.get(f"{ME}/contacts/{contact}").get_json()["name"] == "Maria Rivera"


def _run_repair() -> None:
    """Run the repair migration's upgrade on the test database, as Alembic would."""
    config = current_app.extensions["migrate"].migrate.get_config()
    repair = ScriptDirectory.from_config(config).get_revision("input0001").module
    with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        repair.upgrade()


def test_the_repair_migration_replaces_stored_lone_surrogates_so_the_records_read_again(user):
    client, contact = user
    dialect = db.engine.dialect.name
    # What an earlier version stored: the JSON escape of a half pair (and, on SQLite, raw UTF-8 bytes of one).
    key = uuid.UUID(contact) if dialect == "postgresql" else uuid.UUID(contact).hex  # as each stores a UUID
    with db.engine.begin() as connection:
        tags = '["a\\ud800b", "\\ud83d\\ude00"]'
        connection.execute(text("UPDATE contacts SET tags = :tags WHERE id = :id"), {"tags": tags, "id": key})
        talks = '[{"title": "\\udc00 rural", "code": "", "starts_at": null, "ends_at": null, "speakers": []}]'
        connection.execute(text("UPDATE sessions SET talks = :talks"), {"talks": talks})
        if dialect == "sqlite":
            notes = text("UPDATE contacts SET notes = CAST(X'6E6F7465EDA080' AS TEXT) WHERE id = :id")
            connection.execute(notes, {"id": key})
    session_id = db.session.scalar(text("SELECT id FROM sessions"))
    for path in (f"{ME}/contacts/{contact}", f"/api/v1/sessions/{session_id}"):
        with pytest.raises(Exception):  # noqa: B017, PT011 (the defect itself: any read of the record fails, however)
            client.get(path)
    _run_repair()
    shown = client.get(f"{ME}/contacts/{contact}").get_json()
    assert shown["tags"] == ["a\ufffdb", "😀"]
    if dialect == "sqlite":
        assert shown["notes"] == "note\ufffd"
    assert client.get(f"{ME}/contacts").status_code == 200
    assert client.get(f"/api/v1/sessions/{session_id}").get_json()["talks"][0]["title"] == "\ufffd rural"
