"""'Met someone here' on a session's sheet names that session on the meeting, and the follow-up draft says so."""

from __future__ import annotations

from conference.extensions import db
from conference.followups.models import FollowUp
from conference.people.models import Encounter
from tests.support.browser import (
    check_accessibility,
    register,
    rows,
    scheduled_sessions,
    tab,
    user_id,
    wait_until_synced,
)


def test_met_someone_from_a_session_sheet_saves_the_session_and_the_draft_names_it(page, backend):
    email = register(page)
    with backend.app_context():
        session = db.session.scalars(scheduled_sessions().limit(1)).one()
        session_id, title, speaker = session.id, session.title, session.appearances[0].speaker.name
    tab(page, "Schedule")
    page.get_by_label("Search sessions").fill(title)
    page.get_by_role("button", name=title).first.click()
    page.locator("#sheet").get_by_role("link", name="Met someone here").click()
    page.locator(".screen-met").wait_for()
    page.get_by_text(f"At “{title}”").wait_for()
    check_accessibility(page, "met someone from a session")
    page.get_by_label("Name").fill(speaker)
    page.get_by_text("Follow up", exact=True).click()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
    wait_until_synced(page)
    owner = user_id(backend, email)
    [encounter] = rows(backend, Encounter, owner)
    assert encounter.session_id == session_id
    [followup] = rows(backend, FollowUp, owner)
    draft = page.request.get(f"/api/v1/me/followups/{followup.id}/draft").json()
    assert f'after your session, "{title}"' in draft["body"]


def test_met_someone_opened_from_today_names_no_session(page, backend):
    email = register(page)
    page.get_by_role("link", name="I just met someone").click()
    page.get_by_label("Name").fill("Alex Chen")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()
    wait_until_synced(page)
    [encounter] = rows(backend, Encounter, user_id(backend, email))
    assert encounter.session_id is None
