"""A deterministic program in the shape of the APA Annual Meeting's CSV export, for demos and benchmarks.

Run `python -m conference.demo.program OUT.csv` to write one; the same arguments give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from os import PathLike
from typing import IO

from .casting import cast
from .sessions import EDGE_CASES, FORMATS, FORMATS_BY_NAME, SLOT_MINUTES, EdgeCase, Format, Session
from .venue import schedule
from .words import (
    CASES,
    CLOSINGS,
    CREDENTIALS,
    FIRST_NAMES,
    INSTITUTIONS,
    LAST_NAMES,
    LECTURE_SERIES,
    MIDDLES,
    POPULATIONS,
    SETTINGS,
    SMALL_WORDS,
    TRACKS,
)

HEADERS = (
    "Session Number",
    "Session Title",
    "Session Type",
    "Track",
    "Date",
    "Start Time",
    "End Time",
    "Location",
    "Speakers",
    "Description",
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


def generate(
    path_or_file: str | PathLike[str] | IO[str],
    *,
    sessions: int = 450,
    speakers: int = 900,
    seed: int = 2027,
    first_day: date = date(2027, 5, 15),
    days: int = 5,
) -> None:
    """Write the program as CSV; the same arguments give the same bytes, so the committed file cannot drift."""
    if sessions < 0 or speakers < 1 or days < 1:
        raise ValueError("sessions must be >= 0, speakers and days >= 1")
    rng = random.Random(seed)
    people = _people(rng, speakers)
    program = _plan(rng, sessions)
    schedule(rng, program, days)
    cast(rng, program, len(people))
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
    return Session(
        fmt, case.track, case.title, case.description, case.minutes // SLOT_MINUTES, case.speakers, start=case.start
    )


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
    return {
        "topic": topic,
        "other": other,
        "population": rng.choice(POPULATIONS),
        "setting": rng.choice(SETTINGS),
        "case": rng.choice(CASES),
        "series": rng.choice(LECTURE_SERIES),
    }


def _title_case(text: str) -> str:
    """Capitalize a phrase as printed programs do, keeping acronyms such as ADHD and LGBTQ+ as written."""
    words: list[str] = []
    for word in text.split(" "):
        if word in SMALL_WORDS and words and not words[-1].endswith(":"):
            words.append(word)
        else:
            words.append(
                "-".join(part if part != part.lower() else part[:1].upper() + part[1:] for part in word.split("-"))
            )
    return " ".join(words)


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
        session.number,
        session.title,
        session.format.name,
        session.track,
        (first_day + timedelta(days=session.day)).strftime("%m/%d/%Y"),
        _clock(start),
        _clock(start + session.slots * SLOT_MINUTES),
        session.room,
        "; ".join(people[person].cell() for person in session.speakers),
        session.description,
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
