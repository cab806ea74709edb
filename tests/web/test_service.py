"""Service-wide behaviour: errors as JSON, write guards, health, configuration, migrations."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask.json.provider import DefaultJSONProvider

from conference import create_app
from conference.extensions import db
from conference.models import in_schema
from config import DEV_SECRET_KEY


def _error(response, status):
    """Check the one error shape and return its body."""
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()["error"]
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_unknown_api_path_is_json_404(client):
    _error(client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_json_405_with_allow(client):
    response = client.put("/api/v1/me")
    _error(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "PATCH", "DELETE"}


def test_malformed_json_is_400(client):
    response = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    _error(response, 400)


def test_upload_too_large_is_413(make_app):
    app = make_app(MAX_CONTENT_LENGTH=100)
    response = app.test_client().post("/api/v1/auth/login", json={"email": "a@example.org", "password": "x" * 200})
    _error(response, 413)


def test_form_post_cannot_change_anything(client):
    response = client.post(
        "/api/v1/auth/register",
        data={"email": "csrf@example.org", "password": "long enough pw", "name": "X"},
    )
    _error(response, 415)


def test_cross_site_origin_is_403(client):
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "csrf@example.org", "password": "long enough pw", "name": "X"},
        headers={"Origin": "https://evil.example"},
    )
    _error(response, 403)


def test_same_origin_is_allowed(client):
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "ok@example.org", "password": "long enough pw", "name": "X"},
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 201


def test_unhandled_error_is_json_500(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("private detail")

    body = _error(app.test_client().get("/api/v1/boom"), 500)
    assert "private detail" not in body["message"]


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_is_unreachable(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unavailable"}


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET_KEY])
def test_production_refuses_to_start_without_a_secret_key(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"CONFERENCE_ENV": "production", "SECRET_KEY": secret})


def test_openapi_document_covers_the_endpoints(client):
    spec = client.get("/api/openapi.json").get_json()
    assert {"/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/me", "/healthz"} <= set(spec["paths"])


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": in_schema})
        assert compare_metadata(context, db.metadata) == []


@dataclass
class _Point:
    x: int
    label: str


@pytest.mark.parametrize("big", [1, 2**70])  # past 64 bits orjson gives up and the json module writes it
def test_json_answers_say_what_flasks_own_json_would(app, big):
    value = {
        "name": "José Müller 👋",
        "counts": [1, 2.5, None, True, big],
        "when": datetime(2027, 5, 16, 9, tzinfo=UTC),
        "day": date(2027, 5, 16),
        "id": uuid.UUID(int=7),
        "amount": Decimal("1.10"),
        "point": _Point(3, "x"),
        "nested": {"b": 1, "a": [{"d": 1, "c": 2}]},
    }
    flask_json = DefaultJSONProvider(app)
    assert json.loads(app.json.dumps(value)) == json.loads(flask_json.dumps(value))
    with app.test_request_context():
        body = app.json.response(value).get_data(as_text=True)
    assert json.loads(body) == json.loads(flask_json.dumps(value))
    assert list(json.loads(body)) == sorted(value)  # keys sorted, as Flask sorts them
    with pytest.raises(TypeError):
        app.json.dumps({"not JSON": object()})
