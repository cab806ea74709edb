"""Speakers dealt to sessions: everyone speaks, some twice or three times, never in two rooms at once."""

from __future__ import annotations

import math
import random

from .sessions import Session

#: Share of speaker appearances that are a speaker's first one; the rest repeat someone.
FIRST_APPEARANCES = 0.8


def cast(rng: random.Random, program: list[Session], people: int) -> None:
    """Deal speakers to sessions so that everyone speaks, some twice or three times, never in two rooms at once."""
    casting = _Casting(rng, _tickets(rng, sum(session.wanted for session in program), people), people)
    for session in program:
        for _ in range(session.wanted):
            casting.add_speaker(session)


class _Casting:
    """Speaker tickets being dealt, and the half hours each speaker is already taken."""

    def __init__(self, rng: random.Random, tickets: list[int], people: int):
        self.rng, self.tickets, self.people = rng, tickets, people
        self.position = 0
        self.busy: dict[tuple[int, int], int] = {}  #: (person, day) -> bits of half hours already speaking

    def add_speaker(self, session: Session) -> None:
        """Add the next free ticket holder, else anyone free; a tiny pool may leave the seat empty."""
        person = self._next_ticket(session)
        if person is None:
            person = next(
                (p for p in (self.rng.randrange(self.people) for _ in range(64)) if self._free(p, session)), None
            )
        if person is not None:
            session.speakers.append(person)
            self.busy[person, session.day] = self.busy.get((person, session.day), 0) | session.mask()

    def _next_ticket(self, session: Session) -> int | None:
        """Use the first free holder among the next tickets, so the order stays random but nobody is double-booked."""
        window = range(self.position, min(self.position + 64, len(self.tickets)))
        found = next((i for i in window if self._free(self.tickets[i], session)), None)
        if found is None:
            return None
        tickets, position = self.tickets, self.position
        tickets[position], tickets[found] = tickets[found], tickets[position]
        self.position += 1
        return tickets[position]

    def _free(self, person: int, session: Session) -> bool:
        """Whether a person can join: not in the session yet and not speaking elsewhere at that time."""
        return person not in session.speakers and not self.busy.get((person, session.day), 0) & session.mask()


def _tickets(rng: random.Random, appearances: int, people: int) -> list[int]:
    """One ticket per appearance, shuffled: each speaker once, then a second or third session for some of them."""
    distinct = min(people, math.ceil(appearances * FIRST_APPEARANCES))
    repeats = appearances - distinct
    returning = max(1, min(distinct, math.ceil(repeats / 1.5)))  # so most return once or twice
    tickets = list(range(distinct)) + [i % returning for i in range(repeats)]
    rng.shuffle(tickets)
    return tickets
