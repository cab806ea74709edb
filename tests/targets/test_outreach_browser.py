"""From a target to a reply in the app (Chromium): edit why, "Ask for 10 minutes", "I sent it", "They replied"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from conference.db.types import utcnow
from conference.extensions import db
from conference.followups.models import FollowUp
from conference.people.models import Contact
from conference.targets.models import Target
from tests.support.browser import (
    SMALL_TARGETS,
    Taps,
    check_accessibility,
    register,
    rows,
    scheduled_sessions,
    tab,
    user_id,
    wait_until_synced,
)

WHY = "Her work on coordinated specialty care in rural clinics is what I want to learn."


def target_a_speaker(page, backend) -> str:
    """Mark the first session's first speaker as a target from the schedule; the speaker's name."""
    with backend.app_context():
        session = db.session.scalars(scheduled_sessions().limit(1)).one()
        title, speaker = session.title, session.appearances[0].speaker.name
    tab(page, "Schedule")
    page.get_by_label("Search sessions").fill(title)
    page.get_by_role("button", name=title).first.click()
    sheet = page.locator("#sheet")
    sheet.locator("li", has_text=speaker).get_by_role("button", name="Target speaker").click()
    sheet.get_by_role("button", name="Target ✓").wait_for()
    sheet.get_by_role("button", name="Close").click()
    return speaker


def fits_a_360_pixel_phone(page, screen):
    """Nothing wider than a 360 px screen, and every control at least 44 px."""
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, screen
    assert page.evaluate(SMALL_TARGETS) == [], screen
    page.set_viewport_size({"width": 390, "height": 844})


def test_a_target_to_a_recorded_reply_takes_three_taps_plus_typing(page, backend):
    email = register(page)
    speaker = target_a_speaker(page, backend)
    tab(page, "Targets")
    item = page.locator("li.target", has_text=speaker)
    item.get_by_role("button", name=f"Edit {speaker}").click()
    sheet = page.locator("#sheet")
    sheet.get_by_label("Why them").fill(WHY)
    sheet.get_by_label("Suggested by").fill("Dr. Chen, my PI")
    check_accessibility(page, "editing a target")
    sheet.get_by_role("button", name="Save").click()
    item.get_by_text("Suggested by Dr. Chen, my PI").wait_for()
    wait_until_synced(page)
    owner = user_id(backend, email)
    [target] = rows(backend, Target, owner)
    assert (target.why, target.recommended_by) == (WHY, "Dr. Chen, my PI")

    taps = Taps()
    taps(item.get_by_role("button", name=f"Ask for 10 minutes: {speaker}"))
    sheet.get_by_role("heading", name="Ask for 10 minutes").wait_for()
    assert WHY in sheet.get_by_label("Body").input_value()
    assert sheet.get_by_role("link", name="Open in mail").get_attribute("href").startswith("mailto:")
    check_accessibility(page, "the outreach draft")
    taps(sheet.get_by_role("button", name="I sent it"))
    replied = item.get_by_role("button", name=f"They replied: {speaker}")
    item.get_by_text("Awaiting a reply").wait_for()
    fits_a_360_pixel_phone(page, "targets with a message awaiting a reply")
    check_accessibility(page, "targets with a message awaiting a reply")
    taps(replied)
    replied.wait_for(state="detached")
    item.get_by_text(" · Replied ").wait_for()
    assert taps.count == 3
    wait_until_synced(page)
    [contact] = rows(backend, Contact, owner)
    assert (contact.name, contact.speaker_id) == (speaker, target.speaker_id)
    [followup] = rows(backend, FollowUp, owner)
    assert (followup.contact_id, followup.status, followup.reply) == (contact.id, "done", "replied")
    assert followup.sent_at is not None and followup.replied_at is not None

    # Writing again within the week: the draft says so, and opening mail asks first.
    item.get_by_role("button", name=f"Ask for 10 minutes: {speaker}").click()
    sheet.get_by_text("You wrote to").wait_for()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    sheet.get_by_role("link", name="Open in mail").click()
    assert asked and asked[0].startswith(f"You wrote to {speaker} on ")
    sheet.get_by_role("button", name="Close").click()

    tab(page, "Follow-ups")
    rates = page.locator("section[aria-label='Replies']")
    rates.get_by_text("Hot: 1 of 1 replied (100 %)").wait_for()
    rates.get_by_text("a quiet week is normal", exact=False).wait_for()
    fits_a_360_pixel_phone(page, "follow-ups with reply counts")
    check_accessibility(page, "follow-ups with reply counts")


def test_a_week_without_a_reply_offers_one_reminder_and_letting_it_rest_ends_the_offers(page, backend):
    email = register(page)
    speaker = target_a_speaker(page, backend)
    tab(page, "Targets")
    wait_until_synced(page)
    page.locator("li.target", has_text=speaker).get_by_role("button", name=f"Ask for 10 minutes: {speaker}").click()
    page.locator("#sheet").get_by_role("button", name="I sent it").click()
    page.locator("li.target", has_text=speaker).get_by_text("Awaiting a reply").wait_for()
    wait_until_synced(page)
    with backend.app_context():
        [followup] = db.session.scalars(select(FollowUp).where(FollowUp.owner_id == user_id(backend, email))).all()
        followup.sent_at = utcnow() - timedelta(days=8)
        followup.touch()
        db.session.commit()
    page.reload()
    tab(page, "Follow-ups")
    waiting = page.locator("section[aria-label='Waiting for a reply']")
    waiting.get_by_text("one gentle reminder is fine", exact=False).wait_for()
    waiting.get_by_role("button", name=f"Remind once: {speaker}").click()
    sheet = page.locator("#sheet")
    sheet.get_by_role("heading", name="A gentle reminder").wait_for()
    assert "no need to reply" in sheet.get_by_label("Body").input_value()
    check_accessibility(page, "the reminder draft")
    sheet.get_by_role("button", name="Let it rest").click()
    waiting.get_by_role("button", name=f"Remind once: {speaker}").wait_for(state="detached")
    check_accessibility(page, "follow-ups waiting for a reply")
    wait_until_synced(page)
    [stored] = rows(backend, FollowUp, user_id(backend, email))
    assert (stored.nudge, stored.reply) == ("dismissed", "awaiting")
