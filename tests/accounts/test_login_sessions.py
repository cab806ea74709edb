"""Login sessions: logout and revocation end access at once, a password change ends the others, checks stay cheap."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest

from conference.accounts.models import LoginSession
from conference.db.types import utcnow
from conference.extensions import db
from tests.support.concurrency import at_once

PASSWORD = "correct horse battery"


def _log_in(app, email, user_agent="Phone/1.0", password=PASSWORD):
    """A new device (its own cookie jar) logged in as `email`."""
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}, headers={"User-Agent": user_agent}
    )
    assert response.status_code == 200, response.get_json()
    return client


def _copy_cookie(app, client):
    """Another browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _sessions(client):
    """The sessions list as the client sees it."""
    response = client.get("/api/v1/me/sessions")
    assert response.status_code == 200
    return response.get_json()["items"]


@pytest.mark.parametrize("body", [{"json": {}}, {}, {"content_type": "application/json"}])
def test_logout_ends_the_session_for_every_copy_of_the_cookie(app, auth, body):
    client, _ = auth.register(email="sam@example.org")
    thief = _copy_cookie(app, client)
    assert thief.get("/api/v1/me").status_code == 200
    assert client.post("/api/v1/auth/logout", **body).status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    assert thief.get("/api/v1/me").status_code == 401
    assert thief.put(f"/api/v1/me/contacts/{uuid.uuid4()}", json={"name": "Dr. Lee"}).status_code == 401
    assert db.session.query(LoginSession).count() == 0


def test_logout_without_a_login_is_harmless(client):
    assert client.post("/api/v1/auth/logout").status_code == 204


def test_logout_from_a_form_is_still_refused(auth):
    client, _ = auth.register()
    assert client.post("/api/v1/auth/logout", data={"x": "1"}).status_code == 415
    assert client.get("/api/v1/me").status_code == 200


def test_sessions_list_shows_each_device_and_marks_this_one(app, auth):
    phone, _ = auth.register(email="sam@example.org")
    _log_in(app, "sam@example.org", user_agent="Laptop browser")
    items = _sessions(phone)
    assert len(items) == 2
    assert [item["current"] for item in items].count(True) == 1
    assert {item["user_agent"] for item in items} >= {"Laptop browser"}
    assert all(item["created_at"] and item["last_seen_at"] for item in items)
    assert not any("token" in key for item in items for key in item)


def test_ending_a_session_locks_out_that_device_and_its_copied_cookie(app, auth):
    phone, _ = auth.register(email="sam@example.org")
    laptop = _log_in(app, "sam@example.org", user_agent="Laptop browser")
    stolen = _copy_cookie(app, laptop)
    laptop_id = next(item["id"] for item in _sessions(phone) if not item["current"])
    assert phone.delete(f"/api/v1/me/sessions/{laptop_id}").status_code == 204
    assert laptop.get("/api/v1/me").status_code == 401
    assert stolen.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 200
    assert phone.delete(f"/api/v1/me/sessions/{laptop_id}").status_code == 404


def test_ending_this_session_logs_this_device_out(auth):
    phone, _ = auth.register()
    this_one = _sessions(phone)[0]["id"]
    assert phone.delete(f"/api/v1/me/sessions/{this_one}").status_code == 204
    assert phone.get("/api/v1/me").status_code == 401


def test_another_users_session_answers_404(app, auth):
    mine, _ = auth.register(email="mine@example.org")
    theirs, _ = auth.register(email="theirs@example.org")
    their_id = _sessions(theirs)[0]["id"]
    assert mine.delete(f"/api/v1/me/sessions/{their_id}").status_code == 404
    assert theirs.get("/api/v1/me").status_code == 200


def test_log_out_everywhere_else_keeps_only_this_device(app, auth):
    phone, _ = auth.register(email="sam@example.org")
    others = [_log_in(app, "sam@example.org", user_agent=f"Device {n}") for n in range(3)]
    bystander, _ = auth.register(email="other@example.org")
    assert phone.delete("/api/v1/me/sessions").status_code == 204
    assert [client.get("/api/v1/me").status_code for client in others] == [401, 401, 401]
    assert phone.get("/api/v1/me").status_code == 200
    assert len(_sessions(phone)) == 1
    assert bystander.get("/api/v1/me").status_code == 200


