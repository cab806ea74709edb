"""Dates as programs write them without a full date: "Jul 28", "Monday", "Day 2", "13.10", resolved to a day.

A program that leaves out the year, or names days only by weekday or number, is resolved against the
conference's first day (`--first-day`, else the conference's known start); without one the row asks for it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from .collector import InvalidRecord
from .languages import DATE_JOINERS, DAY_WORDS, MONTHS, WEEKDAYS, fold
from .times import parse_moment

_MONTHS = {name: number for number, names in MONTHS.items() for name in names}
_WEEKDAYS = {name: number for number, names in WEEKDAYS.items() for name in names}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ON_WEEKDAY = rf"^(?:(?P<weekday>{_WEEKDAY})\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|o|º|ª)?\.?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_MONTH_DAY = re.compile(rf"{_ON_WEEKDAY}(?P<month>{_MONTH})\.?\s+{_DAY}{_YEAR}$", re.I)
_DAY_MONTH = re.compile(rf"{_ON_WEEKDAY}{_DAY}\s+(?P<month>{_MONTH})\.?{_YEAR}$", re.I)
_DOTTED = re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.?$")  # European "13.10"
_WEEKDAY_ONLY = re.compile(rf"^(?P<weekday>{_WEEKDAY})\.?$", re.I)
_DAY_NUMBER = re.compile(
    rf"^(?:(?:{'|'.join(DAY_WORDS)})\s*(?P<number>\d{{1,2}})|(?P<ordinal>\d{{1,2}})(?:st|nd|rd|th|er|e|\.)?\s*"
    rf"(?:{'|'.join(DAY_WORDS)}))$",
    re.I,
)
_JOINERS = re.compile(rf"\b(?:{'|'.join(DATE_JOINERS)})\s+", re.I)
_PARTS = re.compile(r"\s*[,:;\n]\s*|\s+[-–—]\s+")
_NUMBER = re.compile(r"^\d{1,2}$")
_LONGEST_PROGRAM = 31  #: days: a bare number above this in a day column is no day number


class NeedsFirstDay(InvalidRecord):
    """A date that only the conference's first day can complete."""


def _needs(text: str, what: str) -> NeedsFirstDay:
    """Return the error for a date that cannot be completed without the first day."""
    return NeedsFirstDay(f"{text!r} {what}: give the conference's first day with --first-day YYYY-MM-DD")


@lru_cache(maxsize=4096)
def read_day(text: str, first_day: date | None) -> date | None:
    """Return the date text names, completed from first_day when partial; None if text is not a date.

    :raise NeedsFirstDay: for a partial date (no year, a weekday, "Day 2") without a first day.
    """
    text = " ".join(text.replace(",", ", ").split()).strip(" ,")
    try:
        day, clock = parse_moment(text)
    except InvalidRecord:
        day = clock = None
    if day is not None and clock is None:
        return day
    compact = _JOINERS.sub("", fold(text).replace(",", "").replace("-", " "))  # "15 de mayo", "Mittwoch, 15. Mai"
    if match := _MONTH_DAY.match(compact) or _DAY_MONTH.match(compact):
        month = _MONTHS[match["month"].lower()]
        if match["year"]:
            return _checked(text, int(match["year"]), month, int(match["day"]))
        return _without_year(text, month, int(match["day"]), first_day)
    if match := _DOTTED.match(compact):
        return _without_year(text, int(match["month"]), int(match["day"]), first_day)
    if match := _WEEKDAY_ONLY.match(compact):
        if first_day is None:
            raise _needs(text, "names a weekday, not a date")
        return first_day + timedelta(days=(_WEEKDAYS[match["weekday"].lower()] - first_day.weekday()) % 7)
    if match := _DAY_NUMBER.match(compact):
        return numbered_day(text, int(match["number"] or match["ordinal"]), first_day)
    return None


def numbered_day(text: str, number: int, first_day: date | None) -> date:
    """Return the day a program numbers ("Day 2", or "2" in a day column) from its first day.

    :raise NeedsFirstDay: without a first day.
    """
    if first_day is None:
        raise _needs(text, "numbers the day")
    if not 1 <= number <= _LONGEST_PROGRAM:
        raise InvalidRecord(f"{text!r} is not a day of the program")
    return first_day + timedelta(days=number - 1)


def day_number(text: str) -> int | None:
    """Return the number a day column holds alone ("1", "2"), None for anything else."""
    return int(text) if _NUMBER.match(text.strip()) else None


def _without_year(text: str, month: int, day: int, first_day: date | None) -> date:
    """Return month/day in the year of the conference (a January day after a December start: the next year)."""
    if first_day is None:
        raise _needs(text, "has no year")
    return _checked(text, first_day.year + (1 if month < first_day.month - 6 else 0), month, day)


def _checked(text: str, year: int, month: int, day: int) -> date:
    """Return the date, or say that text names none ("31 June")."""
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidRecord(f"{text!r} is not a date") from None


def leading_day(text: str, first_day: date | None) -> date | None:
    """Return the date a heading or day label names, None if none.

    "Aug 6, day 1, Mon: Opening" is Aug 6; in "Day 2\nConference\n13.10" the calendar date wins over the
    day number. :raise NeedsFirstDay: when the only date there needs the first day and none is known.
    """
    parts = [part for part in _PARTS.split(text.strip()) if part][:4]
    candidates = [" ".join(parts[:count]) for count in range(len(parts), 0, -1)] + parts[1:]
    relative: date | None = None
    missing: NeedsFirstDay | None = None
    for candidate in candidates:
        if len(candidate) > 40:
            continue
        try:
            found = read_day(candidate, first_day)
        except NeedsFirstDay as exc:
            missing = missing or exc
            continue
        except InvalidRecord:
            continue
        if found is None:
            continue
        if not (_WEEKDAY_ONLY.match(candidate) or _DAY_NUMBER.match(candidate)):
            return found
        relative = relative or found
    if relative is None and missing is not None:
        raise missing
    return relative


def as_date(value) -> date | None:
    """Return the date of a spreadsheet cell that holds one (datetime or date), else None."""
    if isinstance(value, datetime):
        return value.date() if value.year > 1900 else None
    if isinstance(value, date):
        return value
    return None
