"""The private calendar feed as a calendar app reads it: subscribe, fetch without cookies, parse twice."""

from __future__ import annotations

from urllib.parse import urlsplit

import vobject
from icalendar import Calendar

from tests.support.api import ME

FEED = f"{ME}/calendar-feed"


def subscribe(client, **settings) -> dict:
    """Create the user's feed; returns the answer with its link."""
    response = client.post(FEED, json=settings)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def feed_path(answer: dict, query: str = "") -> str:
    """The path (and query) of a feed link, for a test client."""
    parts = urlsplit(answer["url"])
    return parts.path + query


def fetch(app, answer: dict, query: str = "", headers: dict | None = None):
    """GET the feed as a calendar app does: no cookies."""
    return app.test_client().get(feed_path(answer, query), headers=headers or {})


class Parsed:
    """A feed parsed by icalendar and by vobject, with both checked to agree."""

    def __init__(self, body: bytes):
        self.text = body.decode()
        self.calendar = Calendar.from_ical(body)
        assert self.text.endswith("END:VCALENDAR\r\n")
        broken = [(c.name, c.errors) for c in self.calendar.walk() if getattr(c, "errors", None)]
        assert not broken, broken
        self.other = vobject.readOne(self.text)
        self.events = {str(e["UID"]): e for e in self.calendar.walk("VEVENT")}
        self.todos = {str(t["UID"]): t for t in self.calendar.walk("VTODO")}
        other_events = {e.uid.value: e for e in getattr(self.other, "vevent_list", [])}
        assert set(other_events) == set(self.events)
        for uid, event in self.events.items():
            theirs = other_events[uid]
            assert theirs.summary.value == str(event["SUMMARY"])
            assert theirs.dtstart.value == event.start  # aware datetimes, compared as instants
            assert theirs.dtend.value == event.end
            assert event.end >= event.start, uid  # instants: a doubled hour's second run counts as later
            assert int(theirs.sequence.value) == int(event["SEQUENCE"])
        self.other_events = other_events

    def by_summary(self, text: str):
        """The one event whose summary contains `text`."""
        [event] = [e for e in self.events.values() if text in str(e["SUMMARY"])]
        return event


def parsed(response) -> Parsed:
    """Check a feed response and parse it."""
    assert response.status_code == 200, response.data[:500]
    return Parsed(response.data)
