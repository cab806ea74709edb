"""An iCalendar file checked before and after icalendar reads it: more events, recurrence rules or RDATE/EXDATE
values than any program has are refused unread; a BEGIN without its END (which icalendar silently drops) and
broken VTIMEZONE blocks are refused, naming the line or zone."""

from __future__ import annotations

import re

from icalendar import Calendar
from icalendar.prop import vRecur

from . import limits, recurrence
from .collector import file_error
from .records import ImportOptions

_BEGIN_END = re.compile(r"^(BEGIN|END):([A-Za-z-]+)[ \t]*$", re.M | re.I)
_BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT[ \t]*$", re.M | re.I)
_RECURRENCE_LINE = re.compile(r"^(RRULE|RDATE|EXDATE)[;:][^\n]*(?:\n[ \t][^\n]*)*", re.M | re.I)  # with its folds
_UID = re.compile(r"^UID[;:][^\n]*?([^:\n]*)$", re.M | re.I)


def _line(text: str, position: int) -> int:
    """Return the number of the line a position in text is on."""
    return text.count("\n", 0, position) + 1


def _unbalanced(text: str) -> str | None:
    """Name the first BEGIN line without its END: icalendar silently drops such a calendar."""
    open_blocks: list[tuple[str, int]] = []
    for match in _BEGIN_END.finditer(text):
        kind, name = match[1].upper(), match[2].upper()
        if kind == "BEGIN":
            open_blocks.append((name, match.start()))
        elif open_blocks and open_blocks[-1][0] == name:
            open_blocks.pop()
        elif not open_blocks:
            return f"END:{name} on line {_line(text, match.start())} has no BEGIN:{name}"
        else:
            break
    if not open_blocks:
        return None
    name, position = open_blocks[-1]
    return f"BEGIN:{name} on line {_line(text, position)} has no END:{name} (is the file cut off?)"


def calendars(text: str, options: ImportOptions) -> list[Calendar]:
    """Return the calendars in the file, refusing ones that icalendar could only read in part."""
    events = sum(1 for _ in _BEGIN_EVENT.finditer(text))
    if events > limits.MAX_EVENTS:
        raise limits.too_large(options.filename, f"the file has {events} events", f"{limits.MAX_EVENTS} events")
    _check_recurrence_count(text, options)
    try:
        calendars = [c for c in Calendar.from_ical(text, multiple=True) if c.name == "VCALENDAR"]
    except ValueError as exc:
        raise file_error(options, f"not a readable iCalendar file: {exc}") from None
    problem = _unbalanced(text)
    if problem:
        raise file_error(options, problem)
    if not calendars:
        raise file_error(options, "no BEGIN:VCALENDAR: not an iCalendar file")
    for calendar in calendars:
        for zone in calendar.walk("VTIMEZONE"):
            for component in zone.walk():
                if component.errors:
                    name, message = component.errors[0]
                    raise file_error(options, f"broken {name} in VTIMEZONE {zone.get('TZID', '')}: {message}")
    return calendars


def _event_ref(text: str, position: int) -> str:
    """Name the event a position in the file is in: its UID, else the line."""
    begin = text.rfind("BEGIN:VEVENT", 0, position)
    uid = _UID.search(text, begin, text.find("END:VEVENT", position)) if begin >= 0 else None
    return f"UID {uid[1].strip()}" if uid else f"line {_line(text, position)}"


def _check_recurrence_count(text: str, options: ImportOptions) -> None:
    """Refuse, before icalendar reads them (1,100,000 RDATE values took it 35 s and 450 MB), more recurrence rules
    or RDATE/EXDATE values than any program has: each costs time to expand.

    :raise ScheduleFormatError: naming the first event beyond a limit.
    """
    rules = rare = dates = 0
    for match in _RECURRENCE_LINE.finditer(text):
        value = match[0].replace("\n ", "").replace("\n\t", "").partition(":")[2].strip()
        if match[1].upper() == "RRULE":
            rules += 1
            rare += _may_match_rarely(value)
        else:
            dates += value.count(",") + 1
        for count, limit, what in (
            (rules, limits.MAX_RULES, "recurrence rules"),
            (rare, limits.MAX_RARE_RULES, "recurrence rules with BYSETPOS or filters that must coincide"),
            (dates, limits.MAX_RECURRENCE_DATES, "RDATE and EXDATE values"),
        ):
            if count > limit:
                ref = _event_ref(text, match.start())
                raise limits.too_large(options.filename, f"{ref}: too many {what}", f"{limit} a file")


def _may_match_rarely(value: str) -> bool:
    """Whether an RRULE's value may match rarely; a broken one is reported later, with its event."""
    try:
        return recurrence.may_match_rarely(vRecur.from_ical(value))
    except ValueError:
        return False
