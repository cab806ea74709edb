"""The browser tests' shared parts: one gunicorn server with a 2,000-session program and one Chromium per test
worker, a fresh phone-sized page per test, and the steps many tests take (register, open a tab, wait for sync).

The server has a database of its own (`browser_database_url`), which the other tests' cleaning never touches,
so it is built once per run rather than once per test module.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright import sync_api
from sqlalchemy import select

from conference import create_app
from conference.accounts.models import User
from conference.demo.program import generate
from conference.extensions import db
from conference.schedule import operations as schedule_operations
from conference.schedule.models import Conference, Session
from tests.support.database import app_config, empty_tables
from tests.support.paths import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / ".browser-tools" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
SHELL_BUDGET = 150 * 1024
SESSIONS = 2000
#: The shared server's program; tests may import others beside it.
PROGRAM = "apa-2027"
PASSWORD = "correct horse battery"


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Controls the user taps that are smaller than 44 px either way (WCAG's target size), as a script for the page.
SMALL_TARGETS = """[...document.querySelectorAll(
    "button, select, input:not([type=checkbox]):not([type=radio]), textarea, #tabs a, a.button, .choice span, label.toggle, .fab")]
    .filter(el => el.getClientRects().length && !el.closest("[hidden]"))
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.height < 44 || box.width < 44)
    .map(([el, box]) => `${el.tagName} ${el.textContent.trim().slice(0, 30)} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


def scheduled_sessions():
    """The shared program's sessions still scheduled, first first (other tests may add conferences beside it)."""
    return (
        select(Session)
        .join(Conference)
        .where(Conference.slug == PROGRAM, Session.status == "scheduled")
        .order_by(Session.starts_at, Session.id)
    )


@pytest.fixture(scope="session")
def backend(browser_database_url):
    """The app on the browser tests' database with a 2,000-session program, for reading what reached the server."""
    app = create_app({**app_config(), "SQLALCHEMY_DATABASE_URI": browser_database_url})
    program = io.StringIO()
    generate(program, sessions=SESSIONS)
    with app.app_context():
        schedule_operations.import_schedule(
            program.getvalue().encode(), slug=PROGRAM, name="APA Annual Meeting 2027", timezone="America/New_York"
        )
        last = db.session.scalars(select(Session).order_by(Session.starts_at.desc()).limit(1)).one()
        last.status = "cancelled"  # as a re-import without it would leave it
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        empty_tables()
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(backend, browser_database_url):
    """The app served by gunicorn on 127.0.0.1, as in production."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": browser_database_url,
        "RATELIMIT_ENABLED": "false",
        "SECRET_KEY": "browser-tests",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("gunicorn exited: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="session")
def playwright():
    """Playwright for the run's browsers; the browser tests skip without Chromium."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: `apt-get install chromium` to run the browser tests")
    with sync_api.sync_playwright() as driver:
        yield driver


def launch_options() -> dict:
    """How the tests start the Debian Chromium."""
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def phone_device(playwright) -> dict:
    """An iPhone-13-sized phone (390x844) as Chromium can play it."""
    device = {key: value for key, value in playwright.devices["iPhone 13"].items() if key != "default_browser_type"}
    return {**device, "viewport": PHONE}


@pytest.fixture(scope="session")
def browser(playwright):
    """One Chromium for the run; each test opens its own context (storage, service worker, cookies)."""
    browser = playwright.chromium.launch(**launch_options())
    yield browser
    browser.close()


@pytest.fixture
def page(browser, base_url, playwright):
    """A fresh phone (its own storage, service worker and cookies) on the app."""
    context = browser.new_context(**phone_device(playwright), base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def register(page, name="Sam Patel") -> str:
    """Create an account through the app; returns its email."""
    email = f"{re.sub(r'[^a-z]', '', name.lower())}.{time.monotonic_ns()}@example.org"
    page.goto("/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    try:
        page.get_by_role("heading", name="Today’s 3-2-1").wait_for(timeout=15000)
    except sync_api.TimeoutError:
        pytest.fail(f"registration did not reach Today; the page says: {page.locator('#view').inner_text()!r}")
    return email


def tab(page, name):
    """Open a screen from the bottom navigation and wait until it is drawn."""
    link = page.locator("#tabs").get_by_role("link", name=name)
    link.click()
    page.locator(f"#view > .screen-{link.get_attribute('data-tab')}").wait_for()


#: True once the top bar shows no sync running and the phone's queue of writes is empty. The queue is read from
#: IndexedDB itself: just after a save, the top bar may not have counted the new change yet.
SYNCED = """async () => {
  const status = document.getElementById("status");
  if (!status.hidden || status.getAttribute("aria-busy") !== "false") return false;
  const database = await new Promise((resolve, reject) => {
    const request = indexedDB.open("conference");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    const waiting = await new Promise((resolve) => {
      const request = database.transaction("queue").objectStore("queue").count();
      request.onsuccess = () => resolve(request.result);
    });
    return waiting === 0;
  } finally {
    database.close();
  }
}"""


def wait_until(page, script: str, what: str, seconds: float = 15) -> None:
    """Evaluate an async script in the page until it answers true (wait_for_function takes a promise as true)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}; the page shows: {page.locator('body').inner_text()[:400]!r}")
        page.wait_for_timeout(50)


def wait_until_synced(page):
    """Wait until every change saved on the phone reached the server and no sync is running."""
    label = page.locator("#status").get_attribute("aria-label")
    wait_until(page, SYNCED, f"the phone's changes to reach the server (the top bar said {label!r})")


def wait_for_service_worker(page):
    """Wait until the service worker controls the page (the shell is cached)."""
    wait_until(
        page,
        # `ready` never settles without a registration: each try waits at most half a second for it.
        "async () => !!(await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 500))]))"
        " && !!navigator.serviceWorker.controller",
        "the service worker to control the page",
    )


class Taps:
    """Counts the user's taps (clicks); typing is not counted."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def log_person(page, taps, name, institution, takeaway, follow_up=False, kind=None):
    """Log someone met through the app's core flow."""
    taps(page.get_by_role("link", name=re.compile("met someone", re.I)).first)
    page.locator(".screen-met").wait_for()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Program or institution").fill(institution)
    page.get_by_label("Takeaway (one line)").fill(takeaway)
    if kind:
        taps(page.get_by_label(kind, exact=True))
    if follow_up:
        taps(page.get_by_text("Follow up", exact=True))
    taps(page.get_by_role("button", name="Save"))
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()


def put_record(device, kind, **body) -> dict:
    """Create one of the user's records under a new id through the API."""
    answer = device.request.put(f"/api/v1/me/{kind}/{uuid.uuid4()}", data=body)
    assert answer.status == 201, answer.text()
    return answer.json()


def user_id(backend, email) -> int:
    with backend.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def rows(backend, model, owner_id, **where):
    """The user's rows of a model as stored on the server."""
    with backend.app_context():
        query = select(model).where(model.owner_id == owner_id, *(getattr(model, k) == v for k, v in where.items()))
        found = db.session.scalars(query).all()
        db.session.expunge_all()
        return found


def shot(page, name):
    """Save a screenshot of the screen as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.getElementById('toast').hidden = true")
    page.wait_for_timeout(300)  # let the sheet finish rising
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def check_accessibility(page, screen):
    """Run axe-core in the page; serious and critical violations fail the test."""
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE}: run `make browser-tools` (npm install axe-core)")
    page.evaluate(AXE.read_text())  # evaluated through the debugger, so the page's CSP does not apply
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    assert violations == [], f"{screen}: {json.dumps(violations, indent=1)}"
