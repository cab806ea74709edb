"""The frab event model shared by schedule.xml and schedule.json (frab, pretalx, c3voc, FOSDEM's pentabarf).

Both formats nest conference -> day -> room -> event and give an event the same fields; the two
parsers only differ in how they walk the file and read a field, so they hand this module getters.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable, NamedTuple
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


def _starts_at(get: Getter, day: date | None, conference: Conference) -> datetime:
    """Return the start from <date> (ISO with offset) or, as FOSDEM's files need, the day's date and <start>."""
    stated = get("date")
    if stated:
        try:
            moment = datetime.fromisoformat(stated)
        except ValueError:
            raise InvalidRecord(f"cannot read date {stated!r}") from None
        return conference.utc(moment)
    start = get("start")
    if not start:
        raise InvalidRecord("no start")
    on, clock = parse_timed(start, "start")
    on = on or day
    if on is None:
        raise InvalidRecord("no date: neither the event nor its day has one")
    if clock < conference.day_change:
        on += timedelta(days=1)
    return conference.utc(datetime.combine(on, clock))


def _identity(get: Getter) -> tuple[str, str]:
    """Return an event's (external_id, title), which name it even when the rest cannot be read."""
    return get("guid") or get("id"), get("title")


def _session(event: Event, conference: Conference, ref: str) -> SessionRecord:
    """Return the session a frab event describes.

    :raise InvalidRecord: for an event without title, start or duration.
    """
    get = event.get
    title = " ".join(get("title").split())
    if not title:
        raise InvalidRecord("no title")
    starts_at = _starts_at(get, event.day, conference)
    duration = get("duration")
    if not duration:
        raise InvalidRecord("no duration")
    texts = dict.fromkeys(text for field in ("abstract", "description") if (text := plain_text(get(field))))
    return SessionRecord(
        external_id=_identity(get)[0],
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + parse_duration(duration),
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
    for position, event in enumerate(events, start=1):
        ref = _event_ref(event.get, position)
        with collector.record(ref, partial(_identity, event.get)):
            collector.add(_session(event, conference, ref))
    stated_zone = conference.zone.key if zone_name else None  # type: ignore[union-attr]
    return collector.result(stated_zone, conference_field("title"))
