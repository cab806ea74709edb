"""In the phone app: an agenda item added offline shows on the agenda and on Today with the targeted session it
overlaps, opens Met someone filled in, and the question bank follows the role picked."""

from __future__ import annotations

from datetime import timedelta

from conference.agenda_items.models import Appointment
from conference.extensions import db
from conference.people.models import Encounter
from conference.questions.models import Question
from tests.support.browser import (
    SMALL_TARGETS,
    check_accessibility,
    register,
    rows,
    scheduled_sessions,
    shot,
    tab,
    user_id,
    wait_until_synced,
)


def first_session(backend):
    """The program's first scheduled session: its title, and its start and end in the conference's zone."""
    with backend.app_context():
        session = db.session.scalars(scheduled_sessions().limit(1)).one()
        tz = session.conference.tz
        return session.title, session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)


def star(page, title):
    """Star a session from its sheet in the schedule."""
    tab(page, "Schedule")
    page.get_by_label("Search sessions").fill(title)
    page.get_by_role("button", name=title).first.click()
    page.locator("#sheet").get_by_role("button", name="Star this session").click()
    page.locator("#sheet").get_by_role("button", name="★ Starred").wait_for()
    page.keyboard.press("Escape")


def meet(page, name, role):
    """Log someone of a role through Met someone."""
    page.get_by_role("link", name="I just met someone").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Role").select_option(role)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()


def fits_360(page, screen):
    """The screen fits a 360 px phone, every target large enough to tap."""
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, screen
    assert page.evaluate(SMALL_TARGETS) == [], screen
    page.set_viewport_size({"width": 390, "height": 844})


def test_an_item_added_offline_shows_on_the_agenda_and_today_with_its_conflict_and_opens_met_someone(page, backend):
    email = register(page)
    title, starts, _ = first_session(backend)
    meet(page, "Dr. Ana Rivera", "faculty")
    star(page, title)
    tab(page, "Today")
    page.get_by_role("link", name="My agenda").click()
    page.locator(".screen-agenda").wait_for()
    wait_until_synced(page)

    page.context.set_offline(True)
    breakfast = starts - timedelta(minutes=30)
    page.get_by_label("What").fill("Mentoring breakfast")
    page.get_by_label("Day").select_option(breakfast.date().isoformat())
    page.get_by_label("Starts").fill(breakfast.strftime("%H:%M"))
    page.get_by_label("Ends").fill((breakfast + timedelta(hours=1)).strftime("%H:%M"))
    page.get_by_label("Where (optional)").fill("Hilton lobby")
    page.get_by_label("With (optional)").select_option(label="Dr. Ana Rivera")
    page.get_by_role("button", name="Add to my agenda").click()
    mine = page.locator(".own-item", has_text="Mentoring breakfast")
    mine.get_by_text(f"Overlaps “{title}”").wait_for()
    assert "with Dr. Ana Rivera" in mine.inner_text()
    shot(page, "agenda")
    check_accessibility(page, "agenda")
    fits_360(page, "agenda")

    tab(page, "Today")
    today = page.locator(".own-item", has_text="Mentoring breakfast")
    today.get_by_text(f"Overlaps “{title}”").wait_for()
    check_accessibility(page, "today with an agenda item")
    today.get_by_role("link").click()
    page.locator(".screen-met").wait_for()
    page.get_by_text("At “Mentoring breakfast”").wait_for()
    assert page.get_by_label("Name").input_value() == "Dr. Ana Rivera"
    assert page.get_by_label("Role").input_value() == "faculty"
    assert page.get_by_label("Where (optional)").input_value() == "Hilton lobby"
    assert page.get_by_label("Conversation", exact=True).is_checked()
    page.get_by_text("How could I build experience in your area before residency?").wait_for()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Today’s 3-2-1").wait_for()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until_synced(page)
    owner = user_id(backend, email)
    [item] = rows(backend, Appointment, owner)
    assert (item.title, item.place, item.starts_at) == ("Mentoring breakfast", "Hilton lobby", breakfast)
    assert item.ends_at - item.starts_at == timedelta(hours=1)
    [talk] = rows(backend, Encounter, owner, kind="conversation")
    assert (talk.contact_id, talk.place) == (item.contact_id, "Hilton lobby")


def test_met_someone_shows_the_question_bank_for_the_role_picked_and_keeps_my_own(page, backend):
    email = register(page)
    page.get_by_role("link", name="I just met someone").click()
    page.locator(".screen-met").wait_for()
    bank = page.locator(".bank")
    page.get_by_label("Role").select_option("program_director")
    bank.get_by_text("Does the program take international graduates and sponsor visas?").wait_for()
    assert bank.get_by_label("Questions for").input_value() == "program_director"
    bank.get_by_label("Your own question").fill("How many residents moonlight?")
    bank.get_by_role("button", name="Add").click()
    bank.locator(".question", has_text="How many residents moonlight?").get_by_text("Yours").wait_for()
    page.get_by_label("Role").select_option("resident")
    bank.get_by_text("What does your program look for in applicants like me?").wait_for()
    assert bank.get_by_text("How many residents moonlight?").count() == 0
    shot(page, "met-questions")
    check_accessibility(page, "met someone with the question bank")
    fits_360(page, "met someone with the question bank")
    wait_until_synced(page)
    [question] = rows(backend, Question, user_id(backend, email))
    assert (question.text, question.audience) == ("How many residents moonlight?", "program_director")


def test_a_persons_page_shows_the_questions_for_their_role(page, backend):
    register(page)
    meet(page, "Jamie Ortiz", "resident")
    tab(page, "People")
    page.get_by_role("link", name="Jamie Ortiz").click()
    page.get_by_role("heading", name="Questions for Jamie Ortiz").wait_for()
    page.get_by_text("Which electives or observerships are most useful at your program?").wait_for()
    check_accessibility(page, "person with the question bank")
