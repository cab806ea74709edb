"""The frab event model shared by schedule.xml and schedule.json (frab, pretalx, c3voc, FOSDEM's pentabarf).

Both formats nest conference -> day -> room -> event and give an event the same fields; the two
parsers only differ in how they walk the file and read a field, so they hand this module getters.
Generators get three things wrong that the rest of the file corrects: a <date> in UTC ("Z") whose clock
is its <start> though the conference's zone is not UTC (local times marked "Z": <start> in the zone
wins), an after-midnight event dated on the day it is listed under though its day ends after it (it
moves to the next date), and one event listed under several rooms (a shared break: one session in all
of them). An event without <duration> is kept as a starting time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .collector import Collector, InvalidRecord, file_error
from .people import display_name
from .records import ImportOptions, ParsedSchedule, ScheduleFormatError, SessionRecord
from .text import plain_text
from .times import find_zone, parse_duration, parse_moment, parse_timed, to_utc

Getter = Callable[[str], str]


class Event(NamedTuple):
    """One event as a parser finds it in the file."""

    get: Getter  #: reads one of the event's fields as text, "" when absent
    persons: list[str]
    room: str
    day: date | None  #: the date of the day it is listed under
    bounds: tuple[datetime, datetime] | None = None  #: when that day starts and ends, as the file states


def day_bounds(start: str, end: str) -> tuple[datetime, datetime] | None:
    """Return a day's stated start and end (ISO 8601 with offsets), None when either is missing or unreadable."""
    try:
        bounds = datetime.fromisoformat(start), datetime.fromisoformat(end)
    except ValueError:
        return None
    return bounds if all(moment.tzinfo for moment in bounds) else None


def syntax_error(
    options: ImportOptions, language: str, line: int, column: int, reason: str, cut_off: bool
) -> ScheduleFormatError:
    """Return the error for a file its parser rejects, saying where, and whether the file ended too early."""
    hint = " (is the file cut off?)" if cut_off else ""
    return file_error(options, f"malformed {language} at line {line}, column {column}: {reason}{hint}")


@dataclass(frozen=True)
class Conference:
    """What a schedule states for all its events."""

    zone: ZoneInfo | None
    day_change: time  #: events starting before this belong to the previous conference day
    options: ImportOptions

    @classmethod
    def stated(cls, zone_name: str, day_change: str, options: ImportOptions) -> Conference:
        """Return the conference from its <time_zone_name> and <day_change>; the caller's zone is the fallback.

        :raise ScheduleFormatError: for a zone name that is not a known zone.
        """
        zone = options.timezone
        if zone_name:
            zone = find_zone(zone_name)
            if zone is None:
                raise file_error(options, f"unknown time zone {zone_name!r} in time_zone_name")
        try:
            clock = parse_moment(day_change)[1] if day_change else None
        except InvalidRecord as exc:
            raise file_error(options, f"day_change: {exc}") from None
        return cls(zone, clock or time(0), options)

    def utc(self, moment: datetime) -> datetime:
        """Return moment in UTC; a moment without offset is in the conference's zone."""
        if moment.tzinfo is None and self.zone is None:
            raise file_error(
                self.options, "the schedule states no time zone (time_zone_name) for its times: a --timezone is needed"
            )
        return to_utc(moment, self.zone)


def day_date(stated: str, day: str, options: ImportOptions) -> date | None:
    """Return a day's date, which FOSDEM-style files need for every event time.

    :raise ScheduleFormatError: for a date that is not ISO 8601.
    """
    try:
        return date.fromisoformat(stated[:10]) if stated else None
    except ValueError:
        raise file_error(options, f"cannot read the date {stated!r} of day {day}") from None


def _event_ref(get: Getter, position: int) -> str:
    """Return how messages name an event: by its id, else its guid, else its place in the file."""
    return f"event {get('id') or get('guid') or f'#{position}'}"


class _Corrections:
    """Counts the events whose stated times were corrected, for one warning of each kind."""

    def __init__(self) -> None:
        self.offsets = 0
        self.next_day = 0
        self.no_duration = 0
        self.shared = 0

    def warn(self, collector: Collector, zone: ZoneInfo | None) -> None:
        """Add one warning per kind of correction made."""
        if self.offsets:
            collector.warn(
                "",
                f"{self.offsets} events' <date> offsets disagree with their <start> in {zone}: "
                "<start> in the conference's zone was used",
            )
        if self.next_day:
            collector.warn(
                "",
                f"{self.next_day} events after midnight dated on the day they are listed under "
                "were moved to the next date, where their day ends",
            )
        if self.no_duration:
            collector.warn("", f"{self.no_duration} events have no duration; they are kept as starting times")
        if self.shared:
            collector.warn("", f"{self.shared} events listed under several rooms are one session in all of them")


