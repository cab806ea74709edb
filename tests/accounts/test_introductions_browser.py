"""Today shows the short introduction, with the longer one a tap away; both are written in Settings (Chromium)."""

from __future__ import annotations

from tests.support.browser import (
    check_accessibility,
    register,
    tab,
)

SHORT = "I'm Sam, a Rutgers student applying to psychiatry, drawn to early psychosis care."
LONG = (
    "I'm Sam, a fourth-year student at Rutgers applying to psychiatry. I'm drawn to early psychosis care in "
    "community settings, and I'm looking for programs with strong CSC clinics and time for research."
)


def test_today_shows_the_short_introduction_and_opens_the_long_one(page):
    register(page)
    page.locator("#settings-link").click()
    page.get_by_label("My short introduction").fill(SHORT)
    page.get_by_label("My 30-second introduction").fill(LONG)
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Saved.").wait_for()
    tab(page, "Today")
    intro = page.locator(".card.intro")
    intro.get_by_text(SHORT).wait_for()
    assert not intro.get_by_text(LONG).is_visible()
    intro.get_by_text("The longer version").click()
    intro.get_by_text(LONG).wait_for(state="visible")
    check_accessibility(page, "today with both introductions")
    page.reload()
    page.locator(".card.intro").get_by_text(SHORT).wait_for()
