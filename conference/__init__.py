"""The conference networking service: create_app() reads as its table of contents."""

from __future__ import annotations

import os

from flask import Flask, g
from flask_smorest import abort
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import DEV_SECRET_KEY, Config

from .web import shell
from .web.inputs import BoundedIntConverter, JSONProvider


def create_app(config: type | dict | None = None) -> Flask:
    """Build the app from Config (or a given config class or mapping)."""
    app = Flask(__name__, instance_relative_config=True, static_folder="../static", static_url_path="/")
    app.json = JSONProvider(app)
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    check_config(app)
    os.makedirs(app.instance_path, exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_commands(app)
    shell.init_app(app)
    register_logging(app)
    return app


def check_config(app: Flask) -> None:
    """Refuse to start production with the development secret key; warn when workers cannot share rate limits."""
    if app.config["CONFERENCE_ENV"] == "production" and app.config["SECRET_KEY"] in (None, "", DEV_SECRET_KEY):
        raise RuntimeError(
            "SECRET_KEY is not set: with CONFERENCE_ENV=production, set SECRET_KEY to a long random value"
        )
    if app.config["CONFERENCE_ENV"] == "production" and app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker counts failed logins on its own; set redis://HOST:6379"
        )


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    from .extensions import api, db, limiter, login_manager, migrate

    db.init_app(app)
    from .models import in_schema

    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_name=in_schema,
    )
    from .accounts.sessions import CookieSessions

    app.session_interface = CookieSessions()
    login_manager.init_app(app)
    limiter.init_app(app)
    api.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str):
        """Find the user of a session cookie, while its login session is open."""
        from .accounts.sessions import user_of_this_login

        return user_of_this_login(user_id)

    @login_manager.unauthorized_handler
    def unauthorized():
        """Answer JSON 401 rather than redirecting a phone app to a login page."""
        abort(401, message="Log in first.")


def register_blueprints(app: Flask) -> None:
    """Mount every feature's endpoints on the API."""
    from .accounts.routes import blp as accounts
    from .agenda_items.routes import blp as agenda_items
    from .board.routes import blp as board
    from .calendar.routes import blp as calendar
    from .exchange.routes import blp as exchange
    from .extensions import api
    from .followups.routes import blp as followups
    from .goals.routes import blp as goals
    from .letters.routes import blp as letters
    from .meta.routes import blp as meta
    from .milestones.routes import blp as milestones
    from .people.routes import blp as people
    from .questions.routes import blp as questions
    from .schedule.routes import blp as schedule
    from .summary.routes import blp as summary
    from .summary.routes import pages as summary_pages
    from .sync.routes import changes_blueprint
    from .targets.routes import blp as targets
    from .web.health import blp as health

    # The changes feed last: it carries every synced kind the features above registered.
    for blueprint in (
        health,
        meta,
        accounts,
        schedule,
        targets,
        people,
        followups,
        goals,
        milestones,
        letters,
        agenda_items,
        questions,
        board,
        exchange,
        calendar,
        summary,
        changes_blueprint(),
    ):
        api.register_blueprint(blueprint)
    app.register_blueprint(summary_pages)


def register_request_hooks(app: Flask) -> None:
    """Guard writes, add the security headers and commit once per request."""
    from .extensions import db
    from .web.inputs import refuse_unstorable_text
    from .web.security import add_security_headers, guard_state_changes, trust_proxies

    trust_proxies(app)
    app.before_request(guard_state_changes)
    app.before_request(refuse_unstorable_text)
    app.after_request(add_security_headers)

    @app.after_request
    def commit_or_roll_back(response):
        """Commit what a successful request changed; roll back anything else."""
        if not db.session.registry.has() or not db.session().in_transaction():  # answered without the database
            return response
        if response.status_code < 400:
            db.session.commit()
            g.committed = True  # what the response may promise, e.g. a renewed login cookie
        else:
            db.session.rollback()
        return response


def register_commands(app: Flask) -> None:
    """Add the `flask` sub-commands."""
    from .accounts.cli import users_cli
    from .outbox.cli import outbox_cli
    from .schedule.cli import schedule_cli
    from .summary.cli import summaries_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(schedule_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(summaries_cli)


def register_logging(app: Flask) -> None:
    """Keep secrets in URLs (calendar feeds) out of request logs, and values refused by the database out of tracebacks."""
    from .calendar.logs import redact_feed_secrets
    from .web.logs import keep_database_values_out_of_logs

    redact_feed_secrets(app)
    keep_database_values_out_of_logs(app)


@event.listens_for(Engine, "connect")
def _connection_settings(dbapi_connection, connection_record) -> None:
    """SQLite: WAL, foreign keys and a busy timeout. PostgreSQL: no parallel workers for one request's query.

    Requests are short and many run at once: a parallel plan takes cores from the other
    requests and costs more to start than it saves on a program-sized table.
    """
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
    elif type(dbapi_connection).__module__.startswith("psycopg"):
        dbapi_connection.execute("SET max_parallel_workers_per_gather = 0")
        dbapi_connection.commit()
