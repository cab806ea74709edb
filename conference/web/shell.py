"""The phone app: `/` serves the app shell; static files get cache lifetimes that never leave a phone stale."""
from __future__ import annotations

from flask import Flask, request

#: Files the phone must re-check on every load (each answers 304 when unchanged): the shell, the
#: service worker that decides what is cached, and the manifest the browser installs from.
ALWAYS_FRESH = "no-cache"
#: Assets requested with `?v=<version>` never change under that URL.
VERSIONED = "public, max-age=31536000, immutable"


def init_app(app: Flask) -> None:
    """Serve the app shell at `/` and set the cache lifetime of every static file."""

    @app.get("/")
    def app_shell():
        """The app shell; the service worker serves it from its cache when offline."""
        return app.send_static_file("index.html")

    @app.after_request
    def static_cache_lifetime(response):
        """A year for versioned assets; revalidation (a cheap 304) for everything else."""
        if request.endpoint in ("static", "app_shell"):
            response.headers["Cache-Control"] = VERSIONED if request.args.get("v") else ALWAYS_FRESH
        return response
