"""The phone app in real Chromium at a phone's size: the 3-2-1 loop, offline writes, conflicts, installability,
accessibility, screenshots and the shell's byte budget.

Needs the Debian `chromium` package (Playwright drives it through executable_path; `.ci/run` installs it)
and axe-core from npm in .browser-tools (`make browser-tools`); skipped with a message otherwise.
"""

from __future__ import annotations

import io
import json
import re
import time
import urllib.parse
import urllib.request
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from conference.accounts.models import User
from conference.demo.program import generate
from conference.extensions import db
from conference.followups.models import FollowUp
from conference.meta.words import word_lists
from conference.outbox.sender import deliver_due
from conference.people.models import Contact, Encounter
from conference.schedule.models import Conference, Session
from conference.summary.operations import queue_summary
from tests.support.browser import (
    PASSWORD,
    SMALL_TARGETS,
    Taps,
    check_accessibility,
    launch_options,
    log_person,
    phone_device,
    put_record,
    register,
    rows,
    scheduled_sessions,
    shot,
    tab,
    user_id,
    wait_for_service_worker,
    wait_until_synced,
)
from tests.support.smtp_sink import SmtpServer

SHELL_BUDGET = 150 * 1024


def test_register_find_a_session_star_it_target_its_speaker_and_see_both_on_today_and_targets(page, backend):
    register(page)
    with backend.app_context():
        session = db.session.scalars(scheduled_sessions().limit(1)).one()
        title, speaker = session.title, session.appearances[0].speaker.name
    tab(page, "Schedule")
    page.locator(".screen-schedule").wait_for()
    page.get_by_label("Search sessions").fill(title)
    page.get_by_role("button", name=title).first.click()
    sheet = page.locator("#sheet")
    sheet.get_by_role("button", name="Star this session").click()
    sheet.get_by_role("button", name="Starred").wait_for()
    sheet.locator("li", has_text=speaker).get_by_role("button", name="Target speaker").click()
    sheet.get_by_role("button", name="Target ✓").wait_for()
    sheet.get_by_role("button", name="Close").click()
    marked = page.locator(".sessions .accent", has_text=f"Target speaker: {speaker}")
    assert marked.count() >= 1
    tab(page, "Today")
    page.locator("#next-title").wait_for()
    page.locator(".card", has=page.locator("#next-title")).get_by_text(title).first.wait_for()  # drawn after the sync
    tab(page, "Targets")
    page.get_by_text(speaker, exact=True).first.wait_for()
    assert page.locator("#view").get_by_text(title, exact=True).count() == 1
    wait_until_synced(page)


def test_cancelled_sessions_are_struck_through(page, backend):
    register(page)
    with backend.app_context():
        title = db.session.scalars(select(Session.title).where(Session.status == "cancelled")).first()
    tab(page, "Schedule")
    page.locator(".screen-schedule").wait_for()
    page.get_by_label("Search sessions").fill(title)
    row = page.locator(".sessions > li.cancelled", has_text=title).first
    row.wait_for()
    assert row.locator("s", has_text=title).count() == 1
    assert row.get_by_text("Cancelled", exact=True).count() == 1


def test_meeting_someone_takes_three_taps_plus_typing(page, backend):
    email = register(page)
    taps = Taps()
    log_person(page, taps, "Alex Chen", "Yale Psychiatry", "studies early psychosis in rural clinics", follow_up=True)
    assert taps.count <= 3
    assert page.locator(".counters li").first.inner_text().startswith("1")
    wait_until_synced(page)
    owner = user_id(backend, email)
    [contact] = rows(backend, Contact, owner)
    [encounter] = rows(backend, Encounter, owner)
    [followup] = rows(backend, FollowUp, owner)
    assert (contact.name, contact.institution) == ("Alex Chen", "Yale Psychiatry")
    assert (encounter.contact_id, encounter.takeaway) == (contact.id, "studies early psychosis in rural clinics")
    assert (followup.contact_id, followup.encounter_id, followup.status) == (contact.id, encounter.id, "open")


