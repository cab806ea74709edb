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


def _login_via_proxy(client, email, password, address):
    """A login attempt from a client address, as the proxy in front names it; returns the status."""
    return client.post(
        "/api/v1/auth/login",
        json={"email": email, "password": password},
        headers={"X-Forwarded-For": address},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
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
    """An app with small limits: 3 failures per address and email, 5 per address (the account's own budget large)."""
    return make_app(
        LOGIN_RATE_LIMIT="3 per minute",
        LOGIN_ADDRESS_RATE_LIMIT="5 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="1000 per minute",
    )


def test_strangers_failing_from_elsewhere_cannot_lock_the_user_out(limited):
    client = limited.test_client()
    assert _register(client, "victim@example.org", "192.0.2.7") == 201
    for n in range(1, 11):
        stranger = limited.test_client()
        statuses = [_login(stranger, "victim@example.org", f"guess {k}", f"203.0.113.{n}") for k in range(4)]
        assert statuses == [401, 401, 401, 429]
    assert _login(client, "victim@example.org", "a typo", "192.0.2.7") == 401
    assert _login(client, "victim@example.org", PASSWORD, "192.0.2.7") == 200


def test_one_address_trying_many_emails_is_limited(limited):
    client = limited.test_client()
    statuses = [_login(client, f"user{n}@example.org", "guess number", "203.0.113.9") for n in range(6)]
    assert statuses == [401] * 5 + [429]
    limited_answer = limited.test_client().post(
        "/api/v1/auth/login",
        json={"email": "x@example.org", "password": "y"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
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


def test_guessing_one_account_from_300_addresses_stops_but_its_owners_browser_still_gets_in(make_app, storage):
    app = make_app(TRUSTED_PROXIES=1, LOGIN_ACCOUNT_RATE_LIMIT="10 per hour", **storage)
    owner = app.test_client()
    assert _register(owner, "victim@example.org", "192.0.2.7") == 201
    assert owner.post("/api/v1/auth/logout").status_code == 204
    statuses = [
        _login_via_proxy(app.test_client(), "victim@example.org", f"guess {n}", f"198.18.{n // 250}.{n % 250 + 1}")
        for n in range(300)
    ]
    assert statuses == [401] * 10 + [429] * 290
    assert (
        _login_via_proxy(app.test_client(), "victim@example.org", PASSWORD, "198.18.9.9") == 429
    )  # not even the right one
    assert _login_via_proxy(owner, "victim@example.org", "a typo", "192.0.2.7") == 401
    assert _login_via_proxy(owner, "victim@example.org", PASSWORD, "192.0.2.7") == 200
    assert _login_via_proxy(app.test_client(), "bystander@example.org", "guess", "198.18.0.1") == 401


def test_each_trusted_browser_has_its_own_budget(make_app):
    app = make_app(LOGIN_DEVICE_RATE_LIMIT="3 per hour", LOGIN_ACCOUNT_RATE_LIMIT="3 per hour")
    phone, laptop = app.test_client(), app.test_client()
    assert _register(phone, "sam@example.org", "192.0.2.7") == 201
    assert _login(laptop, "sam@example.org", PASSWORD, "192.0.2.8") == 200
    assert [_login(phone, "sam@example.org", f"typo {n}", f"192.0.2.{n + 20}") for n in range(4)] == [401] * 3 + [429]
    assert _login(laptop, "sam@example.org", PASSWORD, "192.0.2.8") == 200
    assert _login(app.test_client(), "sam@example.org", PASSWORD, "192.0.2.9") == 200  # new devices' budget untouched


def test_a_device_cookie_vouches_only_for_its_own_account_and_cannot_be_forged(make_app):
    app = make_app(LOGIN_ACCOUNT_RATE_LIMIT="2 per hour")
    assert _register(app.test_client(), "victim@example.org", "192.0.2.7") == 201
    attacker = app.test_client()
    assert _register(attacker, "mallory@example.org", "203.0.113.1") == 201
    genuine = attacker.get_cookie("device", path="/api/v1/auth/login").value
    assert [_login(attacker, "victim@example.org", f"guess {n}", f"203.0.113.{n + 2}") for n in range(3)] == [
        401,
        401,
        429,
    ]
    forger = app.test_client()
    forger.set_cookie(
        "device", genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB"), path="/api/v1/auth/login"
    )
    assert _login(forger, "victim@example.org", "guess", "203.0.113.50") == 429
    assert _login(attacker, "mallory@example.org", "a typo", "203.0.113.51") == 401  # its own account: trusted


def test_the_device_cookie_goes_only_to_the_login_endpoint_and_scripts_cannot_read_it(app):
    response = app.test_client().post(
        "/api/v1/auth/register", json={"email": "sam@example.org", "password": PASSWORD, "name": "Sam"}
    )
    [device] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("device=")]
    assert "Path=/api/v1/auth/login" in device and "HttpOnly" in device and "SameSite=Strict" in device
    assert "sam@example.org" not in device


def _redis_answers() -> bool:
    """Whether Redis listens on its usual local port."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["memory", "redis"])
def storage(request):
    """Where the limits are counted: in the worker, or in Redis as in production (skipped when Redis is not there)."""
    if request.param == "memory":
        return {}
    if not _redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    return {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}


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
    make_app(
        CONFERENCE_ENV="production",
        SECRET_KEY="a production secret " * 3,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
    )
    assert "RATELIMIT_STORAGE_URI" not in caplog.text
