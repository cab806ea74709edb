"""Attendees after a keynote: schedule pages revalidated by ETag, search, agenda, goals, logging people, sync.

Each simulated phone is one that `make load` logged in beforehand, as phones are before the keynote
ends: LOAD_PHONES names a file of JSON lines holding a session cookie and one of that user's contacts.
LOAD_MAX_REQUESTS bounds the run by count as --run-time bounds it by time.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from datetime import UTC, datetime, timedelta

from locust import FastHttpUser, between, events, task

SLUG = "apa-2027"
DAYS = [f"2027-05-{day}" for day in range(15, 20)]
WORDS = os.environ.get("LOAD_WORDS", "buprenorphine bupren depression psychosis schizo anxiety trauma").split()


#: The logged-in phones, handed out to simulated users in turn.
def _phones() -> list[dict]:
    """The phones LOAD_PHONES lists, one JSON object a line (none when it is not set)."""
    if not os.environ.get("LOAD_PHONES"):
        return []
    with open(os.environ["LOAD_PHONES"]) as lines:
        return [json.loads(line) for line in lines]


PHONES = _phones()
_turn = itertools.count()


@events.request.add_listener
def stop_at_the_request_budget(**kwargs) -> None:
    """End the run once LOAD_MAX_REQUESTS requests were made."""
    runner = kwargs["context"].get("runner")
    if runner is not None and runner.stats.total.num_requests >= int(os.environ.get("LOAD_MAX_REQUESTS", "1000000")):
        runner.quit()


class Attendee(FastHttpUser):
    """One phone: mostly reading the program, sometimes logging someone met."""

    wait_time = between(0.5, 2)

    def context(self) -> dict:
        """Lets the request listener reach the runner."""
        return {"runner": self.environment.runner}

    def on_start(self) -> None:
        """Take the next logged-in phone: its cookie and a contact of its user."""
        phone = PHONES[next(_turn) % len(PHONES)]
        self.cookie = {"Cookie": phone["cookie"]}
        self.contact_id = phone["contact_id"]
        self.etags: dict[str, str] = {}
        self.cursor: str | None = None

    @task(30)
    def schedule_page(self) -> None:
        """A page of one day's sessions, revalidated with its ETag once seen."""
        path = f"/api/v1/conferences/{SLUG}/sessions?day={random.choice(DAYS)}&per_page=50&page={random.randint(1, 4)}"
        etag = self.etags.get(path)
        headers = {**self.cookie, "If-None-Match": etag} if etag else self.cookie
        with self.client.get(
            path, headers=headers, name="sessions page" + (" (revalidate)" if etag else ""), catch_response=True
        ) as response:
            if response.status_code in (200, 304):
                self.etags[path] = response.headers.get("ETag", etag)
                response.success()

    @task(15)
    def search(self) -> None:
        """Search as typed."""
        word = random.choice(WORDS)
        self.client.get(
            f"/api/v1/conferences/{SLUG}/sessions?q={word[: random.randint(4, len(word))]}",
            name="search",
            headers=self.cookie,
        )

    @task(10)
    def agenda(self) -> None:
        """My agenda for one day."""
        self.client.get(
            f"/api/v1/me/agenda?conference={SLUG}&day={random.choice(DAYS)}", name="agenda (day)", headers=self.cookie
        )

    @task(5)
    def goals(self) -> None:
        """My 3-2-1 counts."""
        self.client.get(f"/api/v1/me/goals?conference={SLUG}", name="goals", headers=self.cookie)

    @task(10)
    def changes(self) -> None:
        """Sync: what changed since my cursor."""
        query = f"&since={self.cursor}" if self.cursor else ""
        with self.client.get(
            f"/api/v1/me/changes?limit=100{query}", name="changes feed", headers=self.cookie, catch_response=True
        ) as response:
            if response.status_code == 200:
                self.cursor = response.json()["cursor"]

    @task(5)
    def log_encounter(self) -> None:
        """Log meeting someone."""
        now = datetime.now(UTC).isoformat()
        self.client.put(
            f"/api/v1/me/encounters/{uuid.uuid4()}",
            json={"contact_id": self.contact_id, "occurred_at": now},
            name="PUT encounter",
            headers=self.cookie,
        )

    @task(3)
    def commit_followup(self) -> None:
        """Promise a follow-up."""
        due = (datetime.now(UTC) + timedelta(days=2)).isoformat()
        self.client.put(
            f"/api/v1/me/followups/{uuid.uuid4()}",
            json={"contact_id": self.contact_id, "due_at": due},
            name="PUT follow-up",
            headers=self.cookie,
        )


class Phone(Attendee):
    """The same attendee on a phone in the hall, reading between taps: 5 to 15 s (`make load`'s 1,000 phones)."""

    wait_time = between(5, 15)


class Trivial(FastHttpUser):
    """The ceiling: the trivial app serving a sessions page's bytes (run alone, against the trivial server)."""

    wait_time = between(0.5, 2)

    @task
    def trivial(self) -> None:
        """Fixed bytes."""
        self.client.get("/trivial", name="trivial endpoint")