def test_offline_logging_survives_a_reload_and_each_record_reaches_the_server_once_with_the_last_edit(page, backend):
    email = register(page)
    wait_for_service_worker(page)
    page.context.set_offline(True)
    taps = Taps()
    log_person(page, taps, "Priya Raman", "Penn Psychiatry", "runs the CL fellowship", follow_up=True)
    log_person(page, taps, "Tom Okafor", "UCSF", "interested in addiction research", kind="Conversation")
    tab(page, "People")
    page.get_by_role("link", name=re.compile("Priya Raman")).click()
    page.get_by_text("Edit details").click()
    page.get_by_label("Program or institution").fill("Penn Medicine")
    page.get_by_role("button", name="Save changes").click()
    status = page.locator("#status")
    status.filter(has_text="Offline").wait_for()
    # Two people, two meetings and a follow-up: the edit joined the create still waiting.
    assert "5 waiting" in status.inner_text()
    shot(page, "offline-waiting")

    page.reload()  # served by the service worker from its cache
    page.locator("#status").filter(has_text="waiting").wait_for()
    tab(page, "People")
    page.get_by_role("link", name=re.compile("Priya Raman")).wait_for()

    page.context.set_offline(False)
    page.locator("#status").click()
    wait_until_synced(page)
    owner = user_id(backend, email)
    contacts = {contact.name: contact for contact in rows(backend, Contact, owner)}
    assert sorted(contacts) == ["Priya Raman", "Tom Okafor"]
    priya = contacts["Priya Raman"]
    assert priya.institution == "Penn Medicine"
    assert priya.version == 1  # the create and its edit went as one write
    encounters = rows(backend, Encounter, owner)
    assert sorted((e.contact_id, e.kind) for e in encounters) == sorted(
        [(priya.id, "introduced"), (contacts["Tom Okafor"].id, "conversation")]
    )
    [followup] = rows(backend, FollowUp, owner)
    assert followup.contact_id == priya.id


def test_a_first_visit_draws_today_before_installing_the_shell_and_still_keeps_the_program_offline(page):
    asked: list[str] = []
    page.context.on("request", lambda request: asked.append(urllib.parse.urlsplit(request.url).path))
    email = f"first.visit.{time.monotonic_ns()}@example.org"
    created = page.request.post(
        "/api/v1/auth/register", data={"email": email, "password": PASSWORD, "name": "First Visit"}
    )
    assert created.ok, created.text()
    page.goto("/")
    page.locator(".counters").wait_for()
    wait_for_service_worker(page)
    assert asked.index("/sw.js") > asked.index("/api/v1/me/goals")  # Today asks for its streak as it is drawn
    page.locator(".card[aria-labelledby=next-title]:not([aria-busy])").wait_for()  # the program is in

    page.context.set_offline(True)
    page.reload()
    tab(page, "Schedule")
    page.locator(".sessions > li").first.wait_for()


def test_a_first_visit_logged_out_leaves_the_console_clean_and_asks_who_is_logged_in_once(page):
    """No 401 from /api/v1/me in the console, and the session's answer preloaded by index.html is the one used."""
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(f"{message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urllib.parse.urlsplit(request.url).path))
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()
    wait_for_service_worker(page)
    page.wait_for_timeout(3500)  # Chromium warns of a preload left unused a few seconds after the load
    assert console == []
    assert asked.count("/api/v1/auth/session") == 1
    assert "/api/v1/me" not in asked


def test_a_first_visit_draws_today_while_the_conference_list_is_still_on_its_way(page):
    """Only what shows the program or names the conference waits for the conference to be chosen."""
    held = []
    page.context.route(re.compile(r"/api/v1/conferences\?"), lambda route: held.append(route))
    asked: list[str] = []
    page.context.on("request", lambda request: asked.append(request.url))
    email = f"slow.list.{time.monotonic_ns()}@example.org"
    created = page.request.post(
        "/api/v1/auth/register", data={"email": email, "password": PASSWORD, "name": "Slow List"}
    )
    assert created.ok, created.text()
    page.goto("/")
    page.locator(".counters").wait_for()
    assert len(held) == 1 and not any("/api/v1/me/goals" in url for url in asked)
    held[0].continue_()
    page.locator(".card[aria-labelledby=next-title]:not([aria-busy])").wait_for()
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('/api/v1/me/goals?conference=apa-2027'))"
    )


