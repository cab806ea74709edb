"""Cells of a program table as text, dates and times: "9:00 AM – 10:30 AM", "Mon, Jul 28 08:00", "noon", Excel's
time fractions and date serials, and a range glued to its item's name ("10:15-10:30 Break")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from .collector import InvalidRecord
from .days import as_date, leading_day, read_day
from .languages import RANGE_OPENERS, RANGE_WORDS
from .text import plain_text
from .times import date_and_time, parse_moment, split_range
from .zones import split_zone

_EMPTY = frozenset({"", "NA", "N/A"})
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = (32874, 73051)  #: the serials of 1990-01-01 and 2100-01-01: the program dates there can be
_NAMED = re.compile(r"(?:\b12(?:[:.h]00)?\s*)?\b(noon|midday|midnight)\b", re.I)  #: "noon", "12 noon", "12:00 midnight"
_LOOSE_ENDS = re.compile(r"[\s+–—-]+$")  # "20:00+", "09:00–11:00—"


def cell(row: Sequence[Any], index: int | None) -> str:
    """Return a cell as text; missing, blank and "NA" cells are all empty."""
    if index is None or index >= len(row):
        return ""
    value = row[index]
    if value.__class__ is str:
        text = value.strip()
    elif value is None:
        return ""
    else:
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)  # Excel's 101.0 is 101
    return "" if len(text) <= 3 and text.upper() in _EMPTY else text


def spreadsheet_clock(value: Any) -> time | None:
    """Return the time of an Excel time cell (time, a 1899 datetime, or a day fraction), rounded to the second."""
    if isinstance(value, datetime) and value.year <= 1900:
        value = value.time()
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + round(value.microsecond / 1e6)
    elif isinstance(value, float) and 0 <= value < 1:
        seconds = round(value * 86400)
    else:
        return None
    seconds = min(seconds, 86399)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def serial_day(value: Any) -> date | None:
    """Return the day an Excel date serial names (45795 is 2025-05-18) in a date column whose format was lost."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return None


def clean_clock(text: str) -> str:
    """Return a time cell with "noon" as a clock and stray trailing dashes or "+" dropped."""
    return _LOOSE_ENDS.sub("", _NAMED.sub(lambda m: "12:00 am" if m[1].lower() == "midnight" else "12:00 pm", text))


#: a range of hours, one end or both without minutes: "9-10", "10-11:30", "9 - 10 am", "14-15 Uhr", "von 9 bis 10 Uhr",
#: "dalle 9 alle 10", "de 9 à 10h"
_HOURS = re.compile(
    rf"^(?:(?:{'|'.join(RANGE_OPENERS)})\s+)*(\d{{1,2}})(?:[:.h](\d{{2}}))?\s*(?:[-–—]|\s(?:{'|'.join(RANGE_WORDS)})\s)"
    r"\s*(?:ore\s+)?(\d{1,2})(?:[:.h](\d{2}))?\s*((?:[ap]\.?\s*m\.?|uhr|h)?)$",
    re.I,
)
#: a clock written with its four digits and no colon, alone or as a range: "0900", "930", "0900-1000", "0900–1000"
_DIGITS = re.compile(r"^(\d{1,2})(\d{2})(?:\s*[-–—]\s*(\d{1,2})(\d{2}))?$")


def hour_range(text: str) -> str | None:
    """Return a start cell's range of bare hours with their minutes ("9-10" is "9:00-10:00"), else None.

    Only for the start column: elsewhere "1-2" is a code or a page range.
    """
    match = _HOURS.match(text.strip())
    if match is None or match[2] and match[4]:
        return None
    return f"{match[1]}:{match[2] or '00'}-{match[3]}:{match[4] or '00'} {match[5]}".strip()


def colon_clock(text: str) -> str | None:
    """Return "09:00" for "0900" (and "09:00-10:00" for "0900-1000"), None for text that is not such a clock."""
    match = _DIGITS.match(text.strip())
    if match is None:
        return None
    ends = [(int(match[i]), int(match[i + 1])) for i in (1, 3) if match[i] is not None]
    if any(hour > 23 or minute > 59 or minute % 5 for hour, minute in ends) or ends != sorted(ends):
        return None  # "2027", "1193": a year or a number, not a clock on the five minutes; "2025-2020" no range
    return "-".join(f"{hour:02d}:{minute:02d}" for hour, minute in ends)


