"""Device cookies (OWASP's defence against online guessing): a browser that logged in before keeps its own budget.

Failed logins for an account are limited per account, so guessing from many addresses stops; a
browser holding a device cookie for that account is counted on its own instead, so strangers who
use up the account's budget cannot lock its owner out of the devices they already use.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import after_this_request, current_app, g, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

#: The cookie naming a browser that logged in to an account; sent only to the login endpoint.
COOKIE_NAME = "device"
#: A browser not used to log in for this long is a new device again.
LIFETIME = timedelta(days=365)


def account_digest(email: str) -> str:
    """What limits and device cookies keep of a (normalized) email: enough to tell accounts apart, not the address."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    """Signs device cookies with the app's secret key, so none can be made or altered by a client."""
    return URLSafeTimedSerializer(current_app.secret_key, salt="login-device")


def remember_device(email: str) -> None:
    """Give this browser a new device cookie for the account it just logged in to (its own, fresh budget)."""
    value = _serializer().dumps({"account": account_digest(email), "device": secrets.token_urlsafe(16)})

    @after_this_request
    def set_cookie(response):
        response.set_cookie(
            COOKIE_NAME,
            value,
            max_age=int(LIFETIME.total_seconds()),
            path=url_for("accounts.login"),
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Strict",
        )
        return response


def trusted_device(email: str) -> str | None:
    """The device this request's cookie names, when it is genuine, current and for the account of `email`."""
    cache = g.setdefault("trusted_devices", {})
    if email not in cache:
        cache[email] = _read_device(request.cookies.get(COOKIE_NAME), email)
    return cache[email]


def _read_device(value: str | None, email: str) -> str | None:
    """The device a cookie value names for this account, or None."""
    if not value:
        return None
    try:
        payload = _serializer().loads(value, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("account") != account_digest(email):
        return None
    device = payload.get("device")
    return device if isinstance(device, str) else None
