"""Attendees after a keynote: schedule pages revalidated by ETag, search, agenda, goals, logging people, sync.

Users are the ones `make load` registered (LOAD_USERS of them, user{n}@bench.invalid); each
logs in once. LOAD_MAX_REQUESTS bounds the run by count as --run-time bounds it by time.
"""
from __future__ import annotations

import os
import random
import uuid
from datetime import datetime, timedelta, timezone

from locust import FastHttpUser, between, events, task

SLUG = "apa-2027"
DAYS = [f"2027-05-{day}" for day in range(15, 20)]
WORDS = os.environ.get("LOAD_WORDS", "buprenorphine bupren depression psychosis schizo anxiety trauma").split()
PASSWORD = "benchmark password"


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
        """Log in as one of the registered users and create a first contact."""
        email = f"user{random.randrange(int(os.environ.get('LOAD_USERS', '2000')))}@bench.invalid"
        self.client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}, name="log in")
        self.etags: dict[str, str] = {}
        self.cursor: str | None = None
        self.contact_id = str(uuid.uuid4())
        self.client.put(f"/api/v1/me/contacts/{self.contact_id}", json={"name": "Someone met"}, name="PUT contact")

    @task(30)
    def schedule_page(self) -> None:
        """A page of one day's sessions, revalidated with its ETag once seen."""
        path = f"/api/v1/conferences/{SLUG}/sessions?day={random.choice(DAYS)}&per_page=50&page={random.randint(1, 4)}"
        etag = self.etags.get(path)
        headers = {"If-None-Match": etag} if etag else {}
        with self.client.get(path, headers=headers, name="sessions page" + (" (revalidate)" if etag else ""),
                             catch_response=True) as response:
            if response.status_code in (200, 304):
                self.etags[path] = response.headers.get("ETag", etag)
                response.success()

    @task(15)
    def search(self) -> None:
        """Search as typed."""
        word = random.choice(WORDS)
        self.client.get(f"/api/v1/conferences/{SLUG}/sessions?q={word[:random.randint(4, len(word))]}", name="search")

    @task(10)
    def agenda(self) -> None:
        """My agenda for one day."""
        self.client.get(f"/api/v1/me/agenda?conference={SLUG}&day={random.choice(DAYS)}", name="agenda (day)")

    @task(5)
    def goals(self) -> None:
        """My 3-2-1 counts."""
        self.client.get(f"/api/v1/me/goals?conference={SLUG}", name="goals")

    @task(10)
    def changes(self) -> None:
        """Sync: what changed since my cursor."""
        query = f"&since={self.cursor}" if self.cursor else ""
        with self.client.get(f"/api/v1/me/changes?limit=100{query}", name="changes feed", catch_response=True) as response:
            if response.status_code == 200:
                self.cursor = response.json()["cursor"]

    @task(5)
    def log_encounter(self) -> None:
        """Log meeting someone."""
        now = datetime.now(timezone.utc).isoformat()
        self.client.put(f"/api/v1/me/encounters/{uuid.uuid4()}", json={"contact_id": self.contact_id, "occurred_at": now},
                        name="PUT encounter")

    @task(3)
    def commit_followup(self) -> None:
        """Promise a follow-up."""
        due = (datetime.now(timezone.utc) + timedelta(days=2)).isoformat()
        self.client.put(f"/api/v1/me/followups/{uuid.uuid4()}", json={"contact_id": self.contact_id, "due_at": due},
                        name="PUT follow-up")


class Trivial(FastHttpUser):
    """The ceiling: the trivial app serving a sessions page's bytes (run alone, against the trivial server)."""

    wait_time = between(0.5, 2)

    @task
    def trivial(self) -> None:
        """Fixed bytes."""
        self.client.get("/trivial", name="trivial endpoint")