def edit_offline_what_the_server_changed(page, backend):
    """Log a contact, change it on the server, edit it offline and go online; returns the contact's sheet."""
    email = register(page)
    wait_for_service_worker(page)
    log_person(page, Taps(), "Jordan Lee", "Stanford", "child psychiatry")
    wait_until_synced(page)
    [contact] = rows(backend, Contact, user_id(backend, email))
    changed = page.request.patch(f"/api/v1/me/contacts/{contact.id}", data={"institution": "Stanford Medicine"})
    assert changed.ok, changed.text()

    page.context.set_offline(True)
    tab(page, "People")
    page.get_by_role("link", name=re.compile("Jordan Lee")).click()
    page.get_by_text("Edit details").click()
    page.get_by_label("Program or institution").fill("Stanford Child Psychiatry")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#status").filter(has_text="1 waiting").wait_for()
    page.context.set_offline(False)  # the browser's "online" event sends the queue
    page.locator("#status").filter(has_text="1 to review").wait_for()
    page.locator("#status").click()
    sheet = page.locator("#sheet")
    sheet.get_by_text("changed on another device").wait_for()
    assert sheet.get_by_role("cell", name="Stanford Medicine").count() == 1
    assert sheet.get_by_role("cell", name="Stanford Child Psychiatry").count() == 1
    return contact, sheet


def test_a_contact_changed_on_the_server_and_edited_offline_is_a_conflict_the_user_resolves(page, backend):
    contact, sheet = edit_offline_what_the_server_changed(page, backend)
    shot(page, "conflict")
    check_accessibility(page, "conflict")
    sheet.get_by_role("button", name="Keep mine").click()
    wait_until_synced(page)
    [stored] = rows(backend, Contact, contact.owner_id)
    assert stored.institution == "Stanford Child Psychiatry"
    assert stored.version == 3


def test_a_conflict_answered_without_the_stored_record_is_still_shown_with_theirs(page, backend):
    """A proxy or an older server may drop `current` from a 412: the phone then reads the record itself."""
    stripped: list[int] = []

    def without_current(route):
        if route.request.method != "PUT":
            return route.fallback()
        response = route.fetch()
        body = response.json()
        if response.status in (409, 412, 428) and body["error"].pop("current", None):
            stripped.append(response.status)
        route.fulfill(response=response, json=body)

    page.context.route(re.compile(r"/api/v1/me/contacts/[^/?]+$"), without_current)
    edit_offline_what_the_server_changed(page, backend)
    assert stripped == [412]


def test_the_app_is_installable(playwright, base_url, tmp_path):
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), **launch_options(), **phone_device(playwright), base_url=base_url
    )
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_service_worker(page)
        errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
        manifest = context.new_cdp_session(page).send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]
    finally:
        context.close()


