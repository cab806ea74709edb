"""iCalendar text (RFC 5545) from plain entries: events, tasks, repeats, reminders, escaping, folding, durations.

Nothing here queries the database, reads the clock or knows a feature: the same entries always
give the same bytes (ETags and UIDs depend on it). Time-zone blocks come from zones.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar
from icalendar.prop import vDuration

from .repeats import is_unclear, repeat_parts
from .zones import vtimezone_lines

PRODID = "-//Conference networking//Follow-ups and agenda//EN"
#: How often clients are asked to refresh; Google and Outlook decide for themselves.
REFRESH = timedelta(hours=1)


@dataclass(slots=True)
class Entry:
    """One VEVENT: a follow-up at its due time, or an agenda session."""

    uid: str
    summary: str
    description: str
    starts_at: datetime  #: aware, in the zone the calendar shows it in
    ends_at: datetime
    sequence: int
    modified_at: datetime
    cancelled: bool = False
    location: str = ""
    alarm_before: timedelta | None = None
    repeat_months: int | None = None


@dataclass(slots=True)
class Task:
    """One VTODO, for clients that show tasks."""

    uid: str
    summary: str
    description: str
    due_at: datetime
    status: str
    priority: int
    completed_at: datetime | None
    sequence: int
    modified_at: datetime
    alarm_before: timedelta | None = None


# The calendar: icalendar writes its properties; time zones (zones.py), events and tasks are written here.


def calendar_bytes(
    name: str,
    calendar_uid: str,
    entries: list[Entry],
    tasks: list[Task] | None = None,
    *,
    repeats_until: datetime,
    prodid: str = PRODID,
    refresh: timedelta = REFRESH,
) -> bytes:
    """The whole feed: calendar properties, a VTIMEZONE for every zone used, events and tasks (see `event_bytes`)."""
    calendar = Calendar.new(prodid=prodid, uid=calendar_uid, name=name, calscale="GREGORIAN")
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; Outlook and Google read X-PUBLISHED-TTL.
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    tasks = tasks or []
    moments = [entry.starts_at for entry in entries] + [task.due_at for task in tasks]
    definitions = b""
    if moments:
        first_year = min(moments).year
        names = sorted({_zone_name(moment) for moment in moments} - UTC_NAMES)
        definitions = b"".join(vtimezone(name, first_year) for name in names)
    items = [event_bytes(entry, repeats_until) for entry in entries] + [task_bytes(task) for task in tasks]
    return serialize(calendar).removesuffix(END) + definitions + b"".join(items) + END


#: The calendar's last line; events and tasks go before it.
END = b"END:VCALENDAR\r\n"


# Events and tasks, written directly: a fixed set of properties, about ten times faster than
# building icalendar components (the tests parse every feed with icalendar and vobject).


def event_bytes(entry: Entry, repeats_until: datetime) -> bytes:
    """An entry's VEVENT, repeating and reminding when it says so; a repeat may take several (see `repeat_parts`).

    A repeat the rules leave out (its local time happens twice or never, up to `repeats_until`) is
    an event of its own in UTC, at the instant the app means: libraries read such local times either
    way. Clients refetch the feed, so the horizon moves with it.
    """
    if not entry.repeat_months:
        return _vevent(entry, entry.uid, entry.starts_at, entry.ends_at)
    length = entry.ends_at - entry.starts_at.astimezone(UTC)  # in real time: a doubled hour's end may read earlier
    rules, left_out = repeat_parts(entry.starts_at, entry.repeat_months, repeats_until)
    return b"".join(
        [_vevent(entry, part_uid(entry.uid, n), start, start + length, rule) for n, (start, rule) in enumerate(rules)]
        + [_vevent(entry, day_uid(entry.uid, start), start, _later(start, length)) for start in left_out]
    )


def _vevent(entry: Entry, uid: str, start: datetime, end: datetime, rule: str | None = None) -> bytes:
    """One VEVENT of an entry, from `start` to `end`, repeating by `rule` when there is one."""
    lines = [
        "BEGIN:VEVENT",
        *_shared(entry, uid),
        _moment("DTSTART", start, exact=rule is None),
        _moment("DTEND", end, exact=rule is None),
        "STATUS:CANCELLED" if entry.cancelled else "STATUS:CONFIRMED",
    ]
    if entry.location:
        lines.append("LOCATION:" + escape_text(entry.location))
    if rule:
        lines.append("RRULE:" + rule)
    if entry.alarm_before is not None:
        lines += _alarm(entry.summary, entry.alarm_before, "TRIGGER")
    lines.append("END:VEVENT")
    return content_lines(lines)


def _later(start: datetime, length: timedelta) -> datetime:
    """The end of a repeat that `start` begins, `length` later in real time (a skipped hour is no time)."""
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def part_uid(uid: str, number: int) -> str:
    """The UID of the n-th rule of a repeat written as several (the first keeps the entry's own)."""
    if not number:
        return uid
    name, at, domain = uid.rpartition("@")
    return f"{name}-part{number}{at}{domain}"


def day_uid(uid: str, start: datetime) -> str:
    """The UID of a repeat written as an event of its own: the entry's, with the local day it falls on."""
    name, at, domain = uid.rpartition("@")
    return f"{name}-on-{start:%Y%m%d}{at}{domain}"


def task_bytes(task: Task) -> bytes:
    """One VTODO; with only DUE, its reminder is relative to the due time (RELATED=END)."""
    lines = [
        "BEGIN:VTODO",
        *_shared(task),
        _moment("DUE", task.due_at),
        f"STATUS:{task.status}",
        f"PRIORITY:{task.priority}",
    ]
    if task.completed_at is not None:
        lines.append(_moment("COMPLETED", task.completed_at.astimezone(UTC)))
    if task.alarm_before is not None:
        lines += _alarm(task.summary, task.alarm_before, "TRIGGER;RELATED=END")
    lines.append("END:VTODO")
    return content_lines(lines)


def _shared(item: Entry | Task, uid: str | None = None) -> list[str]:
    """What events and tasks both carry; DTSTAMP is the last change, so unchanged items give unchanged text."""
    stamp = _moment("", item.modified_at.astimezone(UTC))
    return [
        "UID:" + escape_text(uid or item.uid),
        "DTSTAMP" + stamp,
        "LAST-MODIFIED" + stamp,
        f"SEQUENCE:{item.sequence}",
        "SUMMARY:" + escape_text(item.summary),
        "DESCRIPTION:" + escape_text(item.description),
    ]


def _alarm(summary: str, before: timedelta, trigger: str) -> list[str]:
    """A display reminder `before` the start (or the due time, for tasks)."""
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:" + escape_text(summary),
        f"{trigger}:{duration(-before)}",
        "END:VALARM",
    ]


