"""A deterministic program in the shape of the APA Annual Meeting's CSV export, for demos and benchmarks.

Run `python -m conference.demo.program OUT.csv` to write one; the same arguments give the same bytes.
"""
from __future__ import annotations

import argparse
import csv
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from os import PathLike
from typing import IO

from .words import (
    TRACKS,
    POPULATIONS,
    SETTINGS,
    CASES,
    LECTURE_SERIES,
    MIDDLES,
    CLOSINGS,
    FIRST_NAMES,
    LAST_NAMES,
    CREDENTIALS,
    INSTITUTIONS,
    HALLS,
    BASE_ROOMS,
    SMALL_WORDS,
)

HEADERS = (
    "Session Number", "Session Title", "Session Type", "Track", "Date", "Start Time", "End Time",
    "Location", "Speakers", "Description",
)
#: Times are counted in half hours from 8:00 AM; the day program ends at 5:30 PM.
SLOT_MINUTES = 30
DAY_SLOTS = 19
#: Where each length may start, in half hours after 8:00 AM: the blocks printed programs use.
STARTS = {
    2: (0, 2, 4, 6, 8, 10, 12, 14, 16, 17),
    3: (0, 2, 4, 5, 10, 11, 14, 15, 16),
    6: (0, 2, 10, 12, 13),
}
#: Share of a room's day that may be booked before the venue opens more rooms.
ROOM_LOAD = 0.4
#: Share of speaker appearances that are a speaker's first one; the rest repeat someone.
FIRST_APPEARANCES = 0.8


@dataclass(frozen=True)
class Format:
    """A session format of the meeting and how such sessions look."""

    name: str
    prefix: str  #: of the session number
    weight: int  #: how common it is
    minutes: tuple[int, ...]
    speakers: tuple[int, int]  #: fewest and most
    rooms: str  #: "hall", "meeting" or "poster"
    titles: tuple[str, ...]
    opener: str  #: the description's first sentence


GENERIC_TITLES = (
    "{topic}: an update for the practicing psychiatrist", "{topic} in {setting}", "{topic}: caring for {population}",
    "rethinking {topic}", "{topic}: evidence, controversies, and clinical pearls", "what's new in {topic}",
    "beyond the guidelines: {topic} in real-world practice", "from research to practice: {topic}",
    "closing gaps in care for {population}: {topic}", "{topic} and {other}: where do they meet?",
    "practical approaches to {topic}", "hard cases in {topic}", "the future of {topic}",
    "innovations in {topic}", "{topic}: what residents need to know", "{topic} in {setting}: lessons learned",
    "getting it right: {topic} in {setting}", "myths and facts about {topic}",
)
FORMATS = (
    Format("Lecture", "L", 12, (60,), (1, 1), "hall", ("{series}: {topic}", "{series}: the future of {topic}"),
           "A leading investigator reflects on two decades of work on {topic} and where the field is heading."),
    Format("General Session", "GS", 1, (90,), (1, 3), "hall", ("keynote: {topic}", "plenary: the future of {topic}"),
           "This plenary session addresses {topic}, one of the themes of this year's meeting."),
    Format("Symposium", "S", 22, (90, 90, 180), (3, 5), "meeting", GENERIC_TITLES,
           "This symposium brings together clinicians and researchers to review {topic}."),
    Format("Workshop", "W", 20, (90,), (1, 4), "meeting", GENERIC_TITLES + ("{topic}: skills for everyday practice",),
           "Through small-group exercises and role-play, participants work through common challenges in {topic}."),
    Format("Course", "C", 5, (180,), (2, 4), "meeting",
           ("{topic}: a practical course for clinicians", "master course: {topic}", "intensive review of {topic}"),
           "This course offers a structured, case-based review of {topic} for general psychiatrists."),
    Format("Poster Session", "P", 5, (90,), (1, 2), "poster",
           ("poster session: new research on {topic}", "resident and fellow posters: {topic}",
            "medical student posters: {topic}"),
           "Residents, fellows, and early-career investigators present new research on {topic}."),
    Format("Interactive Session", "IS", 12, (60, 90), (1, 2), "meeting",
           ("meet the expert: {topic}", "ask the experts: {topic}", "your questions about {topic}"),
           "In this small-group session, attendees bring their questions about {topic} to experienced clinicians."),
    Format("Case Conference", "CC", 7, (90,), (1, 3), "meeting",
           ("case conference: {topic} in {case}", "difficult decisions in {topic}: a case conference",
            "a case-based discussion of {topic}"),
           "Faculty discuss a de-identified case that illustrates diagnostic and treatment challenges in {topic}."),
    Format("Presidential Symposium", "PS", 2, (90, 180), (3, 5), "hall", GENERIC_TITLES,
           "National leaders address {topic}, a priority of this year's presidential theme."),
    Format("Forum", "F", 6, (90,), (2, 4), "meeting",
           ("forum: {topic} in {setting}", "town hall: {topic}", "open forum on {topic}"),
           "This forum invites open discussion of {topic}, with brief remarks from the panel and time for comments."),
)
FORMATS_BY_NAME = {fmt.name: fmt for fmt in FORMATS}



