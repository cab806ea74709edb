"""A week at a conference, logged through the API as the phone does, for the summary tests."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from conference.extensions import db
from tests.support.api import ME, create
from tests.support.targets_helpers import ProgramBook, mark

NEW_YORK = ZoneInfo("America/New_York")
PRIVATE = "PRIVATE-NOTE"


def at(text: str) -> str:
    """A New York wall-clock time as the phone sends it, with its offset."""
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK).isoformat()


class Phone:
    """Logs contacts, encounters and follow-ups for one user at one conference."""

    def __init__(self, client, slug: str):
        self.client, self.slug = client, slug

    def put(self, path: str, **body) -> str:
        """Create a record under a new id; its id."""
        return create(self.client, path, **body)["id"]

    def contact(self, name: str, **fields) -> str:
        """A contact whose private notes must never show."""
        return self.put("contacts", name=name, notes=f"{PRIVATE} about {name}", **fields)

    def met(self, contact_id: str, when: str, kind="introduced", **fields) -> str:
        """An encounter at this conference at a New York time."""
        return self.put(
            "encounters",
            contact_id=contact_id,
            occurred_at=at(when),
            kind=kind,
            conference=self.slug,
            notes=f"{PRIVATE} of an encounter",
            **fields,
        )

    def promise(self, contact_id: str, committed: str, **fields) -> str:
        """A follow-up committed at a New York time."""
        return self.put("followups", contact_id=contact_id, committed_at=at(committed), **fields)


def apa_2026() -> ProgramBook:
    """APA 2026 in New York, May 16-20 (over), with Dr. Rivera's talk and a second speaker, committed."""
    book = ProgramBook(slug="apa-2026", starts_on=date(2026, 5, 16), ends_on=date(2026, 5, 20))
    book.conference.name = "APA 2026"
    book.rivera = book.speaker("Maria Rivera", "Yale")
    book.park = book.speaker("Jin Park", "Stanford")
    book.talk = book.session("Coordinated specialty care", "2026-05-17 14:00", speakers=[book.rivera])
    book.program("Johns Hopkins")
    db.session.commit()
    return book


def sams_week(client, book: ProgramBook) -> dict[str, str]:
    """Sam's week: three people met, four follow-ups (one overdue, one done), a mentor, two targets; the ids."""
    assert (
        client.patch(
            f"{ME}",
            json={"timezone": "America/New_York", "goal_introduced": 1, "goal_conversations": 1, "goal_followups": 1},
        ).status_code
        == 200
    )
    phone = Phone(client, book.conference.slug)
    ids = {
        "rivera": phone.contact(
            "Dr. Maria Rivera",
            role="faculty",
            tie_strength="core",
            institution="Yale",
            speaker_id=book.rivera.id,
            linkedin_url="https://www.linkedin.com/in/maria-rivera",
        ),
        "chen": phone.contact("Alex Chen", role="resident", tie_strength="supportive", institution="Johns Hopkins"),
        "okafor": phone.contact("Ngozi Okafor", role="peer"),
        "lee": phone.contact("Dr. Dana Lee", role="faculty", tie_strength="core", institution="Emory"),
    }
    phone.met(ids["chen"], "2026-05-16 10:15", place="poster hall", takeaway="Ask about the night float")
    phone.met(ids["okafor"], "2026-05-16 16:40")
    phone.met(ids["rivera"], "2026-05-17 15:05", session_id=book.talk.id)
    ids["talk"] = phone.met(
        ids["rivera"],
        "2026-05-17 15:10",
        kind="conversation",
        session_id=book.talk.id,
        takeaway="Measure engagement in the first ninety days",
    )
    phone.met(ids["chen"], "2026-05-18 12:30", kind="conversation", place="coffee line")
    ids["overdue"] = phone.promise(
        ids["rivera"], "2026-05-17 15:20", encounter_id=ids["talk"], action="email", due_at=at("2026-05-20 15:00")
    )
    phone.promise(ids["chen"], "2026-05-17 18:00", action="linkedin", status="done", done_at=at("2026-05-19 09:00"))
    phone.promise(ids["okafor"], "2026-05-18 09:00", action="send_article", due_at=at("2099-01-15 09:00"))
    phone.promise(ids["okafor"], "2026-05-18 09:30", action="meeting", status="cancelled")
    ids["mentor"] = phone.promise(ids["lee"], "2026-04-01 09:00", action="mentor_update", due_at=at("2099-02-01 09:00"))
    mark(client, kind="speaker", speaker_id=book.rivera.id)
    mark(client, kind="speaker", speaker_id=book.park.id)
    return ids


def bos_week(client, book: ProgramBook) -> None:
    """Another user at the same conference, whose people must never appear in Sam's summary."""
    phone = Phone(client, book.conference.slug)
    zed = phone.contact("Zed Outsider", institution="Elsewhere University")
    phone.met(zed, "2026-05-16 11:00", takeaway="OTHER-USER-TAKEAWAY")
    phone.promise(zed, "2026-05-16 11:05", title="OTHER-USER-FOLLOWUP")
