"""The Board of advisors in the phone app, in real Chromium at 360 px: empty seats, assigning one offline, and a
person's seats and cadence edited on their page. Skipped without Chromium, like tests/app/test_pwa.py."""

from __future__ import annotations

import re
import uuid

import pytest

from conference.people.models import Contact
from tests.support.browser import (
    SMALL_TARGETS,
    Taps,
    check_accessibility,
    log_person,
    phone_device,
    register,
    rows,
    shot,
    tab,
    user_id,
    wait_until_synced,
)


@pytest.fixture
def small_phone(browser, base_url, playwright):
    """A fresh 360-pixel phone on the app; uncaught page errors fail the test."""
    context = browser.new_context(
        **{**phone_device(playwright), "viewport": {"width": 360, "height": 740}}, base_url=base_url
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def open_board(page):
    """Open the board from People."""
    tab(page, "People")
    page.get_by_role("link", name="Board of advisors").click()
    page.locator("#view > .screen-board").wait_for()


def test_the_board_shows_empty_seats_and_a_seat_given_offline_reaches_the_server(small_phone, backend):
    page = small_phone
    email = register(page)
    log_person(page, Taps(), "Priya Nair", "Yale Psychiatry", "asked about early psychosis research")
    wait_until_synced(page)
    open_board(page)
    board = page.locator("#view > .screen-board")
    for empty in ("No clinical mentor yet.", "No research mentor yet.", "No near-peer mentor yet."):
        board.get_by_text(empty).wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate(SMALL_TARGETS) == []
    shot(page, "board-empty")
    check_accessibility(page, "board with empty seats")

    page.context.set_offline(True)
    seat = board.get_by_role("region", name="Research mentor")
    seat.get_by_label("Give the research mentor seat to").select_option(label="Priya Nair")
    seat.get_by_role("button", name="Assign").click()
    seat.get_by_text("Priya Nair").wait_for()
    seat.get_by_text("Next update due").wait_for()
    board.get_by_text("No clinical mentor yet.").wait_for()
    check_accessibility(page, "board with a research mentor")
    page.context.set_offline(False)
    wait_until_synced(page)
    [nair] = rows(backend, Contact, user_id(backend, email))
    assert nair.advisor_roles == ["research_mentor"]


def test_a_persons_page_edits_their_seats_introducer_and_cadence(small_phone, backend):
    page = small_phone
    email = register(page)
    taps = Taps()
    log_person(page, taps, "Priya Nair", "Yale Psychiatry", "asked about research")
    log_person(page, taps, "Ana Lee", "Yale Psychiatry", "PGY-2, loves the CSC clinic")
    wait_until_synced(page)
    tab(page, "People")
    page.get_by_role("link", name="Ana Lee").click()
    page.get_by_text("Edit details").click()
    page.get_by_label("Near-peer mentor").check()
    page.get_by_label("Introduced by").select_option(label="Priya Nair")
    page.get_by_label("Updates").select_option(label="Every 4 months")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check_accessibility(page, "person with board fields")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#toast").get_by_text("Saved").wait_for()
    wait_until_synced(page)
    people = {contact.name: contact for contact in rows(backend, Contact, user_id(backend, email))}
    lee = people["Ana Lee"]
    assert (lee.advisor_roles, lee.introduced_by_id, lee.update_every_months) == (
        ["near_peer"],
        people["Priya Nair"].id,
        4,
    )
    open_board(page)
    seat = page.locator("#view > .screen-board").get_by_role("region", name="Near-peer mentor")
    seat.get_by_text("every 4 months").wait_for()


def test_a_mentor_update_that_fell_due_is_on_today_once_and_opens_its_draft(small_phone):
    page = small_phone
    register(page)
    contact_id, encounter_id = uuid.uuid4(), uuid.uuid4()
    api = page.request  # the phone's own login
    mentor = {"name": "Dr. Priya Nair", "advisor_roles": ["clinical_mentor"]}
    assert api.put(f"/api/v1/me/contacts/{contact_id}", data=mentor).ok
    met = {"contact_id": str(contact_id), "occurred_at": "2025-01-31T20:00:00Z", "kind": "conversation"}
    assert api.put(f"/api/v1/me/encounters/{encounter_id}", data=met).ok
    page.reload()
    wait_until_synced(page)
    card = page.get_by_role("region", name="Mentor updates due")
    card.get_by_role("link", name=re.compile("Update Dr. Priya Nair")).wait_for()
    page.reload()
    wait_until_synced(page)
    assert card.get_by_role("link").filter(has_text="Update Dr. Priya Nair").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check_accessibility(page, "today with a mentor update due")
    card.get_by_role("link", name=re.compile("Update Dr. Priya Nair")).click()
    page.locator("#sheet").get_by_text("A short update").wait_for()