@dataclass(frozen=True)
class EdgeCase:
    """A session written by hand because real exports contain its kind."""

    format: str
    track: str
    title: str
    description: str
    minutes: int
    speakers: int
    start: int | None = None  #: in half hours after 8:00 AM, when it must be outside the day program


EDGE_CASES = (
    EdgeCase("Forum", "Residents and Medical Students",
             "Meet the Residency Programs: An Evening Forum and Reception for Applicants",
             "Program directors, chief residents, and applicants meet informally over light refreshments. "
             "Bring your questions about training culture, research time, and life in each program.",
             120, 5, start=22),
    EdgeCase("Symposium", "Psychosis and Schizophrenia",
             "\"Doctor, Am I Going Crazy?\": Patients' and Families' Questions About a First Episode of Psychosis",
             "Clinicians and a family advocate answer the questions families ask most in the first weeks of care.",
             90, 4),
    EdgeCase("Course", "Psychotherapy", "Cognitive Behavioral Therapy for Psychosis: A Practical Course for Clinicians",
             "This course teaches core techniques through demonstration and practice.\nLearning objectives:\n"
             "1. Build an engagement-focused formulation.\n2. Use guided discovery with distressing voices.\n"
             "3. Adapt the approach to brief inpatient stays.",
             180, 3),
)


@dataclass
class Person:
    """A speaker, who keeps the same name, degrees and institution in every session."""

    name: str
    credentials: str
    affiliation: str

    def cell(self) -> str:
        """The person as the Speakers column prints them."""
        return f"{self.name}, {self.credentials} ({self.affiliation})"


@dataclass
class Session:
    """A session while the program is being built."""

    format: Format
    track: str
    title: str
    description: str
    slots: int
    wanted: int  #: speakers to find
    start: int | None = None
    day: int = 0
    room: str = ""
    number: str = ""
    speakers: list[int] = field(default_factory=list)

    def mask(self) -> int:
        """The half hours it occupies, as bits, to test overlaps in one operation."""
        return ((1 << self.slots) - 1) << self.start


def generate(path_or_file: str | PathLike[str] | IO[str], *, sessions: int = 450, speakers: int = 900,
             seed: int = 2027, first_day: date = date(2027, 5, 15), days: int = 5) -> None:
    """Write the program as CSV; the same arguments give the same bytes, so the committed file cannot drift."""
    if sessions < 0 or speakers < 1 or days < 1:
        raise ValueError("sessions must be >= 0, speakers and days >= 1")
    rng = random.Random(seed)
    people = _people(rng, speakers)
    program = _plan(rng, sessions)
    _schedule(rng, program, days)
    _cast(rng, program, len(people))
    _number(program)
    rows = [_row(session, people, first_day) for session in program]
    if hasattr(path_or_file, "write"):
        _write(path_or_file, rows)
    else:
        with open(path_or_file, "w", encoding="utf-8", newline="") as out:
            _write(out, rows)


