"""The phone app: `/` serves the app shell; static files get cache lifetimes that never leave a phone stale, and
go out compressed."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from flask import Flask, request

from ..extensions import compress
from .security import content_security_policy

#: Files the phone must re-check on every load (each answers 304 when unchanged): the shell, the
#: service worker that decides what is cached, and the manifest the browser installs from.
ALWAYS_FRESH = "no-cache"
#: Assets requested with `?v=<version>` never change under that URL.
VERSIONED = "public, max-age=31536000, immutable"
#: The shell's inline blocks: the first paint's rules, and the script that asks for the app once it painted.
INLINE = re.compile(r"<(style|script)>(.*?)</\1>", re.DOTALL)


@functools.lru_cache(maxsize=1)
def shell_policy(shell: Path, modified: float) -> str:
    """The content security policy of the shell as it is on disk (`modified`: read again once it changes)."""
    blocks = INLINE.findall(shell.read_text(encoding="utf-8"))
    return content_security_policy(
        styles=[text for tag, text in blocks if tag == "style"],
        scripts=[text for tag, text in blocks if tag == "script"],
    )


def init_app(app: Flask) -> None:
    """Serve the app shell at `/`, set the cache lifetime of every static file and compress it."""
    compress.init_app(app)
    shell = Path(app.static_folder) / "index.html"

    @app.get("/")
    def app_shell():
        """The app shell; the service worker serves it from its cache when offline."""
        return app.send_static_file("index.html")

    @app.after_request
    def static_cache_lifetime(response):
        """A year for versioned assets; revalidation (a cheap 304) for everything else; compressed for
        browsers that accept it (its ETag then names the encoding, and still answers 304 when unchanged)."""
        if request.endpoint not in ("static", "app_shell"):
            return response
        response.headers["Cache-Control"] = VERSIONED if request.args.get("v") else ALWAYS_FRESH
        if response.mimetype == "text/html":  # a 304 too: it renews the policy of the copy the browser keeps
            response.headers["Content-Security-Policy"] = shell_policy(shell, shell.stat().st_mtime)
        if response.status_code != 200:  # a 304, a 404, or a byte range that compressing would garble
            return response
        # Read the (small) file into memory: compressed as a stream it would go out without gzip or a length.
        response.direct_passthrough = False
        response.make_sequence()
        return compress.after_request(response)
