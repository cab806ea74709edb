"""Letters and milestones in the phone app: one tap per step offline, replayed once; milestones; the signature in Settings."""

from __future__ import annotations

import time

from conference.letters.models import Letter
from conference.milestones.models import Milestone
from tests.support.browser import (
    PASSWORD,
    SMALL_TARGETS,
    Taps,
    check_accessibility,
    log_person,
    phone_device,
    put_record,
    register,
    rows,
    tab,
    user_id,
    wait_for_service_worker,
    wait_until_synced,
)

#: The phone's database as the app made it before letters and milestones (version 1), having synced up to `cursor`.
OLD_PHONE = """async ([user, cursor]) => new Promise((resolve, reject) => {
  const request = indexedDB.open("conference", 1);
  request.onupgradeneeded = () => {
    const database = request.result;
    for (const kind of ["contacts", "encounters", "followups", "targets"]) database.createObjectStore(kind, { keyPath: "id" });
    database.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
    database.createObjectStore("conflicts", { keyPath: "seq", autoIncrement: true });
    database.createObjectStore("meta");
  };
  request.onsuccess = () => {
    const database = request.result;
    const tx = database.transaction("meta", "readwrite");
    tx.objectStore("meta").put(user, "user");
    tx.objectStore("meta").put(cursor, "cursor");
    tx.oncomplete = () => { database.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
  request.onerror = () => reject(request.error);
})"""


def stored_when(page, check, seconds=15) -> bool:
    """Whether `check()` (of what the server stored) holds within some seconds: the queue is sent in the background."""
    for _ in range(seconds * 5):
        if check():
            return True
        page.wait_for_timeout(200)
    return check()


def open_long_game(page):
    """Open Letters and milestones from the People screen, once synced (records arriving redraw it, forms too)."""
    wait_until_synced(page)
    tab(page, "People")
    page.get_by_role("link", name="Letters and milestones").click()
    page.locator("#view > .screen-longgame").wait_for()
    wait_until_synced(page)


def test_a_letter_taken_through_its_steps_offline_reaches_the_server_once_at_its_last_status(page, backend):
    email = register(page)
    log_person(page, Taps(), "Dr. Ana Lee", "Riverside Psychiatry", "supervised my rotation")
    wait_until_synced(page)
    wait_for_service_worker(page)
    open_long_game(page)
    check_accessibility(page, "letters and milestones, empty")
    page.context.set_offline(True)
    page.get_by_label("Who writes it").select_option(label="Dr. Ana Lee")
    page.get_by_label("Due date").fill("2099-03-03")
    page.get_by_role("button", name="Add letter").click()
    letter = page.locator(".letter", has_text="Dr. Ana Lee")
    letter.get_by_text("Waiting to sync").wait_for()
    for step in ("agreed", "materials sent", "submitted"):
        button = page.get_by_role("button", name=f"Mark the letter from Dr. Ana Lee {step}")
        button.click()
        button.wait_for(state="detached")
    letter.locator(".pill", has_text="Submitted").wait_for()
    page.locator("#status").filter(has_text="Offline").wait_for()
    assert "1 waiting" in page.locator("#status").inner_text()  # the steps joined the create still waiting

    page.context.set_offline(False)  # the browser's "online" event sends the queue
    wait_until_synced(page)  # "Offline · 1 waiting" until the queue is sent
    owner = user_id(backend, email)
    [stored] = rows(backend, Letter, owner)
    assert (stored.status, stored.version, stored.materials) == (
        "submitted",
        1,
        ["cv", "personal_statement", "bullet_list"],
    )
    # The server's follow-up for the step reached the phone, and the letter shows it as what comes next.
    page.get_by_role("link", name="Next: Thank you for the letter").wait_for()
    page.get_by_role("button", name="Mark the letter from Dr. Ana Lee thanked").click()
    page.locator(".letter .pill", has_text="Thanked").wait_for()
    assert stored_when(page, lambda: rows(backend, Letter, owner)[0].status == "thanked")
    assert rows(backend, Letter, owner)[0].version == 2
    check_accessibility(page, "letters and milestones")