def test_every_screen_is_accessible_and_photographed(page, backend, playwright):
    page.goto("/")
    page.get_by_role("button", name="Create account").wait_for()
    shot(page, "login")
    check_accessibility(page, "login")
    email = register(page)
    with backend.app_context():
        db.session.scalars(select(User).where(User.email == email)).one().role = "admin"
        db.session.commit()
    page.reload()
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
    page.locator("#settings-link").click()
    page.get_by_label("My 30-second introduction").fill(
        "I'm Sam, a fourth-year student at Rutgers applying to psychiatry. I'm drawn to early psychosis care "
        "in community settings, and I'm looking for programs with strong CSC clinics."
    )
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Saved.").wait_for()
    taps = Taps()
    log_person(page, taps, "Alex Chen", "Yale Psychiatry", "studies early psychosis", follow_up=True)
    wait_until_synced(page)

    def open_session_and_mark_it():
        page.locator(".sessions .what").first.click()
        sheet = page.locator("#sheet")
        sheet.get_by_role("button", name="Star this session").click()
        sheet.get_by_role("button", name="Target speaker").first.click()
        sheet.get_by_role("button", name="Target ✓").wait_for()

    screens = [
        ("schedule", lambda: tab(page, "Schedule")),
        ("session", open_session_and_mark_it),
        ("targets", lambda: (page.keyboard.press("Escape"), tab(page, "Targets"))),
        ("today", lambda: tab(page, "Today")),
        ("met", lambda: page.get_by_role("link", name="I just met someone").click()),
        ("people", lambda: tab(page, "People")),
        ("person", lambda: page.get_by_role("link", name=re.compile("Alex Chen")).click()),
        ("followups", lambda: tab(page, "Follow-ups")),
        ("draft", lambda: page.get_by_role("button", name="Draft").first.click()),
        ("settings", lambda: (page.keyboard.press("Escape"), page.locator("#settings-link").click())),
        ("admin", lambda: page.goto("/#/admin")),
    ]
    for name, open_screen in screens:
        open_screen()
        page.wait_for_load_state("networkidle")
        shot(page, name)
        check_accessibility(page, name)
    page.emulate_media(color_scheme="dark")
    for name, open_screen in (screens[0], screens[3], screens[4]):
        open_screen()
        shot(page, f"{name}-dark")
        check_accessibility(page, f"{name}-dark")


def test_the_shell_fits_its_byte_budget_and_the_schedule_renders_only_what_is_on_screen(page, base_url):
    loaded: dict[str, int] = {}

    def count(response):
        if response.request.resource_type in {"document", "stylesheet", "script", "image", "manifest"}:
            loaded[response.url] = len(response.body())

    page.on("response", count)
    register(page)
    page.remove_listener("response", count)
    assert loaded and sum(loaded.values()) < SHELL_BUDGET, loaded

    tab(page, "Schedule")
    sessions = page.locator(".sessions > li")
    page.locator(".sessions > li").first.wait_for()
    day_total = int(page.locator(".count-line").inner_text().split()[0])
    assert sessions.count() < min(day_total, 100)
    page.get_by_label("Search sessions").fill("psych")
    page.wait_for_function("() => /on all days/.test(document.querySelector('.count-line').textContent)")
    assert sessions.count() <= 30
    page.mouse.wheel(0, 20000)
    page.wait_for_function("() => document.querySelectorAll('.sessions > li').length > 30")


STRICT_CSP = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'"
)


def test_the_app_runs_under_a_strict_content_security_policy(browser, base_url, playwright):
    """No event handler, style attribute or inline block but the shell's own: the app works with `'self'` and
    the digests of the shell's <style> and <script>, which the server's policy names."""
    context = browser.new_context(**phone_device(playwright), base_url=base_url, service_workers="block")

    def with_policy(route):
        response = route.fetch()
        digests = {
            kind: re.search(
                rf"{kind}-src 'self'((?: 'sha256-[\w+/=]+')*);", response.headers["content-security-policy"]
            )
            for kind in ("style", "script")
        }
        policy = STRICT_CSP.format(styles=digests["style"].group(1), scripts=digests["script"].group(1))
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    context.route(re.compile(r"^[^?#]*/(#.*)?$"), with_policy)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    try:
        register(page)
        log_person(page, Taps(), "Casey Ng", "Mayo Clinic", "loves teaching", follow_up=True)
        for name in ("Schedule", "Targets", "People", "Follow-ups"):
            tab(page, name)
        page.locator("#settings-link").click()
        page.get_by_role("heading", name="Profile and goals").wait_for()
        assert page.evaluate("document.querySelectorAll('[style]').length") == 0
        assert refused == []
    finally:
        context.close()


