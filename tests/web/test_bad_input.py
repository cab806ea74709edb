"""Careless and hostile input is answered with 4xx JSON naming what is wrong, never a 500."""

from __future__ import annotations

import uuid

import pytest

from conference.extensions import db
from tests.support.networking_helpers import rivera_at_apa

BIG = 99999999999999999999
NUL = "a\x00b"
NEW = str(uuid.UUID(int=7))

#: (method, path, json body or None); paths use {contact} for one of the user's contacts.
CASES = [
    ("GET", f"/api/v1/speakers/{BIG}", None, 404),
    ("GET", f"/api/v1/sessions/{BIG}", None, 404),
    ("GET", "/api/v1/sessions/2147483648", None, 404),
    ("GET", "/api/v1/me/changes?since=2147483648", None, 422),
    ("GET", f"/api/v1/me/changes?since={BIG}", None, 422),
    ("GET", "/api/v1/me/changes?since=-1", None, 422),
    ("GET", f"/api/v1/me/changes?limit={BIG}", None, 422),
    ("GET", f"/api/v1/conferences/apa-2027/sessions?page={BIG}", None, 422),
    ("GET", "/api/v1/conferences/apa-2027/sessions?q=" + NUL, None, 422),
    ("GET", "/api/v1/conferences/apa-2027/sessions?day=0001-01-01", None, 422),
    ("GET", "/api/v1/conferences/apa-2027/sessions?day=9999-12-31", None, 422),
    ("GET", "/api/v1/conferences/" + NUL + "/sessions", None, 404),
    ("GET", "/api/v1/conferences/apa-2027/speakers?q=" + NUL, None, 422),
    ("GET", "/api/v1/programs?q=" + NUL, None, 422),
    ("GET", "/api/v1/me/contacts?q=" + NUL, None, 422),
    ("GET", "/api/v1/me/contacts?tag=" + NUL, None, 422),
    ("GET", "/api/v1/me/contacts?conference=" + NUL, None, 422),
    ("GET", "/api/v1/me/encounters?q=" + NUL, None, 422),
    ("GET", "/api/v1/me/followups?due_before=0001-01-01T00:00:00Z", None, 422),
    ("GET", "/api/v1/me/followups?due_before=9999-12-31T23:59:59Z", None, 422),
    ("GET", "/api/v1/me/goals?conference=" + NUL, None, 422),
    ("GET", "/api/v1/me/agenda?conference=apa-2027&day=0001-01-01", None, 422),
    ("GET", "/api/v1/me/targets?conference=" + NUL, None, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": NUL}, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": "Ann", "notes": NUL}, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": "Ann", "speaker_id": 99999999999}, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": "Ann", "speaker_id": BIG}, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": "Ann", "tags": [NUL]}, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": "Ann", "email": "a\x00@example.org"}, 422),
    ("PUT", f"/api/v1/me/contacts/{NEW}", {"name": "x" * 100_000}, 422),
    ("PATCH", "/api/v1/me/contacts/{contact}", {"notes": NUL}, 422),
    ("PATCH", "/api/v1/me/contacts/{contact}", {"speaker_id": 99999999999}, 422),
    ("PUT", f"/api/v1/me/encounters/{NEW}", {"contact_id": "{contact}", "occurred_at": "0001-01-03T00:00:00Z"}, 422),
    ("PUT", f"/api/v1/me/encounters/{NEW}", {"contact_id": "{contact}", "occurred_at": "9999-12-31T23:59:59Z"}, 422),
    ("PUT", f"/api/v1/me/encounters/{NEW}", {"contact_id": "{contact}", "session_id": 99999999999}, 422),
    ("PUT", f"/api/v1/me/encounters/{NEW}", {"contact_id": "{contact}", "takeaway": NUL}, 422),
    ("PUT", f"/api/v1/me/encounters/{NEW}", {"contact_id": "{contact}", "conference": NUL}, 422),
    ("PUT", f"/api/v1/me/followups/{NEW}", {"contact_id": "{contact}", "due_at": "0001-01-01T00:00:00Z"}, 422),
    ("PUT", f"/api/v1/me/followups/{NEW}", {"contact_id": "{contact}", "due_at": "9999-12-31T23:59:59Z"}, 422),
    ("PUT", f"/api/v1/me/followups/{NEW}", {"contact_id": "{contact}", "repeat_every_months": BIG}, 422),
    ("PUT", f"/api/v1/me/followups/{NEW}", {"contact_id": "{contact}", "title": NUL}, 422),
    ("POST", "/api/v1/me/targets", {"kind": "speaker", "speaker_id": 99999999999}, 422),
    ("POST", "/api/v1/me/targets", {"kind": "person", "name": NUL}, 422),
    ("POST", "/api/v1/me/targets", {"kind": "person", "name": "Ann", "conference": NUL}, 422),
    ("PATCH", "/api/v1/me", {"name": NUL}, 422),
    ("PATCH", "/api/v1/me", {"timezone": NUL}, 422),
    ("PATCH", "/api/v1/me", {"timezone": "Not/AZone"}, 422),
    ("PATCH", "/api/v1/me", {"goal_introduced": BIG}, 422),
    ("PATCH", "/api/v1/me", {"followup_window_hours": BIG}, 422),
    ("POST", "/api/v1/auth/login", {"email": NUL, "password": "x"}, 422),
    ("POST", "/api/v1/auth/login", {"email": "a@example.org", "password": NUL}, 422),
    ("POST", "/api/v1/auth/register", {"email": "nul@example.org", "password": "long enough " + NUL, "name": "N"}, 422),
    ("POST", "/api/v1/auth/register", {"email": "n\x00ul@example.org", "password": "long enough pw", "name": "N"}, 422),
    ("POST", "/api/v1/auth/register", {"email": "name@example.org", "password": "long enough pw", "name": NUL}, 422),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"), CASES, ids=[f"{m} {p[:60]} {b}"[:100] for m, p, b, _ in CASES]
)
def test_bad_input_is_answered_without_a_server_error(auth, method, path, body, status):
    rivera_at_apa()
    db.session.commit()
    client, _ = auth.register()
    contact = str(uuid.uuid4())
    assert client.put(f"/api/v1/me/contacts/{contact}", json={"name": "Maria Rivera"}).status_code == 201
    path = path.replace("{contact}", contact)
    if body is not None:
        body = {
            key: value.replace("{contact}", contact) if isinstance(value, str) else value for key, value in body.items()
        }
    response = client.open(path, method=method, json=body)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.get_json()["error"]["status"] == status


