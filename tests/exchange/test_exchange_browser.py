"""Cards in the phone app, in real Chromium: a QR scanned through the fake camera fills Met someone (saved only on
Save), My card shows offline, and the downloads are offered. Skipped without Chromium, like tests/test_pwa.py."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from conference.accounts.models import User
from conference.exchange.qr import qr_png
from conference.extensions import db
from conference.people.models import Contact
from tests.support.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    check_accessibility,
    phone_device,
    register,
    shot,
    sync_api,
    wait_for_service_worker,
)
from tests.support.y4m import still_video

# The base_url (gunicorn) and backend fixtures of the app's browser tests.


def _card_owner(playwright, base_url) -> tuple[bytes, str]:
    """Someone else's account with a filled-in card; returns the PNG of its QR code and the email."""
    device = playwright.request.new_context(base_url=base_url)
    email = f"rivera.{time.monotonic_ns()}@example.org"
    answer = device.post("/api/v1/auth/register", data={"name": "Maria Rivera", "email": email, "password": PASSWORD})
    assert answer.ok, answer.text()
    profile = {
        "credentials": "MD",
        "institution": "Yale University",
        "phone": "+1 203 555 0100",
        "card_fields": ["name", "credentials", "institution", "email", "phone"],
    }
    assert device.patch("/api/v1/me", data=profile).ok
    png = device.get("/api/v1/me/card.png").body()
    device.dispose()
    return png, email


def _contacts_of(backend, email) -> list[Contact]:
    """The live contacts the server holds for a user."""
    with backend.app_context():
        owner = db.session.scalars(select(User.id).where(User.email == email)).one()
        return db.session.scalars(select(Contact).where(Contact.owner_id == owner)).all()


def _filming(playwright, base_url, tmp_path, png: bytes):
    """Chromium whose camera films the PNG, and a phone context allowed to use it."""
    video = tmp_path / "code.y4m"
    video.write_bytes(still_video(png))
    camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + camera)
    context = browser.new_context(**phone_device(playwright), base_url=base_url)
    context.grant_permissions(["camera"], origin=base_url)
    return browser, context


def test_a_qr_code_scanned_through_the_camera_fills_met_someone_and_saves_only_on_save(
    playwright, base_url, backend, tmp_path
):
    png, scanned_email = _card_owner(playwright, base_url)
    browser, context = _filming(playwright, base_url, tmp_path, png)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        email = register(page)
        page.goto("/#/met")
        page.get_by_role("link", name="Scan their card").click()
        try:  # back on the form, naming the card read: the scan screen may come and go before a check could see it
            page.locator("#view > .screen-met .hint", has_text=scanned_email).wait_for(timeout=30000)
        except sync_api.TimeoutError:
            pytest.fail(f"the scan did not finish; the page says: {page.locator('#view').inner_text()!r}")
        assert page.get_by_label("Name").input_value() == "Maria Rivera"
        assert page.get_by_label("Program or institution").input_value() == "Yale University"
        assert scanned_email in page.locator("#view .hint").first.inner_text()
        assert page.get_by_label("Phone").input_value() == "+1 203 555 0100"
        assert _contacts_of(backend, email) == []  # nothing saved before Save
        page.get_by_role("button", name="Save").click()
        page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
        page.wait_for_function("() => document.getElementById('status').hidden", timeout=15000)
        (saved,) = _contacts_of(backend, email)
        assert (saved.name, saved.email, saved.institution) == ("Maria Rivera", scanned_email, "Yale University")
        assert saved.phone == "+1 203 555 0100" and "0100" not in saved.notes  # a field now, not a note
        page.goto(f"/#/person/{saved.id}")
        add = page.get_by_role("link", name="Add to phone contacts")
        assert add.get_attribute("href") == f"/api/v1/me/contacts/{saved.id}.vcf"
        assert "FN:Maria Rivera" in page.request.get(add.get_attribute("href")).text()
        assert not errors, errors
    finally:
        browser.close()


