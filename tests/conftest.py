"""Shared test fixtures: the app on a real database, clients, and the shared schedule files."""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic.command import upgrade as alembic_upgrade
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, make_url, text

from conference import create_app
from conference.extensions import db
from tests.support.api import Auth
from tests.support.browser import backend, base_url, browser, page, playwright  # noqa: F401 (shared fixtures)
from tests.support.database import app_config, empty_tables
from tests.support.paths import SHARED_FIXTURES
from tests.support.serial_mark import pytest_configure, serial_tests_run_alone  # noqa: F401 (the `serial` mark)


@pytest.fixture
def shared_fixture():
    """Return a function that gives the path of a shared fixture file, skipping when absent."""

    def find(relative: str) -> Path:
        path = SHARED_FIXTURES / relative
        if not path.is_file():
            pytest.skip(f"shared fixture {relative} not found under {SHARED_FIXTURES}")
        return path

    return find


def _database_url(tmp_path_factory, name: str = "") -> str:
    """TEST_DATABASE_URL when given (PostgreSQL in CI), else a fresh SQLite file; one per xdist worker and name."""
    url = os.environ.get("TEST_DATABASE_URL")
    suffix = "_".join(part for part in (os.environ.get("PYTEST_XDIST_WORKER"), name) if part)  # gw0, gw1... under -n
    if url:
        return _database_beside(url, suffix) if suffix else url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / f"{name or 'test'}.sqlite3")


def _database_beside(url: str, suffix: str) -> str:
    """`<database>_<suffix>` beside the given one (on PostgreSQL created when missing): runs never share tables."""
    given = make_url(url)
    name = f"{given.database}_{suffix}"
    if given.get_backend_name() == "postgresql":
        engine = create_engine(given, isolation_level="AUTOCOMMIT")  # CREATE DATABASE cannot run in a transaction
        try:
            with engine.connect() as connection:
                if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def _migrated(url: str) -> str:
    """The database at url emptied and built again by the migrations."""
    app = create_app({**app_config(), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        config = app.extensions["migrate"].migrate.get_config()
        alembic_upgrade(config, "head")
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """An empty database built by the migrations, once per test run; every test empties it again."""
    return _migrated(_database_url(tmp_path_factory))


@pytest.fixture(scope="session")
def browser_database_url(tmp_path_factory):
    """A database of its own for the browser tests' server, whose program stays for the whole run."""
    return _migrated(_database_url(tmp_path_factory, "browser"))


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    Tests keep an app context open to use the database; without this, requests would
    share its `g` (and the logged-in user cached there) with each other.
    """

    def open(self, *args, **kwargs):
        """Run the request outside the test's context."""
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def make_app(database_url):
    """Build apps on the test database; every table is emptied after the test."""
    apps = []

    def build(**overrides):
        app = create_app({**app_config(), "SQLALCHEMY_DATABASE_URI": database_url, **overrides})
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    cleaner = build()
    spare = [cleaner]

    def build_or_reuse(**overrides):
        """The first app asked for as configured is the cleaner itself: building an app is what costs."""
        return spare.pop() if spare and not overrides else build(**overrides)

    yield build_or_reuse
    for app in apps:
        with app.app_context():
            db.session.remove()
            if app is cleaner:
                empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The app on a clean test database."""
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    """A test client: a browser with its own cookie jar."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Runs the app's `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def auth(app):
    """Helper to register users and get their logged-in clients."""
    return Auth(app)


@pytest.fixture
def smtp(app):
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that the app sends its email to."""
    from tests.support.smtp_sink import SmtpServer

    server = SmtpServer().start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_FROM="APA Networking <summaries@conference.test>"
    )
    yield server
    server.stop()


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting
