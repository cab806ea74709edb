"""Security headers on every kind of response, private answers never cached, and the proxy setting."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

PASSWORD = "correct horse battery"
PUBLIC = {
    "base_url": "http://app.internal:8000",
    "headers": {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "conference.example.org",
        "Origin": "https://conference.example.org",
    },
}


def _directives(response) -> dict[str, str]:
    """The content security policy's directives by name."""
    csp = response.headers["Content-Security-Policy"]
    return dict((part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in csp.split(";")))


def _assert_security_headers(response):
    """The headers every response carries."""
    csp = response.headers["Content-Security-Policy"]
    directives = _directives(response)
    for name in ("default-src", "img-src", "connect-src", "worker-src", "manifest-src"):
        assert directives[name] == "'self'", name
    for name in ("script-src", "style-src"):  # the shell's own inline blocks only
        assert re.fullmatch(r"'self'( 'sha256-[\w+/=]+')*", directives[name]), name
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/conferences", 200),
        ("/healthz", 200),
        ("/api/openapi.json", 200),
        ("/index.html", 200),
        ("/api/v1/nothing-here", 404),
        ("/calendar/not-a-token.ics", 404),
        ("/api/v1/me", 401),
    ],
)
def test_every_response_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    _assert_security_headers(response)


@pytest.mark.parametrize("tag", ["style", "script"])
def test_the_shell_allows_its_own_inline_blocks_by_their_digests_and_no_other_page_any(client, tag):
    """The app's look and its loader come inline with the shell; a 304 renews the policy of the copy a browser keeps."""
    shell = client.get("/")
    blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", shell.get_data(as_text=True), re.DOTALL)
    digests = [f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'" for block in blocks]
    assert digests and _directives(shell)[f"{tag}-src"].split() == ["'self'", *digests]
    again = client.get("/", headers={"If-None-Match": shell.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["Content-Security-Policy"] == shell.headers["Content-Security-Policy"]
    assert _directives(client.get("/index.html")) == _directives(shell)
    for path in ("/app/ui.js?v=1", "/api/v1/conferences", "/healthz"):
        assert _directives(client.get(path))[f"{tag}-src"] == "'self'", path


def test_error_responses_carry_the_headers(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/api/v1/boom")
    def boom():
        raise RuntimeError("private detail")

    client = app.test_client()
    for response in (client.get("/api/v1/boom"), client.put("/api/v1/me"), client.post("/api/v1/auth/login", data="x")):
        assert response.status_code in (500, 405, 415)
        _assert_security_headers(response)


def test_hsts_only_in_production(make_app):
    production = make_app(CONFERENCE_ENV="production", SECRET_KEY="a production secret " * 3)
    response = production.test_client().get("/healthz")
    assert int(response.headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31536000
    assert "Strict-Transport-Security" not in make_app().test_client().get("/healthz").headers


def test_private_answers_are_never_stored(auth):
    client, _ = auth.register()
    for path in ("/api/v1/me", "/api/v1/me/sessions", "/api/v1/me/export", "/api/v1/me/contacts"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    login = client.post("/api/v1/auth/login", json={"email": "x@example.org", "password": "wrong password"})
    assert login.headers["Cache-Control"] == "no-store"
    assert client.post("/api/v1/auth/logout").headers["Cache-Control"] == "no-store"


def test_public_answers_stay_cacheable(auth):
    client, _ = auth.register()
    for path in ("/api/v1/conferences", "/index.html"):
        assert "no-store" not in client.get(path).headers.get("Cache-Control", ""), path


def test_without_trusted_proxies_forwarded_headers_are_ignored(client):
    response = client.post(
        "/api/v1/auth/register", json={"email": "a@example.org", "password": PASSWORD, "name": "A"}, **PUBLIC
    )
    assert response.status_code == 403


def test_behind_a_trusted_proxy_the_public_origin_is_accepted(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    client = app.test_client()
    response = client.post(
        "/api/v1/auth/register", json={"email": "a@example.org", "password": PASSWORD, "name": "A"}, **PUBLIC
    )
    assert response.status_code == 201
    assert client.get("/api/v1/me", **PUBLIC).status_code == 200


def _failures(client, forwarded_for, count):
    """Wrong-password statuses for one email from the address a proxy reports."""
    return [
        client.post(
            "/api/v1/auth/login",
            json={"email": "sam@example.org", "password": "wrong password"},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        ).status_code
        for _ in range(count)
    ]


def test_behind_a_trusted_proxy_limits_count_the_real_client(make_app):
    client = make_app(TRUSTED_PROXIES=1, LOGIN_RATE_LIMIT="2 per minute").test_client()
    assert _failures(client, "203.0.113.1", 3) == [401, 401, 429]
    # A client cannot escape by adding its own entries: the proxy appends the address it saw.
    assert _failures(client, "198.51.100.99, 203.0.113.1", 1) == [429]
    assert _failures(client, "203.0.113.2", 1) == [401]


def test_without_trusted_proxies_a_forged_address_does_not_escape_the_limit(make_app):
    client = make_app(LOGIN_RATE_LIMIT="2 per minute").test_client()
    assert _failures(client, "203.0.113.1", 2) == [401, 401]
    assert _failures(client, "203.0.113.2", 1) == [429]
