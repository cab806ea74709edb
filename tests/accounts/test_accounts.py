"""Registration, login sessions, the profile, and the admin command."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from conference.accounts.models import User
from conference.extensions import db
from tests.support.concurrency import at_once


def test_register_logs_in_and_normalizes_email(client):
    response = client.post(
        "/api/v1/auth/register", json={"email": "  Sam.Patel@Example.ORG ", "password": "a" * 10, "name": "Sam Patel"}
    )
    assert response.status_code == 201
    assert response.get_json()["email"] == "sam.patel@example.org"
    assert client.get("/api/v1/me").get_json()["name"] == "Sam Patel"


def test_password_is_stored_hashed(client):
    client.post("/api/v1/auth/register", json={"email": "a@example.org", "password": "secret-secret", "name": "A"})
    user = db.session.query(User).one()
    assert "secret-secret" not in user.password_hash
    assert user.check_password("secret-secret")


def test_duplicate_email_is_409_whatever_the_case(client, auth):
    auth.register(email="dup@example.org")
    response = client.post(
        "/api/v1/auth/register", json={"email": "DUP@example.org", "password": "b" * 12, "name": "Other"}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {"email": ["Already registered."]}


def test_the_same_email_registered_ten_times_at_once_makes_one_account_and_logs_no_email(
    app, make_app, caplog, monkeypatch
):
    monkeypatch.setattr(logging.getLogger("conference"), "disabled", False)  # Alembic's fileConfig() may disable it
    caplog.set_level(logging.DEBUG)
    served = make_app(PROPAGATE_EXCEPTIONS=False)  # as in production: an unhandled error is logged and answered 500

    def register(n):
        body = {"email": "Rushed.Applicant@example.org", "password": f"password number {n}", "name": f"Tab {n}"}
        return lambda: served.test_client().post("/api/v1/auth/register", json=body).status_code

    statuses = at_once([register(n) for n in range(10)])
    assert sorted(statuses) == [201] + [409] * 9
    assert db.session.query(User).filter_by(email="rushed.applicant@example.org").count() == 1
    assert "rushed.applicant" not in caplog.text.lower()


@pytest.mark.parametrize("logger", ["conference", "gunicorn.error"])  # the app's error log and gunicorn's
def test_a_logged_database_error_keeps_its_kind_and_statement_but_not_the_values(
    app, auth, caplog, monkeypatch, logger
):
    monkeypatch.setattr(logging.getLogger(logger), "disabled", False)
    auth.register(email="taken.name@example.org")
    db.session.add(User(email="taken.name@example.org", name="Copy", password_hash="-"))
    with pytest.raises(IntegrityError) as raised:
        db.session.flush()
    db.session.rollback()
    logging.getLogger(logger).error("Exception on /api/v1/auth/register [POST]", exc_info=raised.value)
    assert "IntegrityError" in caplog.text and "INSERT INTO users" in caplog.text
    assert "taken.name" not in caplog.text


def test_the_introduction_is_kept_trimmed_up_to_600_characters(auth):
    client, user = auth.register()
    assert user["introduction"] == ""
    text = "I am a fourth-year medical student applying in psychiatry. " * 10
    response = client.patch("/api/v1/me", json={"introduction": f"  {text[:600]}  "})
    assert response.status_code == 200
    assert response.get_json()["introduction"] == text[:600].strip()
    assert client.get("/api/v1/me").get_json()["introduction"] == text[:600].strip()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "x@example.org", "password": "short", "name": "X"}, "password"),
        ({"email": "not-an-email", "password": "long enough pw", "name": "X"}, "email"),
        ({"email": "x@example.org", "password": "long enough pw"}, "name"),
        ({"email": "x@example.org", "password": "long enough pw", "name": ""}, "name"),
        ({"email": "x@example.org", "password": "long enough pw", "name": "X", "admin": True}, "admin"),
    ],
)
def test_invalid_registration_names_the_field(client, payload, field):
    response = client.post("/api/v1/auth/register", json=payload)
    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["status"] == 422
    assert field in body["fields"]
    assert db.session.query(User).count() == 0


def test_login_and_logout(app, auth):
    auth.register(email="login@example.org", password="the right password")
    client = app.test_client()
    assert client.get("/api/v1/me").status_code == 401
    response = client.post("/api/v1/auth/login", json={"email": "Login@Example.org", "password": "the right password"})
    assert response.status_code == 200
    assert response.get_json()["email"] == "login@example.org"
    assert client.get("/api/v1/me").status_code == 200
    assert client.post("/api/v1/auth/logout", json={}).status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_the_session_says_who_is_logged_in_and_answers_null_without_an_error_when_nobody_is(app, auth):
    """The app asks this on opening: a logged-out first visit gets a 200, while /me keeps its 401."""
    client, user = auth.register(email="session@example.org")
    stranger = app.test_client()
    answer = stranger.get("/api/v1/auth/session")
    assert (answer.status_code, answer.get_json()) == (200, {"user": None})
    assert "no-store" in answer.headers["Cache-Control"]  # never kept for the next person on a shared proxy
    assert stranger.get("/api/v1/me").status_code == 401
    answer = client.get("/api/v1/auth/session")
    assert (answer.status_code, answer.get_json()["user"]) == (200, client.get("/api/v1/me").get_json())
    assert answer.get_json()["user"]["id"] == user["id"]
    client.post("/api/v1/auth/logout")
    assert client.get("/api/v1/auth/session").get_json() == {"user": None}


def test_wrong_password_and_unknown_email_answer_alike(app, auth):
    auth.register(email="known@example.org", password="the right password")
    client = app.test_client()
    wrong = client.post("/api/v1/auth/login", json={"email": "known@example.org", "password": "wrong password"})
    unknown = client.post("/api/v1/auth/login", json={"email": "nobody@example.org", "password": "wrong password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_me_without_login_is_json_401_not_a_redirect(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.is_json
    assert response.get_json()["error"]["message"] == "Log in first."


def test_patch_me_changes_settings_and_version(auth):
    client, user = auth.register()
    response = client.patch(
        "/api/v1/me", json={"name": "Dr. Sam Patel", "timezone": "America/Chicago", "goal_introduced": 5}
    )
    body = response.get_json()
    assert response.status_code == 200
    assert (body["name"], body["timezone"], body["goal_introduced"]) == ("Dr. Sam Patel", "America/Chicago", 5)
    assert body["version"] == user["version"] + 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"goal_followups": 21}, "goal_followups"),
        ({"followup_window_hours": 0}, "followup_window_hours"),
        ({"role": "admin"}, "role"),
        ({"email": "new@example.org"}, "email"),
        ({"introduction": "x" * 601}, "introduction"),
    ],
)
def test_patch_me_rejects_bad_values(auth, payload, field):
    client, _ = auth.register()
    response = client.patch("/api/v1/me", json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_rate_limit_can_be_turned_off(make_app):
    app = make_app(LOGIN_RATE_LIMIT="1 per minute", RATELIMIT_ENABLED=False)
    client = app.test_client()
    statuses = {
        client.post("/api/v1/auth/login", json={"email": "a@example.org", "password": "b"}).status_code
        for _ in range(3)
    }
    assert statuses == {401}


def test_create_admin_creates_the_account(runner):
    result = runner.invoke(args=["users", "create-admin", "Chief@Example.org", "--password", "a long password"])
    assert result.exit_code == 0, result.output
    user = db.session.query(User).one()
    assert (user.email, user.role) == ("chief@example.org", "admin")


def test_create_admin_promotes_an_existing_user(runner, auth):
    auth.register(email="member@example.org")
    result = runner.invoke(args=["users", "create-admin", "member@example.org"])
    assert result.exit_code == 0, result.output
    assert db.session.query(User).one().role == "admin"


def test_create_admin_asks_for_the_password(runner):
    result = runner.invoke(
        args=["users", "create-admin", "new@example.org"], input="a long password\na long password\n"
    )
    assert result.exit_code == 0, result.output
    assert db.session.query(User).one().check_password("a long password")


def test_create_admin_refuses_a_bad_email(runner):
    result = runner.invoke(args=["users", "create-admin", "not an email", "--password", "a long password"])
    assert result.exit_code != 0
    assert "not a valid email" in result.output


def test_registration_takes_the_device_time_zone(client):
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "ny@example.org", "password": "a" * 10, "name": "NY", "timezone": "America/New_York"},
    )
    assert response.status_code == 201
    assert response.get_json()["timezone"] == "America/New_York"
    assert db.session.query(User).one().tz.key == "America/New_York"


def test_registration_without_a_zone_is_utc(auth):
    _, user = auth.register()
    assert user["timezone"] == "UTC"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "EST5EDT ", "", "../../etc/passwd", 5])
def test_registration_refuses_an_unknown_zone(client, zone):
    response = client.post(
        "/api/v1/auth/register", json={"email": "tz@example.org", "password": "a" * 10, "name": "TZ", "timezone": zone}
    )
    assert response.status_code == 422
    assert "timezone" in response.get_json()["error"]["fields"]
    assert db.session.query(User).count() == 0


def test_set_password_reads_the_prompt_and_keeps_the_role(runner, auth):
    auth.register(email="member@example.org", password="the old password")
    result = runner.invoke(
        args=["users", "set-password", "Member@Example.org"], input="a brand new password\na brand new password\n"
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).one()
    db.session.refresh(user)
    assert user.check_password("a brand new password")
    assert not user.check_password("the old password")
    assert user.role == "attendee"


def test_set_password_reads_stdin(runner, auth):
    auth.register(email="member@example.org")
    result = runner.invoke(
        args=["users", "set-password", "member@example.org", "--password-stdin"], input="from a pipe 123\n"
    )
    assert result.exit_code == 0, result.output
    assert db.session.query(User).one().check_password("from a pipe 123")


def test_set_password_logs_the_account_out_everywhere(app, runner, auth):
    client, _ = auth.register(email="member@example.org")
    assert (
        runner.invoke(
            args=["users", "set-password", "member@example.org", "--password-stdin"], input="x" * 12
        ).exit_code
        == 0
    )
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["nobody@example.org", "--password-stdin"], "long enough pw\n", "no account has the email"),
        (["member@example.org", "--password-stdin"], "short\n", "at least 10 characters"),
    ],
)
def test_set_password_refuses_with_one_line(runner, auth, args, stdin, message):
    auth.register(email="member@example.org", password="the old password")
    result = runner.invoke(args=["users", "set-password", *args], input=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.query(User).one().check_password("the old password")