#: Request bodies that are JSON, but not the object an endpoint expects, or barely JSON at all.
RAW_BODIES = [
    "[]",
    "5",
    '"text"',
    "null",
    "[" * 100_000 + "]" * 100_000,
    '{"name": ' * 5000 + "1" + "}" * 5000,
    "{",
    "\ufeff{}",
]


@pytest.mark.parametrize(
    "raw", RAW_BODIES, ids=["list", "number", "string", "null", "deep-list", "deep-object", "cut", "bom"]
)
@pytest.mark.parametrize("path", [f"/api/v1/me/contacts/{NEW}", "/api/v1/me/targets", "/api/v1/auth/login"])
def test_bodies_of_the_wrong_shape_are_refused_as_invalid(auth, path, raw):
    client, _ = auth.register()
    method = "PUT" if "contacts" in path else "POST"
    response = client.open(path, method=method, data=raw, content_type="application/json")
    assert response.status_code in (400, 422), response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]["status"] == response.status_code


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Ann", "speaker_id": 1.5},
        {"name": "Ann", "speaker_id": True},
        {"name": "Ann", "speaker_id": "7"},
        {"name": 5},
    ],
)
def test_values_of_the_wrong_type_name_their_field(auth, body):
    client, _ = auth.register()
    response = client.put(f"/api/v1/me/contacts/{NEW}", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) <= {"name", "speaker_id"}