def test_password_change_ends_every_other_session(app, auth):
    phone, _ = auth.register(email="sam@example.org")
    laptop = _log_in(app, "sam@example.org")
    stolen = _copy_cookie(app, laptop)
    response = phone.post(
        "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "a new long password"}
    )
    assert response.status_code == 204
    assert laptop.get("/api/v1/me").status_code == 401
    assert stolen.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 200
    assert (
        app.test_client()
        .post("/api/v1/auth/login", json={"email": "sam@example.org", "password": PASSWORD})
        .status_code
        == 401
    )
    _log_in(app, "sam@example.org", password="a new long password")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"current_password": "not my password", "new_password": "a new long password"}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"new_password": "a new long password"}, "current_password"),
    ],
)
def test_password_change_refuses_and_changes_nothing(app, auth, payload, field):
    phone, _ = auth.register(email="sam@example.org")
    laptop = _log_in(app, "sam@example.org")
    response = phone.post("/api/v1/me/password", json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert laptop.get("/api/v1/me").status_code == 200
    _log_in(app, "sam@example.org")


def test_password_guesses_with_a_stolen_cookie_are_limited(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    client.post("/api/v1/auth/register", json={"email": "sam@example.org", "password": PASSWORD, "name": "Sam"})
    guesses = [
        client.post(
            "/api/v1/me/password", json={"current_password": f"guess {n}", "new_password": "x" * 12}
        ).status_code
        for n in range(4)
    ]
    assert guesses == [422, 422, 422, 429]


def test_sessions_idle_past_the_lifetime_are_not_listed_and_are_purged_at_login(app, auth):
    phone, _ = auth.register(email="sam@example.org")
    laptop = _log_in(app, "sam@example.org", user_agent="Old laptop")
    old = db.session.query(LoginSession).filter_by(user_agent="Old laptop").one()
    old.last_seen_at = utcnow() - app.permanent_session_lifetime - timedelta(minutes=1)
    db.session.commit()
    assert len(_sessions(phone)) == 1
    _log_in(app, "sam@example.org")
    assert db.session.query(LoginSession).filter_by(user_agent="Old laptop").count() == 0
    assert laptop.get("/api/v1/me").status_code == 401


def test_a_cookie_not_renewed_within_the_lifetime_is_refused(make_app, auth):
    short = make_app(PERMANENT_SESSION_LIFETIME=1)
    client = short.test_client()
    client.post("/api/v1/auth/register", json={"email": "sam@example.org", "password": PASSWORD, "name": "Sam"})
    assert client.get("/api/v1/me").status_code == 200
    time.sleep(2.1)
    assert client.get("/api/v1/me").status_code == 401


def test_last_seen_is_refreshed_now_and_then(app, auth):
    client, _ = auth.register()
    record = db.session.query(LoginSession).one()
    record.last_seen_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 200
    db.session.refresh(record)
    assert utcnow() - record.last_seen_at < timedelta(minutes=1)


def test_the_cookie_is_sent_again_only_when_the_last_use_moves(app, auth):
    client, _ = auth.register()
    assert "Set-Cookie" not in client.get("/api/v1/me").headers
    assert "Set-Cookie" not in client.get("/api/v1/conferences").headers
    record = db.session.query(LoginSession).one()
    record.last_seen_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    renewed = client.get("/api/v1/me").headers.get("Set-Cookie", "")
    assert "Expires=" in renewed and "HttpOnly" in renewed


def test_checking_the_session_is_one_query_however_many_sessions(app, auth, count_queries):
    client, _ = auth.register(email="sam@example.org")
    client.get("/api/v1/me")
    with count_queries() as few:
        assert client.get("/api/v1/me").status_code == 200
    for n in range(20):
        _log_in(app, "sam@example.org", user_agent=f"Device {n}")
    with count_queries() as many:
        assert client.get("/api/v1/me").status_code == 200
    assert len(few) == len(many) == 1
    assert "login_sessions" in few[0]


def test_password_guesses_count_across_password_change_and_deletion(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    client.post("/api/v1/auth/register", json={"email": "sam@example.org", "password": PASSWORD, "name": "Sam"})
    guesses = [
        client.post("/api/v1/me/password", json={"current_password": "guess 1", "new_password": "x" * 12}).status_code,
        client.delete("/api/v1/me", json={"password": "guess 2"}).status_code,
        client.post("/api/v1/me/password", json={"current_password": "guess 3", "new_password": "x" * 12}).status_code,
        client.delete("/api/v1/me", json={"password": PASSWORD}).status_code,
    ]
    assert guesses == [422, 422, 422, 429]
    assert client.get("/api/v1/me").status_code == 200


def test_six_password_changes_at_once_with_the_same_current_password_let_exactly_one_win(app, auth):
    phone, _ = auth.register(email="sam@example.org")
    tabs = [_copy_cookie(app, phone) for _ in range(6)]

    def change(tab, n):
        return lambda: (
            tab.post(
                "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": f"new password number {n}"}
            ).status_code
        )

    statuses = at_once([change(tab, n) for n, tab in enumerate(tabs)])
    assert statuses.count(204) == 1
    assert set(statuses) - {204} <= {409, 422}  # 409: lost the race; 422: came after and typed the old password
    winner = statuses.index(204)
    works = [
        app.test_client()
        .post("/api/v1/auth/login", json={"email": "sam@example.org", "password": password})
        .status_code
        for password in [f"new password number {n}" for n in range(6)] + [PASSWORD]
    ]
    assert works == [200 if n == winner else 401 for n in range(7)]


def test_a_session_idle_past_the_lifetime_is_refused_though_its_cookie_is_fresh_and_stays_ended(app, auth):
    client, _ = auth.register()
    record = db.session.query(LoginSession).one()
    idle_since = utcnow() - timedelta(days=40)
    record.last_seen_at = idle_since
    db.session.commit()
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    db.session.refresh(record)
    assert record.last_seen_at == idle_since


def test_a_failed_request_does_not_renew_the_cookie_whose_last_use_it_rolled_back(app, auth):
    client, _ = auth.register()
    record = db.session.query(LoginSession).one()
    seen = utcnow() - timedelta(hours=2)
    record.last_seen_at = seen
    db.session.commit()
    refused = client.patch("/api/v1/me", json={"goal_followups": 21})
    assert refused.status_code == 422
    assert "Set-Cookie" not in refused.headers
    db.session.refresh(record)
    assert record.last_seen_at == seen
    renewed = client.get("/api/v1/me")
    assert "Expires=" in renewed.headers.get("Set-Cookie", "")
    db.session.refresh(record)
    assert utcnow() - record.last_seen_at < timedelta(minutes=1)
