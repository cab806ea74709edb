"""The API as a phone uses it: the user's own records under ids the phone makes."""

from __future__ import annotations

import itertools
import uuid

from conference.extensions import db

ME = "/api/v1/me"


def put(client, kind, record_id, body, **headers):
    """PUT one of the user's records under a client-made id; the response."""
    return client.put(f"{ME}/{kind}/{record_id}", json=body, headers=headers)


def create(client, kind, body: dict | None = None, /, **fields):
    """Create one of the user's records under a fresh id (fields as a mapping or keywords); its JSON."""
    response = put(client, kind, uuid.uuid4(), {**(body or {}), **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


_emails = itertools.count(1)


class Auth:
    """Registers and logs in users through the API, as the phone app does."""

    def __init__(self, app):
        self.app = app

    def register(self, client=None, *, email=None, password="correct horse battery", name="Sam Patel"):
        """Register (and thereby log in) a new user; returns (client, user json)."""
        client = client or self.app.test_client()
        email = email or f"user{next(_emails)}@example.org"
        response = client.post("/api/v1/auth/register", json={"email": email, "password": password, "name": name})
        assert response.status_code == 201, response.get_json()
        return client, response.get_json()

    def admin(self):
        """A logged-in client whose user is an admin."""
        from conference.accounts.models import User

        client, user = self.register()
        db.session.get(User, user["id"]).role = "admin"
        db.session.commit()
        return client, user


def devices(app, auth, count: int):
    """`count` clients logged in as one new user, each with its own cookie jar (one per phone or laptop)."""
    first, _ = auth.register()
    cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"])
    clients = [first]
    for _ in range(count - 1):
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value)
        clients.append(client)
    return clients