def test_milestones_are_added_and_edited_and_notes_stay_private(page, backend):
    email = register(page)
    page.goto("/#/longgame")
    page.locator("#view > .screen-longgame").wait_for()
    wait_until_synced(page)  # a sync that brings records redraws the screen, and the form with it
    page.get_by_label("Kind").select_option(label="Poster")
    page.get_by_label("Title", exact=True).fill("Early psychosis in rural clinics")
    page.get_by_label("Date", exact=True).fill("2099-05-17")
    page.get_by_label("Notes").fill("Ask Dr. Lee about the follow-up study")
    page.get_by_role("button", name="Add milestone").click()
    page.locator(".milestone", has_text="Early psychosis in rural clinics").wait_for()
    wait_until_synced(page)
    page.get_by_role("button", name="Edit Early psychosis in rural clinics").click()
    sheet = page.locator("#sheet")
    sheet.get_by_label("Kind").select_option(label="Presentation")
    check_accessibility(page, "edit a milestone")
    sheet.get_by_role("button", name="Save milestone").click()
    page.locator(".milestone", has_text="Presentation").wait_for()
    owner = user_id(backend, email)
    assert stored_when(page, lambda: rows(backend, Milestone, owner)[0].kind == "presentation")
    [stored] = rows(backend, Milestone, owner)
    assert (stored.kind, stored.title, str(stored.happened_on), stored.version) == (
        "presentation",
        "Early psychosis in rural clinics",
        "2099-05-17",
        2,
    )
    assert stored.notes == "Ask Dr. Lee about the follow-up study"


def test_settings_edit_the_cv_link_and_what_the_signature_shows_with_a_preview(page, backend):
    email = register(page)
    page.locator("#settings-link").click()
    page.get_by_role("heading", name="Signature").wait_for()
    preview = page.locator(".signature")
    assert preview.inner_text() == f"Sam Patel\n{email}"
    page.get_by_label("Link to my CV").fill("https://example.org/cv.pdf")
    page.get_by_text("CV link", exact=True).click()
    page.get_by_text("Email", exact=True).click()
    assert preview.inner_text() == "Sam Patel\nhttps://example.org/cv.pdf"
    check_accessibility(page, "settings with the signature")
    page.get_by_role("button", name="Save signature").click()
    page.locator(".note", has_text="Saved.").wait_for()
    me = page.request.get("/api/v1/me").json()
    assert (me["cv_url"], me["signature_fields"]) == ("https://example.org/cv.pdf", ["cv_url"])
    page.get_by_role("link", name="Letters and milestones").click()
    page.locator("#view > .screen-longgame").wait_for()


def test_letters_and_milestones_and_the_signature_fit_a_360_pixel_phone(browser, base_url, playwright):
    context = browser.new_context(
        **{**phone_device(playwright), "viewport": {"width": 360, "height": 740}}, base_url=base_url
    )
    page = context.new_page()
    try:
        register(page)
        log_person(
            page, Taps(), "Dr. Robin Castellanos-Whitaker", "University of Texas Southwestern Medical Center", "x"
        )
        open_long_game(page)
        page.get_by_label("Who writes it").select_option(label="Dr. Robin Castellanos-Whitaker")
        page.get_by_role("button", name="Add letter").click()
        page.locator(".letter").wait_for()
        wait_until_synced(page)
        page.get_by_label("Title", exact=True).fill("Step 3 passed on the first attempt with a long title to wrap")
        page.get_by_role("button", name="Add milestone").click()
        page.locator(".milestone").wait_for()
        wait_until_synced(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.evaluate(SMALL_TARGETS) == []
        page.locator("#settings-link").click()
        page.get_by_role("heading", name="Signature").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.evaluate(SMALL_TARGETS) == []
    finally:
        context.close()


def test_a_phone_from_before_letters_reads_the_changes_feed_again_and_shows_the_letters_it_skipped(page):
    answer = page.context.request.post(
        "/api/v1/auth/register",
        data={"name": "Sam Patel", "email": f"sam.{time.monotonic_ns()}@example.org", "password": PASSWORD},
    )
    assert answer.ok, answer.text()
    contact = put_record(page.context, "contacts", name="Dr. Ana Lee")
    put_record(page.context, "letters", contact_id=contact["id"], due_at="2099-03-03T17:00:00Z")
    cursor = page.context.request.get("/api/v1/me/changes").json()["cursor"]
    page.goto("/manifest.webmanifest")  # the app's origin, without the app
    page.evaluate(OLD_PHONE, [answer.json(), cursor])
    page.goto("/#/longgame")
    page.locator(".letter", has_text="Dr. Ana Lee").wait_for()
