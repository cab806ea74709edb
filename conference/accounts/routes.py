"""Account endpoints: register, log in and out, read and change the profile."""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user, login_required, login_user, logout_user
from flask_smorest import Blueprint, abort

from ..extensions import limiter
from . import operations
from .schemas import CredentialsSchema, RegisterSchema, UserSchema, UserUpdateSchema, normalize_email

blp = Blueprint("accounts", __name__, url_prefix="/api/v1", description="Accounts and sessions")


def _login_email_key() -> str:
    """Rate-limit key: the email being tried, so one account cannot be guessed from many addresses."""
    data = request.get_json(silent=True)
    email = data.get("email") if isinstance(data, dict) else None
    return "login-email:" + (normalize_email(email) if isinstance(email, str) else "")


def _login_limit() -> str:
    """The configured login rate limit."""
    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user) -> None:
    """Log the user in with a cookie that outlives a browser restart on the phone."""
    session.permanent = True
    login_user(user)


@blp.route("/auth/register", methods=["POST"])
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
def register(data):
    """Create an account and log in."""
    user = operations.create_user(data["email"], data["password"], data["name"])
    _start_session(user)
    return user


@blp.route("/auth/login", methods=["POST"])
@limiter.limit(_login_limit)
@limiter.limit(_login_limit, key_func=_login_email_key)
@blp.arguments(CredentialsSchema)
@blp.response(200, UserSchema)
@blp.alt_response(401, description="Wrong email or password")
def login(data):
    """Log in with email and password."""
    user = operations.authenticate(data["email"], data["password"])
    if user is None:
        abort(401, message="Wrong email or password.")
    _start_session(user)
    return user


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
def logout():
    """End the session on this device."""
    logout_user()


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
