"""Account endpoints: register, log in and out, sessions, password, profile, and the user's data."""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from ..db.types import utcnow
from ..extensions import limiter
from ..web.pagination import PageArgsSchema, page_schema
from ..web.security import client_address, mark_private
from . import devices, operations, sessions, userdata
from .schemas import (
    AccountDeleteSchema,
    CredentialsSchema,
    ExportSchema,
    LoginSessionSchema,
    PasswordChangeSchema,
    RegisterSchema,
    SessionStateSchema,
    UserSchema,
    UserUpdateSchema,
    normalize_email,
)

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Accounts and sessions")
# Every answer here concerns one person (even a failed login renews the cookie): none may be cached.
blp.before_request(mark_private)


def _config(name: str):
    """A rate limit from the configuration, read when the request comes."""
    return lambda: current_app.config[name]


def _failed(response) -> bool:
    """Count only failed attempts against a limit (not the limit's own 429, nor a change lost to a concurrent
    one, 409), so success never uses one up."""
    return response.status_code >= 400 and response.status_code not in (409, 429)


def _not_a_typo(response) -> bool:
    """Count registrations, and attempts on taken emails, but not forms refused for bad input."""
    return response.status_code not in (422, 429)


def _login_email() -> str:
    """The (normalized) email a login tries, read before the body is validated; empty when there is none."""
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    return normalize_email(email) if isinstance(email, str) else ""


def _address_and_email_key() -> str:
    """Rate-limit key: the client and the email it tries, so strangers elsewhere cannot lock that email out."""
    return f"login:{client_address()}:{devices.account_digest(_login_email())}"


def _untrusted_key() -> str:
    """Rate-limit key: the account tried, shared by every browser without its device cookie, whatever its address."""
    return f"login-account:{devices.account_digest(_login_email())}"


def _device_key() -> str:
    """Rate-limit key: the device cookie of a browser that logged in to the account before."""
    return f"login-device:{devices.trusted_device(_login_email())}"


def _from_trusted_device() -> bool:
    """Whether the browser holds a device cookie for the account it tries."""
    return devices.trusted_device(_login_email()) is not None


def _from_new_device() -> bool:
    """Whether the browser holds no device cookie for the account it tries."""
    return not _from_trusted_device()


def _account_key() -> str:
    """Rate-limit key for password checks of a logged-in user: their account."""
    return f"account:{current_user.get_id()}"


#: Wrong current passwords, per account, across every endpoint that asks for one (a stolen cookie guessing).
password_checks = limiter.shared_limit(
    _config("LOGIN_RATE_LIMIT"), "password-checks", key_func=_account_key, deduct_when=_failed
)


@blp.route("/auth/register", methods=["POST"])
@limiter.limit(_config("REGISTER_RATE_LIMIT"), key_func=client_address, deduct_when=_not_a_typo)
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
def register(data):
    """Create an account (in the device's time zone, when given) and log in."""
    user = operations.create_user(data["email"], data["password"], data["name"], timezone=data["timezone"])
    sessions.log_in(user)
    return user


@blp.route("/auth/login", methods=["POST"])
@limiter.limit(_config("LOGIN_ADDRESS_RATE_LIMIT"), key_func=client_address, deduct_when=_failed)
@limiter.limit(_config("LOGIN_RATE_LIMIT"), key_func=_address_and_email_key, deduct_when=_failed)
@limiter.limit(
    _config("LOGIN_ACCOUNT_RATE_LIMIT"),
    key_func=_untrusted_key,
    exempt_when=_from_trusted_device,
    deduct_when=_failed,
    error_message="Too many failed logins for this account from new devices; try again later, or from a device "
    "that logged in to it before",
)
@limiter.limit(
    _config("LOGIN_DEVICE_RATE_LIMIT"), key_func=_device_key, exempt_when=_from_new_device, deduct_when=_failed
)
@blp.arguments(CredentialsSchema)
@blp.response(200, UserSchema)
@blp.alt_response(401, description="Wrong email or password")
def login(data):
    """Log in with email and password; only failed attempts count against the limits.

    Failures count per client address, per address and email, and per account: browsers without the
    account's device cookie share one small budget, and each browser that logged in before has its own.
    """
    user = operations.authenticate(data["email"], data["password"])
    if user is None:
        abort(401, message="Wrong email or password.")
    sessions.log_in(user)
    return user


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
def logout():
    """End the session on this device at once (with or without a body)."""
    sessions.log_out()


@blp.route("/auth/session", methods=["GET"])
@blp.response(200, SessionStateSchema)
def session_state():
    """Who is logged in, or `{"user": null}`: a browser opening the app asks without a failed request."""
    return {"user": current_user if current_user.is_authenticated else None}


@blp.route("/me", methods=["GET"])
@login_required
@blp.response(200, UserSchema)
def me():
    """The signed-in user with their settings."""
    return current_user


@blp.route("/me", methods=["PATCH"])
@login_required
@blp.arguments(UserUpdateSchema(partial=True))
@blp.response(200, UserSchema)
def update_me(data):
    """Change name, time zone, daily goals, the follow-up window, the introduction or the summary email opt-out."""
    return operations.update_user(current_user, data)


@blp.route("/me", methods=["DELETE"])
@login_required
@password_checks
@blp.arguments(AccountDeleteSchema)
@blp.response(204)
def delete_me(data):
    """Erase the account and everything in it, confirmed with the password."""
    operations.check_current_password(current_user, data["password"], "password")
    user = current_user._get_current_object()
    sessions.log_out()
    operations.delete_account(user)


@blp.route("/me/password", methods=["POST"])
@login_required
@password_checks
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data):
    """Change the password; every other device is logged out."""
    operations.change_password(
        current_user, data["current_password"], data["new_password"], keep=sessions.current_session()
    )


@blp.route("/me/sessions", methods=["GET"])
@login_required
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_schema(LoginSessionSchema))
def list_sessions(args):
    """The devices logged in to this account, most recently used first."""
    return sessions.list_sessions(current_user, sessions.current_session(), args)


@blp.route("/me/sessions", methods=["DELETE"])
@login_required
@blp.response(204)
def end_other_sessions():
    """Log out everywhere else: end every session but this one."""
    sessions.end_other_sessions(current_user, sessions.current_session())


@blp.route("/me/sessions/<uuid:session_id>", methods=["DELETE"])
@login_required
@blp.response(204)
@blp.alt_response(404, description="No such session of this user")
def end_session(session_id: uuid.UUID):
    """End one session (a lost phone); ending this one logs this device out."""
    current = sessions.current_session()
    if current is not None and current.id == session_id:
        sessions.log_out()
    elif not sessions.end_session(current_user, session_id):
        abort(404, message=f"Session {session_id} not found.")


@blp.route("/me/export", methods=["GET"])
@login_required
@blp.response(200, ExportSchema)
def export_me():
    """Everything this user stored, as one JSON document to keep."""
    day = utcnow().date().isoformat()
    disposition = f'attachment; filename="conference-data-{day}.json"'
    return userdata.export_user(current_user), {"Content-Disposition": disposition}
