"""The venue: a day, a start and a room for every session, never two sessions in one room at once."""

from __future__ import annotations

import math
import random

from .sessions import Session
from .words import BASE_ROOMS, HALLS

#: The day program ends at 5:30 PM: this many half hours from 8:00 AM.
DAY_SLOTS = 19
#: Where each length may start, in half hours after 8:00 AM: the blocks printed programs use.
STARTS = {
    2: (0, 2, 4, 6, 8, 10, 12, 14, 16, 17),
    3: (0, 2, 4, 5, 10, 11, 14, 15, 16),
    6: (0, 2, 10, 12, 13),
}
#: Share of a room's day that may be booked before the venue opens more rooms.
ROOM_LOAD = 0.4


def schedule(rng: random.Random, program: list[Session], days: int) -> None:
    """Give every session a day, a start and a room, never two sessions in one room at once."""
    rooms = _Rooms(rng, _room_counts(program, days))
    weights = _day_weights(days)
    for session in program:
        if session.start is None:
            session.day, session.start, session.room = rooms.book(
                session.format.rooms, range(days), weights, STARTS[session.slots], session.slots
            )
        else:
            session.day, _, session.room = rooms.book("hall", [min(1, days - 1)], [1], [session.start], session.slots)


def _day_weights(days: int) -> list[float]:
    """Busy middle days and a lighter last day, as at the real meeting."""
    if days == 1:
        return [1.0]
    return [1.0] + [1.2] * (days - 2) + [0.7]


def _room_counts(program: list[Session], days: int) -> dict[str, int]:
    """Rooms of each kind: the usual venue, grown in proportion when the program is bigger than the real one."""
    booked = dict.fromkeys(BASE_ROOMS, 0)
    for session in program:
        booked[session.format.rooms] += session.slots
    return {
        kind: max(BASE_ROOMS[kind], math.ceil(booked[kind] / (days * DAY_SLOTS * ROOM_LOAD))) for kind in BASE_ROOMS
    }


def _room_name(kind: str, index: int) -> str:
    """The printed location of the index-th room of a kind, as the venue's signs would say."""
    if kind == "hall":
        extra = index - len(HALLS) + 1
        return HALLS[index] if extra <= 0 else f"Salon {extra}, Level 4, Marriott Marquis"
    if kind == "poster":
        return f"Poster Hall D{index + 1}, Level 1, Convention Center"
    level, number, letter = 2 + index // 24, index % 24 // 3 + 1, "ABC"[index % 3]
    return f"Room {level}{number:02d}{letter}, Level {level}, Convention Center"


class _Rooms:
    """The venue's rooms with the half hours booked in each."""

    def __init__(self, rng: random.Random, counts: dict[str, int]):
        self.rng = rng
        self.names = {kind: [_room_name(kind, i) for i in range(count)] for kind, count in counts.items()}
        self.booked: dict[tuple[str, int], int] = {}  #: (room, day) -> bits of booked half hours

    def book(self, kind: str, days, weights, starts, slots: int) -> tuple[int, int, str]:
        """Book a free room at a random day and start, opening one more room when many tries fail."""
        names = self.names[kind]
        for _ in range(40):
            day, start, room = self.rng.choices(days, weights)[0], self.rng.choice(starts), self.rng.choice(names)
            if self._take(room, day, start, slots):
                return day, start, room
        names.append(_room_name(kind, len(names)))
        day, start = self.rng.choices(days, weights)[0], self.rng.choice(starts)
        self._take(names[-1], day, start, slots)
        return day, start, names[-1]

    def _take(self, room: str, day: int, start: int, slots: int) -> bool:
        """Book the room for those half hours if they are all free."""
        mask, booked = ((1 << slots) - 1) << start, self.booked.get((room, day), 0)
        if booked & mask:
            return False
        self.booked[room, day] = booked | mask
        return True