def _starts_at(event: Event, conference: Conference, corrections: _Corrections) -> datetime:
    """Return the start from <date> (ISO with offset) or, as FOSDEM's files need, the day's date and <start>;
    a start before the start of the day it is listed under (as stated, else at day_change), which ends a day
    later, is on the next date."""
    starts_at = _stated_start(event, conference, corrections)
    if event.bounds:
        early = starts_at < event.bounds[0] and starts_at + timedelta(days=1) <= event.bounds[1]
    else:  # no stated bounds: the day runs from day_change to day_change
        local = starts_at.astimezone(conference.zone) if conference.zone and event.get("date") else None
        early = local is not None and local.date() == event.day and local.time() < conference.day_change
    if early:
        corrections.next_day += 1
        return starts_at + timedelta(days=1)
    return starts_at


def _stated_start(event: Event, conference: Conference, corrections: _Corrections) -> datetime:
    """Return the start as <date> states it, or <start> in the conference's zone when the two disagree."""
    get = event.get
    stated, start = get("date"), get("start")
    if stated:
        try:
            moment = datetime.fromisoformat(stated)
        except ValueError:
            raise InvalidRecord(f"cannot read date {stated!r}") from None
        clock = parse_moment(start)[1] if start else None
        zone = conference.zone
        utc = moment.tzinfo is not None and moment.utcoffset() == timedelta()
        if clock and utc and zone and moment.astimezone(zone).time() != clock == moment.time():
            # "10:00Z" for a 10:00 start in Berlin: a "Z" written after local times is the mistake (an offset
            # such as +01:00 is written on purpose, and wins over a stated zone)
            corrections.offsets += 1
            return conference.utc(datetime.combine(moment.date(), clock))
        return conference.utc(moment)
    if not start:
        raise InvalidRecord("no start")
    on, clock = parse_timed(start, "start")
    on = on or event.day
    if on is None:
        raise InvalidRecord("no date: neither the event nor its day has one")
    if clock < conference.day_change:
        on += timedelta(days=1)
    return conference.utc(datetime.combine(on, clock))


def _identity(get: Getter) -> tuple[str, str]:
    """Return an event's (external_id, title), which name it even when the rest cannot be read."""
    return get("guid") or get("id"), get("title")


def _session(event: Event, conference: Conference, ref: str, corrections: _Corrections) -> SessionRecord:
    """Return the session a frab event describes.

    :raise InvalidRecord: for an event without title or start.
    """
    get = event.get
    title = " ".join(get("title").split())
    if not title:
        raise InvalidRecord("no title")
    starts_at = _starts_at(event, conference, corrections)
    duration = get("duration")
    if not duration:
        corrections.no_duration += 1
    texts = dict.fromkeys(text for field in ("abstract", "description") if (text := plain_text(get(field))))
    return SessionRecord(
        external_id=_identity(get)[0],
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + (parse_duration(duration) if duration else timedelta()),
        abstract="\n\n".join(texts),
        kind=get("type"),
        track=get("track"),
        room=get("room") or event.room,
        speakers=tuple(person for name in event.persons if (person := display_name(name))),
        source_ref=ref,
    )


def read_schedule(conference_field: Getter, events: Iterable[Event], options: ImportOptions) -> ParsedSchedule:
    """Return the schedule from its conference's fields and its events, which are read after the conference's.

    :raise ScheduleFormatError: for a bad time_zone_name or day_change or, without skip_invalid, a bad event.
    """
    zone_name = conference_field("time_zone_name")
    conference = Conference.stated(zone_name, conference_field("day_change"), options)
    collector = Collector(options)
    corrections = _Corrections()
    listed: dict[tuple[str, datetime], SessionRecord] = {}
    for position, event in enumerate(events, start=1):
        ref = _event_ref(event.get, position)
        with collector.record(ref, partial(_identity, event.get)):
            session = _session(event, conference, ref, corrections)
            key = (session.external_id, session.starts_at)
            if session.external_id and (first := listed.get(key)) is not None:
                if session.room and session.room not in first.room.split(", "):
                    first.room = f"{first.room}, {session.room}" if first.room else session.room
                    corrections.shared += 1
                continue
            listed[key] = session
            collector.add(session)
    corrections.warn(collector, conference.zone)
    stated_zone = conference.zone.key if zone_name else None  # type: ignore[union-attr]
    return collector.result(stated_zone, conference_field("title"))