def _moment(name: str, moment: datetime, exact: bool = True) -> str:
    """A DATE-TIME property: UTC as "...Z", else local time with its zone's TZID (RFC 5545, 3.3.5).

    An `exact` time whose local reading is unclear (the hour the clocks fall back, or the one they
    skip) is written in UTC: RFC 5545 means the first of two, but several parsers take the second.
    A repeating event's start must stay local, so that its repeats keep their wall-clock time.
    """
    zone = _zone_name(moment)
    if zone in UTC_NAMES or (exact and is_unclear(moment)):
        moment = moment.astimezone(UTC)
        return f"{name}:{_stamp(moment)}Z"
    return f"{name};TZID={zone}:{_stamp(moment)}"


def _stamp(moment: datetime) -> str:
    """A time as YYYYMMDDTHHMMSS (whole seconds)."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def duration(delta: timedelta) -> str:
    """A DURATION value (RFC 5545, 3.3.6): "-PT1H", "-PT30M", "-P7D", "PT0S"."""
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or (hours and seconds) else "")
    clock += f"{seconds}S" if seconds else ""
    text = f"{days}D" if days else ""
    if clock or not days:
        text += "T" + (clock or "0S")
    return f"{sign}P{text}"


#: The control characters TEXT may not hold (all but tab and line feed).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: What becomes of them: line breaks (CRLF and lone CR) become LF, the others are dropped.
_CONTROLS = re.compile(r"\r\n?|[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and newline escaped, controls dropped."""
    if _CONTROL.search(text):
        text = _CONTROLS.sub(lambda match: "\n" if match.group().startswith("\r") else "", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _zone_name(moment: datetime) -> str:
    """The zone a time is written in: an IANA name, or UTC for zones without one."""
    return getattr(moment.tzinfo, "key", "UTC")


#: Zones written as UTC ("...Z"), which need no VTIMEZONE.
UTC_NAMES = frozenset({"UTC", "Etc/UTC"})


@lru_cache(maxsize=256)
def vtimezone(name: str, first_year: int) -> bytes:
    """A zone's VTIMEZONE, right from the start of `first_year` on and forever, as repeats run (made once a process)."""
    return content_lines(vtimezone_lines(name, first_year))


def serialize(calendar: Calendar) -> bytes:
    """The calendar's bytes, as Calendar.to_ical() gives them."""
    return content_lines(line for line in calendar.content_lines() if line)


def content_lines(lines: Iterable[str]) -> bytes:
    """Content lines as UTF-8, folded, each ended by CRLF (the empty last item ends the last line)."""
    return b"\r\n".join([*map(fold, lines), b""])


#: Octets per folded line, the leading space of continuation lines included (RFC 5545, 3.1).
FOLD_AT = 75


def fold(line: str) -> bytes:
    """Fold a content line at 75 octets, never inside a UTF-8 character or a backslash escape.

    Unfolding makes any split harmless to a correct parser; keeping escapes whole spares lax ones.
    """
    data = line.encode()
    if len(data) <= FOLD_AT:
        return data
    # ASCII: any octet may end a line, unless it leaves an escape open (the octets that would end all but the last)
    if len(data) == len(line) and b"\\" not in data[FOLD_AT - 1 : -1 : FOLD_AT - 1]:
        return b"\r\n ".join(
            [data[:FOLD_AT], *(data[at : at + FOLD_AT - 1] for at in range(FOLD_AT, len(data), FOLD_AT - 1))]
        )
    pieces = []
    start, width = 0, FOLD_AT  # the first line has 75 octets, continuation lines a space and 74
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        backslashes = len(data[start:end]) - len(data[start:end].rstrip(b"\\"))
        if backslashes % 2 and end - 1 > start:  # the line would end inside an escape: keep it whole
            end -= 1
        pieces.append(data[start:end])
        start, width = end, FOLD_AT - 1
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)
