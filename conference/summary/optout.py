"""Signed opt-out links: whoever holds the link may stop the summaries of the user it names, and nothing else."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..accounts.models import User
from ..extensions import db
from .content import absolute_url

_SALT = "summary-opt-out"


def _serializer() -> URLSafeSerializer:
    """Signs with the app's secret; the salt keeps these tokens from being valid anywhere else."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def opt_out_url(user) -> str:
    """The one-click opt-out link for a user's summary emails (List-Unsubscribe and the footer)."""
    return absolute_url(f"/summary/opt-out/{_serializer().dumps(user.id)}")


def user_for_token(token: str) -> User | None:
    """The user an opt-out token was made for; None when it was not made by us."""
    try:
        user_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(User, user_id) if isinstance(user_id, int) else None
