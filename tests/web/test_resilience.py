"""The database going away answers 503 and heals by itself; logs never carry what users typed."""

from __future__ import annotations

import logging
import socket
import threading
from contextlib import closing, contextmanager, suppress

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from conference.extensions import db

SECRET = "Dr. Lee said my Step 2 score worries her"


def _unavailable(response):
    """Check a 503 in the one error shape, with Retry-After."""
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.get_json()["error"]["status"] == 503
    assert int(response.headers["Retry-After"]) > 0


def test_an_unreachable_database_answers_503_with_retry_after(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", PROPAGATE_EXCEPTIONS=False)
    _unavailable(app.test_client().get("/api/v1/conferences"))


class Relay:
    """A TCP relay to the database that the test can cut and restore, like a network that drops."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        """Pipe each accepted connection to the database while the relay is open."""
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        """Copy bytes one way until either side closes."""
        with closing(source), closing(sink):
            try:
                while data := source.recv(65536):
                    sink.sendall(data)
            except OSError:
                pass

    def cut(self):
        """Drop every connection and refuse new ones."""
        self.open.clear()
        for connection in self.connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.connections.clear()

    def restore(self):
        """Accept connections again."""
        self.open.set()

    def close(self):
        """Stop listening."""
        self.cut()
        self.listener.close()


@contextmanager
def relayed(url: str):
    """The same database reached through a relay the test controls."""
    parsed = make_url(url)
    relay = Relay((parsed.host or "127.0.0.1", parsed.port or 5432))
    try:
        yield relay, parsed.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    finally:
        relay.close()


def test_the_service_recovers_by_itself_when_the_database_returns(make_app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a network between the service and the database exists only with PostgreSQL")
    with relayed(database_url) as (relay, url):
        app = make_app(SQLALCHEMY_DATABASE_URI=url, PROPAGATE_EXCEPTIONS=False)
        client = app.test_client()
        assert client.get("/api/v1/conferences").status_code == 200
        relay.cut()
        _unavailable(client.get("/api/v1/conferences"))
        relay.restore()
        assert client.get("/api/v1/conferences").status_code == 200


def test_logs_hold_no_sql_parameters(app, caplog):
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(DBAPIError) as failure:
            db.session.execute(text("SELECT CAST(:secret AS INTEGER) / 0 FROM no_such_table"), {"secret": SECRET})
        db.session.rollback()
        app.logger.exception("a failed statement", exc_info=failure.value)
    assert SECRET not in caplog.text
    assert SECRET not in str(failure.value)


def test_failed_requests_leave_no_trace_of_their_body_in_the_log(auth, make_app, caplog):
    client, _ = auth.register()
    with caplog.at_level(logging.DEBUG):
        client.put(
            "/api/v1/me/contacts/00000000-0000-0000-0000-000000000001", json={"name": "Ann", "notes": SECRET + "\x00"}
        )
        client.post("/api/v1/auth/register", json={"email": "x@example.org", "password": SECRET, "name": "\x00"})
        client.post("/api/v1/auth/login", json={"email": "x@example.org", "password": SECRET})
        client.put(
            "/api/v1/me/contacts/00000000-0000-0000-0000-000000000002",
            data="{" + SECRET,
            content_type="application/json",
        )
    assert SECRET not in caplog.text
