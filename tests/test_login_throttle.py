"""Login and registration limits: per client address and per (address, email), never a lockout by strangers."""
from __future__ import annotations

import logging
import socket
import uuid

import pytest

from conference.accounts import operations

PASSWORD = "correct horse battery"


def _login(client, email, password, address):
    """A login attempt from a client address; returns the status."""
    return client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    ).status_code


def _register(client, email, address, password=PASSWORD):
    """A registration attempt from a client address; returns the status."""
    return client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": password, "name": "Sam"},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


@pytest.fixture
def limited(make_app):
    """An app with small limits: 3 failures per address and email, 5 per address."""
    return make_app(LOGIN_RATE_LIMIT="3 per minute", LOGIN_ADDRESS_RATE_LIMIT="5 per minute")


def test_strangers_failing_from_elsewhere_cannot_lock_the_user_out(limited):
    client = limited.test_client()
    assert _register(client, "victim@example.org", "192.0.2.7") == 201
    for n in range(1, 11):
        statuses = [_login(client, "victim@example.org", f"guess {k}", f"203.0.113.{n}") for k in range(4)]
        assert statuses == [401, 401, 401, 429]
    assert _login(client, "victim@example.org", "a typo", "192.0.2.7") == 401
    assert _login(client, "victim@example.org", PASSWORD, "192.0.2.7") == 200


def test_one_address_trying_many_emails_is_limited(limited):
    client = limited.test_client()
    statuses = [_login(client, f"user{n}@example.org", "guess number", "203.0.113.9") for n in range(6)]
    assert statuses == [401] * 5 + [429]
    limited_answer = limited.test_client().post(
        "/api/v1/auth/login", json={"email": "x@example.org", "password": "y"}, environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )
    assert limited_answer.get_json()["error"]["status"] == 429
    assert int(limited_answer.headers["Retry-After"]) > 0
    assert _login(client, "user0@example.org", "guess number", "198.51.100.1") == 401


def test_ipv6_clients_count_by_their_network(limited):
    client = limited.test_client()
    statuses = [_login(client, f"u{n}@example.org", "guess number", f"2001:db8:1:2::{n + 1:x}") for n in range(6)]
    assert statuses == [401] * 5 + [429]
    assert _login(client, "u0@example.org", "guess number", "2001:db8:1:3::1") == 401


def test_successful_logins_do_not_count(limited, auth):
    auth.register(email="busy@example.org")
    client = limited.test_client()
    # A conference's Wi-Fi: many people log in from one address.
    assert {_login(client, "busy@example.org", PASSWORD, "198.51.100.50") for _ in range(8)} == {200}


def test_registration_is_limited_per_address(make_app):
    app = make_app(REGISTER_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert _register(client, "short@example.org", "203.0.113.5", password="short") == 422
    assert [_register(client, f"new{n}@example.org", "203.0.113.5") for n in range(3)] == [201, 201, 429]
    assert _register(client, "elsewhere@example.org", "198.51.100.1") == 201


def test_unknown_and_known_emails_cost_one_hash_check_each(app, auth, monkeypatch):
    auth.register(email="known@example.org")
    checks = []
    original = operations.check_password_hash

    def counting(stored, password):
        checks.append(stored)
        return original(stored, password)

    monkeypatch.setattr(operations, "check_password_hash", counting)
    monkeypatch.setattr("conference.accounts.models.check_password_hash", counting)
    client = app.test_client()
    for email in ("known@example.org", "unknown@example.org"):
        assert client.post("/api/v1/auth/login", json={"email": email, "password": "wrong password"}).status_code == 401
    assert len(checks) == 2
    assert checks[0].split("$")[0] == checks[1].split("$")[0]


def _redis_answers() -> bool:
    """Whether Redis listens on its usual local port."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="Redis does not answer on 127.0.0.1:6379")
def test_workers_share_the_limits_through_redis(make_app, auth):
    auth.register(email="victim@example.org")
    shared = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "LOGIN_RATE_LIMIT": "4 per minute",
    }
    workers = [make_app(**shared).test_client() for _ in range(2)]
    statuses = [_login(workers[n % 2], "victim@example.org", f"guess {n}", "203.0.113.1") for n in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    assert _login(workers[1], "victim@example.org", PASSWORD, "192.0.2.7") == 200


def test_production_warns_when_workers_cannot_share_the_limits(make_app, caplog, monkeypatch):
    monkeypatch.setattr(logging.getLogger("conference"), "disabled", False)  # Alembic's fileConfig() may disable it
    make_app(CONFERENCE_ENV="production", SECRET_KEY="a production secret " * 3, RATELIMIT_STORAGE_URI="memory://")
    assert "RATELIMIT_STORAGE_URI" in caplog.text
    caplog.clear()
    make_app(CONFERENCE_ENV="production", SECRET_KEY="a production secret " * 3, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    assert "RATELIMIT_STORAGE_URI" not in caplog.text