def _write(out: IO[str], rows: list[list[str]]) -> None:
    """Write header and rows with Unix line ends, so the committed file diffs cleanly."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)


def _people(rng: random.Random, count: int) -> list[Person]:
    """Invent distinct speakers from name lists, so no real person is listed as speaking."""
    if count > len(FIRST_NAMES) * len(LAST_NAMES):
        raise ValueError(f"at most {len(FIRST_NAMES) * len(LAST_NAMES)} speakers")
    credentials, weights = list(CREDENTIALS), list(CREDENTIALS.values())
    seen: set[str] = set()
    people = []
    while len(people) < count:
        middle = f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. " if rng.random() < 0.15 else ""
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {middle}{last}"
        if first != last and name not in seen:
            seen.add(name)
            people.append(Person(name, rng.choices(credentials, weights)[0], rng.choice(INSTITUTIONS)))
    return people


def _plan(rng: random.Random, count: int) -> list[Session]:
    """Draft the sessions, hand-written edge cases first, with titles that repeat only when the program is huge."""
    program = [_edge_session(case) for case in EDGE_CASES[:count]]
    seen = {session.title for session in program}
    for fmt in rng.choices(FORMATS, [fmt.weight for fmt in FORMATS], k=max(0, count - len(program))):
        session = _draft(rng, fmt, seen)
        seen.add(session.title)
        program.append(session)
    return program


def _edge_session(case: EdgeCase) -> Session:
    """Turn a hand-written edge case into a session to schedule."""
    fmt = FORMATS_BY_NAME[case.format]
    return Session(fmt, case.track, case.title, case.description, case.minutes // SLOT_MINUTES, case.speakers,
                   start=case.start)


def _draft(rng: random.Random, fmt: Format, seen: set[str]) -> Session:
    """Draft one session of a format: track, title, description, length and number of speakers."""
    for _ in range(8):
        track = rng.choice(list(TRACKS))
        words = _words(rng, track)
        title = _title_case(rng.choice(fmt.titles).format(**words))
        if title not in seen:
            break
    sentences = [fmt.opener] + rng.sample(MIDDLES, rng.choice((0, 1, 1, 2)))
    if len(sentences) < 3 and rng.random() < 0.4:
        sentences.append(rng.choice(CLOSINGS))
    description = " ".join(sentences).format(**words)
    return Session(fmt, track, title, description, rng.choice(fmt.minutes) // SLOT_MINUTES, rng.randint(*fmt.speakers))


def _words(rng: random.Random, track: str) -> dict[str, str]:
    """The phrases a title or description template may use, drawn for one session."""
    topic, other = rng.sample(TRACKS[track], 2)
    return {"topic": topic, "other": other, "population": rng.choice(POPULATIONS), "setting": rng.choice(SETTINGS),
            "case": rng.choice(CASES), "series": rng.choice(LECTURE_SERIES)}


def _title_case(text: str) -> str:
    """Capitalize a phrase as printed programs do, keeping acronyms such as ADHD and LGBTQ+ as written."""
    words: list[str] = []
    for word in text.split(" "):
        if word in SMALL_WORDS and words and not words[-1].endswith(":"):
            words.append(word)
        else:
            words.append("-".join(part if part != part.lower() else part[:1].upper() + part[1:]
                                  for part in word.split("-")))
    return " ".join(words)


def _schedule(rng: random.Random, program: list[Session], days: int) -> None:
    """Give every session a day, a start and a room, never two sessions in one room at once."""
    rooms = _Rooms(rng, _room_counts(program, days))
    weights = _day_weights(days)
    for session in program:
        if session.start is None:
            session.day, session.start, session.room = rooms.book(
                session.format.rooms, range(days), weights, STARTS[session.slots], session.slots)
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
    return {kind: max(BASE_ROOMS[kind], math.ceil(booked[kind] / (days * DAY_SLOTS * ROOM_LOAD)))
            for kind in BASE_ROOMS}


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


def _cast(rng: random.Random, program: list[Session], people: int) -> None:
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
            person = next((p for p in (self.rng.randrange(self.people) for _ in range(64)) if self._free(p, session)),
                          None)
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


def _number(program: list[Session]) -> None:
    """Sort the program by time and number each format in that order, so numbers are unique at any size."""
    program.sort(key=lambda s: (s.day, s.start, s.slots, s.format.prefix, s.room))
    totals = Counter(session.format.prefix for session in program)
    counters = dict.fromkeys(totals, 0)
    for session in program:
        prefix = session.format.prefix
        counters[prefix] += 1
        session.number = f"{prefix}{counters[prefix]:0{max(3, len(str(totals[prefix])))}d}"


def _row(session: Session, people: list[Person], first_day: date) -> list[str]:
    """The CSV row of a session, with US dates and 12-hour local times."""
    start = 8 * 60 + session.start * SLOT_MINUTES
    return [
        session.number, session.title, session.format.name, session.track,
        (first_day + timedelta(days=session.day)).strftime("%m/%d/%Y"),
        _clock(start), _clock(start + session.slots * SLOT_MINUTES), session.room,
        "; ".join(people[person].cell() for person in session.speakers), session.description,
    ]


def _clock(minutes: int) -> str:
    """Minutes after midnight as a printed program shows them: 8:00 AM, 12:30 PM."""
    hours, minutes = divmod(minutes, 60)
    return f"{hours % 12 or 12}:{minutes:02d} {'AM' if hours < 12 else 'PM'}"


def main(argv: list[str] | None = None) -> None:
    """Write a program from the command line."""
    parser = argparse.ArgumentParser(description="Write a demo APA-Annual-Meeting-like program as CSV.")
    parser.add_argument("out", help="CSV file to write")
    parser.add_argument("--sessions", type=int, default=450)
    parser.add_argument("--speakers", type=int, default=900, help="size of the pool speakers are drawn from")
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args(argv)
    generate(args.out, sessions=args.sessions, speakers=args.speakers, seed=args.seed)


if __name__ == "__main__":
    main()
