"""Request guards that keep a cross-site page from changing anything."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from flask_smorest import abort

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
ALLOWED_BODY_TYPES = {"application/json", "multipart/form-data"}


def guard_state_changes() -> None:
    """Require a JSON (or upload) body and a same-origin Origin on API writes.

    An HTML form can only send urlencoded, multipart or text bodies, and a browser always
    names its page's origin on a cross-site POST, so both checks together stop form-based CSRF.
    :raise 415: for a write without a JSON or multipart body type.
    :raise 403: for a write from another site's page.
    """
    if request.method not in STATE_CHANGING or not request.path.startswith("/api/"):
        return
    origin = request.headers.get("Origin")
    if origin is not None:
        parts = urlsplit(origin)
        if f"{parts.scheme}://{parts.netloc}" != request.host_url.rstrip("/"):
            abort(403, message="Cross-site requests are not allowed.")
    if request.method == "DELETE" and not request.content_length:
        return
    if request.mimetype not in ALLOWED_BODY_TYPES:
        abort(415, message="Send the request body as application/json.", errors={"Content-Type": [request.mimetype or "missing"]})
