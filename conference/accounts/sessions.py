"""Login sessions: a row per device login, found from the cookie with one indexed lookup per request."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select

from ..db.types import utcnow
from ..extensions import db
from ..web.pagination import paginate
from ..web.security import mark_private, secret_digest
from .devices import remember_device
from .models import LoginSession, User

#: The cookie entry holding this device's login secret.
TOKEN_KEY = "_login"
#: last_seen_at is refreshed at most this often, so most requests only read.
LAST_SEEN_STEP = timedelta(minutes=5)


def _open_since() -> datetime:
    """Sessions idle since before this moment have expired, whatever the cookie says."""
    return utcnow() - current_app.permanent_session_lifetime


def create_session(user: User, user_agent: str) -> tuple[LoginSession, str]:
    """Open a login session for a user; returns it with the secret only the cookie will hold."""
    token = secrets.token_urlsafe(32)
    db.session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.last_seen_at < _open_since())
    )
    record = LoginSession(user_id=user.id, token_hash=secret_digest(token), user_agent=user_agent[:300])
    db.session.add(record)
    db.session.flush()
    return record, token


#: Built once: every request runs it, and a reused statement skips building and hashing it again.
_SESSION_AND_USER = (
    select(LoginSession, User)
    .join(User, User.id == LoginSession.user_id)
    .where(LoginSession.token_hash == bindparam("token_hash"), LoginSession.last_seen_at >= bindparam("open_since"))
)


def find_session(token: str) -> tuple[LoginSession, User] | None:
    """The open login session a secret belongs to, with its user, in one query; None once it has been idle too long."""
    row = db.session.execute(
        _SESSION_AND_USER, {"token_hash": secret_digest(token), "open_since": _open_since()}
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def end_session(user: User, session_id: uuid.UUID) -> bool:
    """End one of a user's sessions; False when the user has no such session."""
    result = db.session.execute(
        delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.id == session_id)
    )
    return result.rowcount > 0


def end_other_sessions(user: User, keep: LoginSession | None) -> None:
    """End every session of a user but `keep` (all of them when None)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    db.session.execute(query)


def list_sessions(user: User, current: LoginSession | None, args: dict) -> dict:
    """A page of a user's open sessions, the most recently used first, with the asking one marked."""
    query = (
        select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.last_seen_at >= _open_since())
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.created_at.desc(), LoginSession.id)
    )
    page = paginate(query, args)
    for record in page["items"]:
        record.current = current is not None and record.id == current.id
    return page


# The request side: the cookie names the login session.


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie, read and written only when there is one: most program reads come without a
    login, and building the cookie's signer and settings for each of them cost a 304 a tenth of its time."""

    def open_session(self, app, request):
        """An empty session for a request without the cookie; otherwise Flask's own reading of it."""
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        """Nothing to do for a session nobody read or wrote; otherwise Flask's own writing of the cookie.

        The cookie's lifetime slides with the login session's last use only when the request committed
        that last use: a failed request rolls it back, and a renewed cookie would then outlive its session.
        """
        if g.get("login_seen_moved") and g.get("committed"):
            session.modified = True
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def user_of_this_login(user_id: str) -> User | None:
    """Flask-Login's loader: the user whose open login session this cookie names."""
    mark_private()
    token = session.get(TOKEN_KEY)
    found = find_session(token) if isinstance(token, str) else None
    if found is None or str(found[1].id) != user_id:
        return None
    record, user = found
    now = utcnow()
    if record.last_seen_at < now - LAST_SEEN_STEP:
        record.last_seen_at = now
        g.login_seen_moved = True  # the cookie is renewed with it, once committed (not re-signed on every request)
    g.login_session = record
    return user


def current_session() -> LoginSession | None:
    """The login session of this request, once the user is loaded."""
    return g.get("login_session")


def log_in(user: User) -> None:
    """Open a session for this device (ending the one it had) and give it a cookie that outlives a browser restart,
    and a device cookie that keeps this browser trusted for the account's logins after it logs out."""
    log_out()
    remember_device(user.email)
    record, token = create_session(user, request.user_agent.string)
    session.permanent = True
    session[TOKEN_KEY] = token
    login_user(user)
    g.login_session = record


def log_out() -> None:
    """End this device's session, if it has one, and clear its cookie."""
    mark_private()
    token = session.pop(TOKEN_KEY, None)
    if isinstance(token, str):
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == secret_digest(token)))
    logout_user()
    g.pop("login_session", None)
