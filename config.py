"""Configuration read from environment variables, with defaults for local development."""

from __future__ import annotations

import os

import orjson

DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production"


def _flag(name: str, default: bool) -> bool:
    """Read a boolean environment variable written as true/false, 1/0 or yes/no."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for a running service; every value can come from the environment."""

    CONFERENCE_ENV = os.environ.get("CONFERENCE_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # A relative SQLite path lives in the app's instance folder.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///conference.sqlite3")
    # Logs never show SQL parameters: they hold users' notes and password hashes. JSON columns (tags, talks)
    # are read by orjson: a list or the changes feed reads hundreds of them.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True, "json_deserializer": orjson.loads}
    #: Behind PgBouncer in transaction mode (before 1.21) each transaction may run on another server connection,
    #: where a statement psycopg prepared (from a query's fifth use on) does not exist or exists twice: prepare none.
    DATABASE_TRANSACTION_POOLING = _flag("DATABASE_TRANSACTION_POOLING", False)
    if DATABASE_TRANSACTION_POOLING:
        SQLALCHEMY_ENGINE_OPTIONS["connect_args"] = {"prepare_threshold": None}
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 20 * 1024 * 1024))
    #: Program pages kept serialized per worker process (a page of 50 sessions is about 45 KB).
    PAGE_CACHE_SIZE = int(os.environ.get("PAGE_CACHE_SIZE", 256))
    #: How long a worker trusts the program versions it read (seconds): 304s and kept pages then need no
    #: query; another process's import shows that much later (this process's at once). 0: ask every time.
    PROGRAM_FACTS_SECONDS = float(os.environ.get("PROGRAM_FACTS_SECONDS", 1))
    #: Sessions kept serialized per worker process for lists, searches and agendas (about 4 KB each: 20,000 take
    #: some 80 MB a worker).
    SESSION_CARD_CACHE_SIZE = int(os.environ.get("SESSION_CARD_CACHE_SIZE", 20000))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    #: Prepended to every rate-limit key, so deployments (or test runs) sharing one Redis count apart.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    #: Failed logins per client address and email together, so strangers cannot lock an email out.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;100 per day")
    #: Failed logins per client address, whatever the email (a conference's Wi-Fi is one address).
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "60 per minute")
    #: Failed logins per account from browsers without its device cookie, all addresses together: guessing one
    #: password from many addresses stops here.
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour;50 per day")
    #: Failed logins per device cookie (a browser that logged in to the account before): its owner's own budget.
    LOGIN_DEVICE_RATE_LIMIT = os.environ.get("LOGIN_DEVICE_RATE_LIMIT", "10 per minute;100 per day")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "30 per hour")
    #: How many proxies in front set X-Forwarded-For/-Proto/-Host/-Port (0: trust none of those headers).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))

    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30
    #: The cookie is sent again when the login session's last use moves (every few minutes), not with every
    #: answer: re-signing it costs every request, and a program page should not carry a Set-Cookie.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = CONFERENCE_ENV == "production"
    PASSWORD_HASH_METHOD = "scrypt"

    #: The app's own files (shell, styles, modules, manifest) go out compressed, a third of their size on a slow
    #: phone network; API answers do not (they hold private data next to what a request sends: BREACH).
    COMPRESS_REGISTER = False
    COMPRESS_ALGORITHM = ["zstd", "br", "gzip"]  # what browsers send; "deflate" is read two ways by clients
    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/manifest+json"]

    CALENDAR_FEED_BASE_URL = os.environ.get("CALENDAR_FEED_BASE_URL", "")
    CALENDAR_FEED_RATE_LIMIT = os.environ.get("CALENDAR_FEED_RATE_LIMIT", "120 per hour")
    CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN", "calendar.conference.invalid")

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    #: STARTTLS after connecting (port 587), or TLS from the first byte (port 465).
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _flag("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 30))
    # MAIL_DEFAULT_SENDER is the older name of MAIL_FROM, still read.
    MAIL_FROM = os.environ.get("MAIL_FROM") or os.environ.get("MAIL_DEFAULT_SENDER", "no-reply@localhost")
    #: Attempts before a message is marked failed; the wait doubles after each failure, from the base.
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 8))
    OUTBOX_RETRY_SECONDS = int(os.environ.get("OUTBOX_RETRY_SECONDS", 300))
    #: A claim without an outcome after this long means its sender stopped: the message is sent again. Longer
    #: than any one SMTP exchange can take with MAIL_TIMEOUT.
    OUTBOX_CLAIM_LEASE_SECONDS = int(os.environ.get("OUTBOX_CLAIM_LEASE_SECONDS", 15 * 60))
    #: Where users reach the service, for links in emails sent without a request (opt-out, previews).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    API_TITLE = "Conference networking API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"


class TestConfig(Config):
    """Settings for the test suite: a throwaway database and fast password hashing."""

    TESTING = True
    CONFERENCE_ENV = "testing"
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite:///test.sqlite3")
    SESSION_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    # Tests write programs directly as well as by import: every request reads the versions.
    PROGRAM_FACTS_SECONDS = 0
    # Hashing strength is not under test; a cheap method keeps the suite fast.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