def test_a_linkedin_follow_up_shows_its_connection_note_and_is_marked_done(page, backend):
    email = register(page)
    page.get_by_role("link", name="I just met someone").click()
    page.locator(".screen-met").wait_for()
    page.get_by_label("Name").fill("Dana Whitfield")
    page.get_by_label("Where (optional)").fill("poster hall")
    page.get_by_text("Follow up", exact=True).click()
    page.get_by_label("Follow up by").select_option("linkedin")
    page.get_by_role("button", name="Save").click()
    wait_until_synced(page)
    tab(page, "Follow-ups")
    page.get_by_role("button", name="Note").click()
    note = page.get_by_label("Connection note")
    note.wait_for()
    text = note.input_value()
    assert len(text) <= 300 and "poster hall" in text and "APA Annual Meeting 2027" in text
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Mark Dana Whitfield done").click()
    page.get_by_role("heading", name=re.compile("^Done")).wait_for()
    wait_until_synced(page)
    [followup] = rows(backend, FollowUp, user_id(backend, email))
    assert (followup.action, followup.status) == ("linkedin", "done")


#: Visible controls smaller than 44x44 CSS pixels (checkboxes and radios count by their labels).
def test_every_screen_fits_a_360_pixel_phone(browser, base_url, playwright):
    context = browser.new_context(
        **{**phone_device(playwright), "viewport": {"width": 360, "height": 740}}, base_url=base_url
    )
    page = context.new_page()
    try:
        register(page)
        log_person(
            page,
            Taps(),
            "Robin Castellanos-Whitaker",
            "University of Texas Southwestern Medical Center",
            "x",
            follow_up=True,
        )
        for name in ("Today", "Schedule", "Targets", "People", "Follow-ups"):
            tab(page, name)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
            assert page.evaluate(SMALL_TARGETS) == [], name
        page.locator("#settings-link").click()
        page.get_by_role("heading", name="Profile and goals").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.evaluate(SMALL_TARGETS) == []
    finally:
        context.close()


def test_settings_subscribe_to_the_calendar_and_opt_out_of_the_summary(page, backend):
    email = register(page)
    page.locator("#settings-link").click()
    page.get_by_role("button", name="Get my calendar link").click()
    subscribe = page.get_by_role("link", name="Subscribe in Calendar")
    subscribe.wait_for()
    assert subscribe.get_attribute("href").startswith("webcal://")
    assert page.get_by_text("Google Calendar only every several hours").count() == 1
    page.get_by_label("Don’t send me the summary").check()
    page.locator(".note", has_text="Saved.").wait_for()
    with backend.app_context():
        assert db.session.scalars(select(User.summary_opt_out).where(User.email == email)).one() is True


def other_device(browser, base_url, email, password=PASSWORD):
    """A second device's API client with its own cookie; returns it and the status of its login."""
    context = browser.new_context(base_url=base_url)
    answer = context.request.post("/api/v1/auth/login", data={"email": email, "password": password})
    return context, answer.status


def open_settings(page):
    page.locator("#settings-link").click()
    page.locator("#view > .screen-settings").wait_for()


def test_changing_the_password_lets_the_new_one_log_in_and_not_the_old(page, browser, base_url):
    email = register(page)
    open_settings(page)
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Password changed").wait_for()
    for password, status in ((PASSWORD, 401), ("a brand new passphrase", 200)):
        device, answer = other_device(browser, base_url, email, password)
        device.close()
        assert answer == status


def test_the_sessions_list_shows_this_device_and_log_out_everywhere_else_ends_the_other(page, browser, base_url):
    email = register(page)
    laptop, status = other_device(browser, base_url, email)
    assert status == 200
    open_settings(page)
    devices = page.get_by_role("region", name="Signed-in devices")
    devices.get_by_role("button", name="Show devices").click()
    devices.get_by_text("This device").wait_for()
    assert devices.locator("li").count() == 2
    page.once("dialog", lambda dialog: dialog.accept())
    devices.get_by_role("button", name="Log out everywhere else").click()
    devices.get_by_text("Every other device is logged out.").wait_for()
    assert devices.locator("li").count() == 1
    assert laptop.request.get("/api/v1/me").status == 401
    laptop.close()


