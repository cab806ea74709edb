"""Photograph the app for the manifest's `screenshots` (the richer install dialog): a phone and a wide screen.

Serves the app with gunicorn on a fresh SQLite database holding the demo program, fills a demo account with
a few people met today, and photographs Today at a phone's size and the schedule at a laptop's with the
Debian `chromium` package. Run `make screenshots` after changing how those screens look;
the PNGs are committed under static/screenshots/ and their sizes must match the manifest's.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path

import servers

ROOT = servers.ROOT

OUT = ROOT / "static" / "screenshots"
ACCOUNT = {"email": "sam.patel@example.org", "password": "correct horse battery", "name": "Sam Patel"}
INTRODUCTION = (
    "I'm Sam, a fourth-year medical student applying in psychiatry; I'm drawn to consultation-liaison "
    "work and would love to hear how your residents get involved in research."
)
#: (file, what the manifest calls it, CSS viewport, pixel ratio, screen)
SHOTS = [
    ("today-narrow.png", "narrow", {"width": 390, "height": 844}, 2, "#/today"),
    ("schedule-wide.png", "wide", {"width": 1280, "height": 800}, 1, "#/schedule"),
]


def fill_account(request) -> None:
    """Register the demo account and log two people met today, one a conversation."""
    for answer in (
        request.post("/api/v1/auth/register", data=ACCOUNT),
        request.patch("/api/v1/me", data={"introduction": INTRODUCTION}),
    ):
        answer.ok or sys.exit(f"the demo account could not be set up: {answer.text()}")
    for name, institution, kind in (
        ("Dr. Ruth Okonkwo", "Yale", "conversation"),
        ("Jordan Lee", "Stanford", "introduced"),
    ):
        contact = request.put(
            f"/api/v1/me/contacts/{uuid.uuid4()}", data={"name": name, "institution": institution}
        ).json()
        request.put(f"/api/v1/me/encounters/{uuid.uuid4()}", data={"contact_id": contact["id"], "kind": kind})


def photograph(base: str) -> None:
    """Each screen of SHOTS in its own fresh browser window, logged in as the demo account."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(servers.CHROMIUM), args=servers.CHROMIUM_ARGS)
        for index, (file, _, viewport, ratio, screen) in enumerate(SHOTS):
            context = browser.new_context(
                base_url=base, viewport=viewport, device_scale_factor=ratio, is_mobile=ratio > 1, has_touch=ratio > 1
            )
            if index == 0:
                fill_account(context.request)
            else:
                context.request.post("/api/v1/auth/login", data={k: ACCOUNT[k] for k in ("email", "password")})
            page = context.new_page()
            page.goto("/" + screen)
            page.locator("#view [aria-busy]").first.wait_for(state="detached")
            page.locator(".counters, .sessions > li").first.wait_for()
            page.screenshot(path=OUT / file)
            context.close()
        browser.close()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = servers.demo_database(Path(folder) / "screenshots.sqlite3")
        with servers.gunicorn("wsgi:app", servers.Workers(count=2), servers.service_env(url), "/healthz") as base:
            photograph(base)