def colon_clocks(values: list[str], named: bool) -> bool:
    """Whether a column writes its times as digits without a colon ("0900", "1330-1500"): every filled cell is such
    a clock or another time on the five minutes (a year "2027" is none), and in a column no time header names, all
    are ranges."""
    filled = [value for value in values if value]
    read = [colon_clock(value) for value in filled]
    if not read or any(found is None and not is_time(value, None) for found, value in zip(read, filled, strict=True)):
        return False
    clocks = [found for found in read if found is not None]
    ranges = [found for found in clocks if "-" in found]
    return bool(clocks) and (named or len(ranges) == len(clocks))


@dataclass
class Moment:
    """A start or end as a cell gives it: a date, a time of day, or both, and a zone it states."""

    day: date | None
    clock: time | None
    zone: tzinfo | None = None


def _moment(text: str, first_day: date | None) -> Moment:
    """Read one end of a time cell: "08:00", "2027-05-15 08:00", "Mon, Jul 28 08:00", "2:30 PM EDT".

    :raise InvalidRecord: when it is none of these.
    """
    text, zone = split_zone(text)
    try:
        day, clock = parse_moment(text)
        return Moment(day, clock, zone)
    except InvalidRecord:
        pass
    if (parts := date_and_time(text)) and (day := read_day(parts[0], first_day)):
        return Moment(day, parts[1], zone)
    if day := read_day(text, first_day):
        return Moment(day, None, zone)
    raise InvalidRecord(f"cannot read {text!r} as a date or time")


def read_span(value: Any, first_day: date | None) -> tuple[Moment, Moment | None]:
    """Read a start cell, which may hold a range ("9:00 AM – 10:30 AM", "Mon, Jul 28 08:00–17:30").

    :raise InvalidRecord: when it reads as no time.
    """
    if (clock := spreadsheet_clock(value)) is not None:
        return Moment(None, clock), None
    if isinstance(value, datetime):
        return Moment(value.date(), value.time()), None
    if isinstance(value, date):
        return Moment(value, None), None
    text, zone = split_zone(clean_clock(str(value).strip()))
    if parts := split_range(text):
        start, end = _moment(parts[0], first_day), _moment(parts[1], first_day)
        start.zone = end.zone = start.zone or end.zone or zone
        return start, end
    start = _moment(text, first_day)
    start.zone = start.zone or zone
    return start, None


def glued(text: str, first_day: date | None) -> tuple[Moment, Moment, str] | None:
    """Read "10:15-10:30 Break": a range with the item's name after it, written in one cell."""
    words = text.split()
    for count in range(min(len(words) - 1, 6), 0, -1):
        head = " ".join(words[:count])
        if not any(ch.isdigit() for ch in head) or not split_range(clean_clock(head)):
            continue
        try:
            start, end = read_span(head, first_day)
        except InvalidRecord:
            continue
        if end is not None and start.clock is not None and end.clock is not None:
            return start, end, " ".join(words[count:])
    return None


def time_span(value: Any, first_day: date | None) -> tuple[Moment, Moment | None] | None:
    """Return the start and end a cell reads as, if it names a time of day; else None."""
    if value is None or value == "":
        return None
    try:
        span = read_span(value, first_day)
    except InvalidRecord:
        found = glued(value, first_day) if isinstance(value, str) else None
        span = found[:2] if found else None  # "09:00–10:00 — Morning Plenary Lecture": a slot's label
    return span if span and span[0].clock is not None else None


def is_time(value: Any, first_day: date | None) -> bool:
    """Whether a cell reads as a time of day or a range of them."""
    return time_span(value, first_day) is not None


def is_date(value: Any, first_day: date | None) -> bool:
    """Whether a cell reads as a date only."""
    if as_date(value):
        return True
    try:
        return isinstance(value, str) and leading_day(value.strip(), first_day) is not None
    except InvalidRecord:
        return False


def title_text(text: str) -> str:
    """Return a title on one line, without the HTML some exports leave in ("<i>AI</i>", a stray "</b>")."""
    if "<" in text or "&" in text:
        text = plain_text(text)
    return " ".join(text.split())


def heading_day(text: str, first_day: date | None) -> date | None:
    """Return the day a heading names, None for any other text (or a day that needs a first day not given)."""
    try:
        return leading_day(text, first_day) if len(text) <= 40 else None
    except InvalidRecord:
        return None
