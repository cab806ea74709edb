"""Web security in one place: write guards, response headers, the proxy in front, and how secrets are stored."""

from __future__ import annotations

import base64
import hashlib
import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request
from flask_smorest import abort
from werkzeug.middleware.proxy_fix import ProxyFix

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
ALLOWED_BODY_TYPES = {"application/json", "multipart/form-data"}


def content_security_policy(styles: Iterable[str] = (), scripts: Iterable[str] = ()) -> str:
    """The policy: scripts, styles, images, the manifest and the service worker from our own origin only,
    nothing may frame us; `styles` and `scripts` are inline blocks allowed by their SHA-256 digest, no other."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{_digests(scripts)}",
            f"style-src 'self'{_digests(styles)}",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _digests(blocks: Iterable[str]) -> str:
    """The CSP sources that allow exactly these inline blocks."""
    return "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'" for block in blocks
    )


#: Every response's policy; the app shell's adds its own inline style (conference/web/shell.py).
CONTENT_SECURITY_POLICY = content_security_policy()
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Calendar feed links carry their secret in the URL; no page may leak it onward.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
#: Two years, as browsers' preload lists expect; sent only in production, which is served over TLS.
STRICT_TRANSPORT_SECURITY = "max-age=63072000"


def guard_state_changes() -> None:
    """Require a JSON (or upload) body and a same-origin Origin on API writes.

    An HTML form can only send urlencoded, multipart or text bodies, and a browser always
    names its page's origin on a cross-site POST, so both checks together stop form-based CSRF.
    A write without a body and without a Content-Type (`fetch(url, {method: "POST"})`) cannot
    come from a form, so it passes.
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
    if not request.content_length and (request.method == "DELETE" or not request.mimetype):
        return
    if request.mimetype not in ALLOWED_BODY_TYPES:
        abort(
            415,
            message="Send the request body as application/json.",
            errors={"Content-Type": [request.mimetype or "missing"]},
        )


def mark_private() -> None:
    """Note that this response depends on who asked, so no browser or proxy may keep a copy."""
    g.private_response = True


def add_security_headers(response):
    """Put the security headers on every response, errors and static files included."""
    headers = response.headers
    # One pass: each setdefault would walk the headers again. Headers iterate as (name, value) pairs: keys().
    given = {name.lower() for name in headers.keys()}  # noqa: SIM118
    headers.extend([(name, value) for name, value in SECURITY_HEADERS.items() if name.lower() not in given])
    if current_app.config["CONFERENCE_ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if g.get("private_response"):
        response.headers["Cache-Control"] = "no-store"
    return response


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, take scheme, host, port and client address from their X-Forwarded-* headers.

    With none (the default) those headers are ignored, so a client cannot pretend to come from
    elsewhere to escape its rate limits.
    """
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


def client_address() -> str:
    """The client as rate limits count it: its address, or for IPv6 its /64 network, which one subscriber holds whole."""
    address = request.remote_addr or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def secret_digest(secret: str) -> str:
    """What the database keeps of a secret a client holds (a login cookie's, a calendar link's): SHA-256, hex.

    The secrets are 256 random bits, so a fast hash without salt cannot be reversed, and the
    lookup by digest is one index probe.
    """
    return hashlib.sha256(secret.encode()).hexdigest()
