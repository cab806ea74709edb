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
from conference.extensions import db, limiter
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


def _build(database_url: str, **overrides):
    """An app on the test database whose test clients run each request in its own context."""
    app = create_app({**app_config(), "SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def shared_app(database_url):
    """The app most tests use, built once per worker: building one (its URL map) costs more than most tests."""
    app = _build(database_url)
    return app, dict(app.config), set(app.extensions), dict(vars(limiter))


def _as_built(app, config: dict, extensions: set, limits: dict) -> None:
    """Forget what a test left in the shared app: its settings, its caches and the rate limits counted.

    The limiter is one object for every app, set up by the last app built: a test that built another app
    (other settings) leaves it set up for that one.
    """
    app.config.clear()
    app.config.update(config)
    for name in set(app.extensions) - extensions:  # the page caches, made on first use
        del app.extensions[name]
    vars(limiter).update(limits)
    with app.app_context():
        limiter.reset()


@pytest.fixture
def make_app(database_url, shared_app):
    """Build apps on the test database (the shared one when asked as configured); every table is emptied after."""
    cleaner, *built = shared_app
    apps, spare = [], [cleaner]

    def build_or_reuse(**overrides):
        """The first app asked for as configured is the shared one."""
        if spare and not overrides:
            return spare.pop()
        apps.append(_build(database_url, **overrides))
        return apps[-1]

    yield build_or_reuse
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    with cleaner.app_context():
        db.session.remove()
        empty_tables()
    _as_built(cleaner, *built)


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
