"""The upload form reads an Indico export at the level the admin chooses: both readings side by side in the
preview, one picked with a tap or the form's level, then imported."""

from __future__ import annotations

from sqlalchemy import select

from conference.accounts.models import User
from conference.extensions import db
from conference.schedule.models import Conference, Session
from tests.schedule.test_import_indico_level_option import _other_ids
from tests.schedule.test_import_indico_levels import _contribution, _event
from tests.support.browser import (
    check_accessibility,
    register,
)


def _export() -> bytes:
    """An Indico export whose slot and contributions lists do not nest: it reads two ways."""
    listed = _other_ids([_contribution(1, "Fast MRI", "09:00", "09:30"), _contribution(2, "PET", "09:30", "10:00")])
    return _event(listed)


def _admin_on_the_import_screen(page, backend, slug: str) -> None:
    """Register, become an admin, open the import screen and fill in the conference and the file."""
    email = register(page)
    with backend.app_context():
        db.session.execute(User.__table__.update().where(User.email == email).values(role="admin"))
        db.session.commit()
    page.goto("/#/admin")
    page.reload()  # the app learns the new role from the server
    page.get_by_label("Conference (short name in links)").fill(slug)
    page.get_by_label("Conference name (first import)").fill("Imaging Meeting 2027")
    page.get_by_label("Program file").set_input_files(
        {"name": "event.json", "mimeType": "application/json", "buffer": _export()}
    )


def _titles(backend, slug: str) -> list[str]:
    """The titles of a conference's sessions, in time order."""
    with backend.app_context():
        query = select(Session.title).join(Conference).where(Conference.slug == slug).order_by(Session.starts_at)
        return list(db.session.scalars(query))


def test_the_preview_shows_both_levels_and_a_tap_on_one_previews_it(page, backend):
    _admin_on_the_import_screen(page, backend, "levels-2027")
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("1 session slots with their talks", exact=True).wait_for()
    page.get_by_text("2 contributions, each a session", exact=True).wait_for()
    check_accessibility(page, "import preview of a file that reads two ways")
    page.get_by_role("button", name="Read as 2 contributions, each a session").click()
    page.get_by_text("2 created").wait_for()
    assert page.get_by_label("Indico: read as").input_value() == "contributions"
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Imported").wait_for()
    assert _titles(backend, "levels-2027") == ["Fast MRI (talk)", "PET (talk)"]


def test_the_level_chosen_in_the_form_imports_the_session_slots(page, backend):
    _admin_on_the_import_screen(page, backend, "slots-2027")
    page.get_by_label("Indico: read as").select_option("sessions")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Imported").wait_for()
    assert _titles(backend, "slots-2027") == ["Imaging"]