def test_export_downloads_a_json_document_with_the_users_records(page):
    email = register(page)
    log_person(page, Taps(), "Ada Okafor", "Mass General", "Runs the sleep clinic")
    wait_until_synced(page)
    open_settings(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export everything (JSON)").click()
    document = json.loads(Path(download.value.path()).read_text())
    assert document["profile"]["email"] == email
    assert "Ada Okafor" in json.dumps(document["records"])


def test_deleting_the_account_signs_out_and_its_login_fails(page, browser, base_url, backend):
    email = register(page)
    open_settings(page)
    page.once("dialog", lambda dialog: dialog.accept(PASSWORD))
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_role("button", name="Create account").wait_for()
    device, status = other_device(browser, base_url, email)
    device.close()
    assert status == 401
    assert user_id(backend, email) is None


def test_the_admin_import_previews_counts_without_writing_and_then_imports(page, backend):
    email = register(page)
    with backend.app_context():
        db.session.execute(User.__table__.update().where(User.email == email).values(role="admin"))
        db.session.commit()
    program = io.StringIO()
    generate(program, sessions=12)
    with backend.app_context():
        before = db.session.scalar(select(func.count(Session.id)))
    page.goto("/#/admin")
    page.reload()  # the app learns the new role from the server
    page.get_by_label("Conference (short name in links)").fill("preview-2027")
    page.get_by_label("Conference name (first import)").fill("Preview Meeting 2027")
    page.get_by_label("Time zone (when the file states none)").fill("America/Chicago")
    page.get_by_label("Program file").set_input_files(
        {"name": "program.csv", "mimeType": "text/csv", "buffer": program.getvalue().encode()}
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("12 created").wait_for()
    page.get_by_role("heading", name=re.compile("Preview")).wait_for()
    with backend.app_context():
        assert db.session.scalar(select(func.count(Session.id))) == before
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Imported").wait_for()
    with backend.app_context():
        assert db.session.scalar(select(func.count(Session.id))) == before + 12


def api_user(browser, base_url, name="Dana Mentee"):
    """A user registered through the API on a device of their own; returns the device and the email."""
    email = f"{re.sub(r'[^a-z]', '', name.lower())}.{time.monotonic_ns()}@example.org"
    device = browser.new_context(base_url=base_url)
    answer = device.request.post("/api/v1/auth/register", data={"name": name, "email": email, "password": PASSWORD})
    assert answer.ok, answer.text()
    return device, email


def emailed_summary(backend, base_url, email):
    """Queue the user's summary of the program's conference and deliver it to a real SMTP server; the message."""
    server = SmtpServer().start()
    saved = {key: backend.config[key] for key in ("PUBLIC_BASE_URL", "MAIL_SERVER", "MAIL_PORT")}
    backend.config.update(PUBLIC_BASE_URL=base_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    try:
        with backend.app_context():
            user = db.session.scalars(select(User).where(User.email == email)).one()
            queue_summary(user, db.session.scalars(select(Conference).where(Conference.slug == "apa-2027")).one())
            db.session.commit()
            assert deliver_due().sent == 1
        [message] = server.sink.messages()
        return message
    finally:
        backend.config.update(saved)
        server.stop()


def test_the_draft_link_of_the_summary_email_opens_the_draft_in_the_app_also_after_logging_in(
    page, browser, base_url, backend
):
    device, email = api_user(browser, base_url)
    mentor = put_record(device, "contacts", name="Dr. Ruth Okonkwo", role="faculty", email="r.okonkwo@example.edu")
    update = put_record(device, "followups", contact_id=mentor["id"], action="mentor_update")
    device.close()
    message = emailed_summary(backend, base_url, email)
    html = message.get_body(("html",)).get_content()
    [link] = re.findall(r'<a href="([^"]+)"[^>]*>Open the draft</a>', html)
    assert link == f"{base_url}/#/followups/{update['id']}/draft"
    assert f"Draft: {link}" in message.get_body(("plain",)).get_content()

    page.goto(link)  # a phone that is not logged in: log in first, then the draft
    page.get_by_role("button", name="Have an account? Log in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    sheet = page.locator("#sheet")
    sheet.get_by_role("heading", name="Email draft").wait_for()
    assert "Okonkwo" in sheet.get_by_label("Body").input_value()
    assert page.locator("#view > .screen-followups").count() == 1

    page.keyboard.press("Escape")
    page.goto(f"{base_url}/#/today")
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
    page.goto(link)  # logged in: straight to the draft
    sheet.get_by_role("heading", name="Email draft").wait_for()
    assert "Okonkwo" in sheet.get_by_label("Body").input_value()


def test_a_renamed_contacts_followup_shows_the_new_name_and_due_times_name_the_users_zone(
    browser, base_url, playwright
):
    context = browser.new_context(**phone_device(playwright), base_url=base_url, timezone_id="America/Chicago")
    page = context.new_page()
    try:
        register(page)
        log_person(page, Taps(), "Priya Raman", "Emory", "runs the early psychosis clinic", follow_up=True)
        wait_until_synced(page)
        tab(page, "People")
        page.get_by_role("link", name=re.compile("Priya Raman")).click()
        page.locator(".screen-person").wait_for()
        page.get_by_text("Edit details").click()
        page.get_by_label("Name").fill("Priya Raman-Iyer")
        page.get_by_role("button", name="Save changes").click()
        wait_until_synced(page)
        tab(page, "Follow-ups")
        item = page.locator(".followup").first
        assert item.locator(".item-title").inner_text() == "Email Priya Raman-Iyer"
        assert re.search(r"^Due .+ C[SD]T$", item.locator(".meta").inner_text())
        [stored] = page.request.get("/api/v1/me/followups").json()["items"]
        assert stored["title"] == "Email Priya Raman-Iyer"
        # Marked done from the phone, it still follows the contact's name (the shown title is not sent back).
        page.get_by_role("button", name="Mark Priya Raman-Iyer done").click()
        page.get_by_role("heading", name=re.compile("^Done")).wait_for()
        wait_until_synced(page)
        [done] = page.request.get("/api/v1/me/followups").json()["items"]
        assert (done["status"], done["title_is_default"]) == ("done", True)
    finally:
        context.close()


def test_settings_show_no_stray_text_for_a_user_who_is_not_an_admin(page):
    register(page)
    open_settings(page)
    page.get_by_role("heading", name="Your data").wait_for()
    assert not re.search(r"\bnull\b", page.locator("#view").inner_text())


def _listed_slugs(base_url) -> set[str]:
    """The conference slugs the server lists now."""
    with urllib.request.urlopen(f"{base_url}/api/v1/conferences?per_page=200") as answer:
        return {conference["slug"] for conference in json.load(answer)["items"]}


@pytest.fixture
def conferences_around(backend, base_url):
    """Four more conferences in 2030, one starting last in November; removed afterwards.

    The server keeps the list of conferences for up to PROGRAM_FACTS_SECONDS: the fixture waits until it lists them.
    """
    dates = {
        "may": ("2030-05-01", "2030-05-05"),
        "june": ("2030-06-08", "2030-06-12"),
        "september": ("2030-09-20", "2030-09-24"),
        "november": ("2030-11-02", "2030-11-06"),
    }
    with backend.app_context():
        for month, (starts_on, ends_on) in dates.items():
            db.session.add(
                Conference(
                    slug=f"meeting-{month}-2030",
                    name=f"Meeting {month} 2030",
                    timezone="America/Denver",
                    starts_on=date.fromisoformat(starts_on),
                    ends_on=date.fromisoformat(ends_on),
                )
            )
        db.session.commit()
    added = {f"meeting-{month}-2030" for month in dates}
    deadline = time.monotonic() + 10
    while not added <= _listed_slugs(base_url):
        assert time.monotonic() < deadline, "the server never listed the new conferences"
        time.sleep(0.1)
    yield
    with backend.app_context():
        db.session.execute(delete(Conference).where(Conference.slug.like("meeting-%-2030")))
        db.session.commit()


#: A moment, and the conference the app should open then.
CHOICES = [
    ("2030-06-12T23:30:00-06:00", "meeting-june-2030"),  # on now: its last evening, in its own zone
    ("2030-06-13T08:00:00-06:00", "meeting-september-2030"),  # the next one, not the one starting last
    ("2031-01-15T12:00:00-07:00", "meeting-november-2030"),  # all over: the one that ended last
]


def test_the_app_opens_the_conference_on_now_else_the_next_else_the_latest(
    browser, base_url, playwright, conferences_around
):
    chosen = {}
    for now, _ in CHOICES:
        context = browser.new_context(**phone_device(playwright), base_url=base_url)
        page = context.new_page()
        try:
            page.clock.set_fixed_time(datetime.fromisoformat(now))
            register(page)
            open_settings(page)
            chosen[now] = page.get_by_label("Show the program of").input_value()
        finally:
            context.close()
    assert chosen == dict(CHOICES)


def options(page, name) -> list[list[str]]:
    """A select's choices on the screen as [value, label] pairs."""
    return page.locator(f"#view select[name={name}] option").evaluate_all(
        "els => els.map(o => [o.value, o.textContent])"
    )


def served(name) -> list[list[str]]:
    """A word list as the server defines it, as [value, label] pairs."""
    return [[word["value"], word["label"]] for word in word_lists()[name]]


def open_met(page):
    page.get_by_role("link", name="I just met someone").click()
    page.locator("#view > .screen-met").wait_for()


def test_the_met_screen_offers_the_servers_roles_and_actions_also_offline_after_the_first_load(page):
    register(page)
    wait_for_service_worker(page)
    page.context.set_offline(True)
    page.reload()  # the shell and the word lists from the service worker
    open_met(page)
    assert options(page, "role") == served("contact_roles")
    assert options(page, "action") == served("followup_actions")
    kinds = page.locator("#view fieldset.choices input").evaluate_all(
        "els => els.map(i => [i.value, i.labels[0].textContent])"
    )
    assert kinds == served("encounter_kinds")


def test_the_app_shows_the_word_lists_and_default_titles_the_api_serves(browser, base_url, playwright):
    """Lists changed on the server (here in transit) change the app: it keeps no copy of its own."""
    context = browser.new_context(**phone_device(playwright), base_url=base_url, service_workers="block")

    def relabelled(route):
        answer = route.fetch()
        lists = answer.json()
        for word in lists["contact_roles"]:
            word["label"] = word["label"].upper()
        for word in lists["followup_actions"]:
            word["default_title"] = "Write to {name}" if word["value"] == "email" else word["default_title"]
        route.fulfill(response=answer, json=lists)

    context.route("**/api/v1/meta", relabelled)
    page = context.new_page()
    try:
        register(page)
        open_met(page)
        assert options(page, "role") == [[value, label.upper()] for value, label in served("contact_roles")]
        page.get_by_label("Name").fill("Alex Chen")
        page.get_by_text("Follow up", exact=True).click()
        page.get_by_role("button", name="Save").click()
        page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
        tab(page, "Follow-ups")
        assert page.locator(".followup .item-title").first.inner_text() == "Write to Alex Chen"
    finally:
        context.close()


def test_a_screen_that_needs_the_word_lists_says_so_when_they_cannot_be_loaded(browser, base_url, playwright):
    context = browser.new_context(**phone_device(playwright), base_url=base_url, service_workers="block")
    context.route("**/api/v1/meta", lambda route: route.abort())
    page = context.new_page()
    try:
        register(page)
        open_met(page)
        page.locator("#view").get_by_text("needs a connection").wait_for()
        tab(page, "Today")  # the app goes on
    finally:
        context.close()