def test_my_card_shows_its_qr_offline_and_settings_offer_the_downloads(browser, playwright, base_url):
    context = browser.new_context(**phone_device(playwright), base_url=base_url)
    try:
        page = context.new_page()
        register(page, name="Dana Mentee")
        page.goto("/#/card")
        page.locator("#view .qr svg").wait_for()
        assert "Dana Mentee" in page.locator("#view .qr-who").inner_text()
        before = page.locator("#view .qr").inner_html()
        inside = page.evaluate("""() => { const box = document.querySelector('#view .qr').getBoundingClientRect();
            const svg = document.querySelector('#view .qr svg'), code = svg.getBoundingClientRect();
            // Scaled to its box only through a viewBox; without one the drawing is cut at the box's edge.
            return svg.viewBox.baseVal?.width > 0 && code.left >= box.left && code.right <= box.right
              && code.width > 0.8 * box.width; }""")
        assert inside, "the QR code, quiet zone included, is drawn whole across the card"
        shot(page, "card")
        page.get_by_role("button", name="Show full screen").click()
        full = page.evaluate("""() => { const box = document.querySelector('#view .qr').getBoundingClientRect();
            const code = document.querySelector('#view .qr svg').getBoundingClientRect();
            // What a finger or camera meets where the top bar and the tab bar are drawn: the code's white, nothing else.
            const over = [[innerWidth / 2, 4], [innerWidth / 2, innerHeight - 4], [innerWidth - 30, innerHeight - 120]]
              .every(([x, y]) => document.elementFromPoint(x, y)?.closest('.qr') !== null);
            return { over, whole: box.left <= 0 && box.top <= 0 && box.right >= innerWidth && box.bottom >= innerHeight,
              side: code.width / Math.min(innerWidth, innerHeight), fits: code.bottom <= innerHeight && code.right <= innerWidth }; }""")
        assert full == {"over": True, "whole": True, "side": full["side"], "fits": True}, full
        assert full["side"] > 0.9, "the code is as wide as the screen allows"
        shot(page, "card-full")
        page.locator("#view .qr").click()
        assert page.evaluate("() => document.elementFromPoint(innerWidth / 2, 4).closest('.qr')") is None
        page.get_by_text("Edit my card").click()
        page.get_by_role("textbox", name="Credentials").fill("MD")
        page.get_by_role("textbox", name="Pronouns").fill("they/them")
        page.get_by_role("checkbox", name="Pronouns").check()
        page.get_by_role("button", name="Save card").click()
        page.wait_for_function("() => /MD/.test(document.querySelector('#view .qr-who').textContent)")
        assert page.locator("#view .qr").inner_html() != before  # the code shown is the new card's
        assert "X-PRONOUNS:they/them" in page.request.get("/api/v1/me/card.vcf").text()
        check_accessibility(page, "card")
        shot(page, "card-edit")
        wait_for_service_worker(page)
        context.set_offline(True)
        page.reload()
        page.goto("/#/card")
        page.locator("#view .qr svg").wait_for()
        assert "Offline" in page.locator("#view .note").first.inner_text()
        context.set_offline(False)
        page.goto("/#/settings")
        page.locator("#view > .screen-settings a[download]").first.wait_for()
        links = page.locator("#view a[download]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert links == [
            "/api/v1/me/contacts.vcf",
            "/api/v1/me/contacts.csv?format=google",
            "/api/v1/me/contacts.csv?format=outlook",
        ]
        with page.expect_download() as download:
            page.get_by_role("link", name="Contacts for Google Contacts (CSV)").click()
        assert download.value.suggested_filename.startswith("contacts-google-")
    finally:
        context.close()


def test_a_photo_of_a_qr_code_fills_met_someone_when_there_is_no_camera(browser, playwright, base_url):
    png, scanned_email = _card_owner(playwright, base_url)
    context = browser.new_context(**phone_device(playwright), base_url=base_url)
    try:
        page = context.new_page()
        register(page)
        page.goto("/#/scan")
        page.get_by_text("use a photo of the code instead").wait_for()  # no camera in this browser
        page.locator("#scan-photo").set_input_files(
            files=[{"name": "badge.png", "mimeType": "image/png", "buffer": png}]
        )
        page.locator("#view > .screen-met").wait_for(timeout=20000)
        assert page.get_by_label("Name").input_value() == "Maria Rivera"
        assert scanned_email in page.locator("#view .hint").first.inner_text()
        assert page.get_by_label("Phone").input_value() == "+1 203 555 0100"
    finally:
        context.close()


def test_a_qr_code_that_is_not_a_card_is_named_and_the_camera_goes_on(playwright, base_url, tmp_path):
    browser, context = _filming(playwright, base_url, tmp_path, qr_png("WIFI:S:Congress Hall;T:WPA;P:secret;;"))
    try:
        page = context.new_page()
        asked = []
        page.on("request", lambda request: asked.append(request.url) if "from-card" in request.url else None)
        register(page)
        page.goto("/#/scan")
        status = page.get_by_role("status")
        status.filter(has_text="This is not a contact card").wait_for(timeout=30000)
        assert "Try another code." in status.inner_text()
        page.wait_for_timeout(1500)  # a few more frames of the same code
        assert len(asked) == 1, "the code refused is not sent again"
        assert (
            page.evaluate("() => document.querySelector('.scan-video').srcObject.getTracks()[0].readyState") == "live"
        )
        assert "#/scan" in page.url
    finally:
        browser.close()
