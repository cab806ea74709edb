"""iCalendar files (.ics): each VEVENT, or each occurrence of a recurring one, is a session.

Recurring events are expanded between options.first_day and options.last_day. Without those dates the
file's one-off events mark the conference, and recurrences are expanded over the days they span; a file
with recurring events only keeps each series' first occurrence, looked for in the MAX_DAYS days from its
DTSTART. Both cases add a warning. Expansion is bounded whatever the rule says: over at most MAX_DAYS
days, into at most MAX_OCCURRENCES sessions per file; a rule that would step through more than
MAX_STEPS instants to get there or whose filters cannot match (see recurrence.py), and a file with more
than limits.MAX_RULES rules or limits.MAX_RECURRENCE_DATES RDATE/EXDATE values are refused (calendar_file.py).
An occurrence's external_id is "UID@" + its RECURRENCE-ID in UTC (ISO 8601), which stays put when the
occurrence is moved. All-day events (registration days, holidays) are not sessions: they are skipped
with a warning. Floating times are in the file's X-WR-TIMEZONE, else in options.timezone.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import partial

import recurring_ical_events
from icalendar import Calendar, Event
from icalendar.prop import vDDDTypes
from icalendar.timezone import tzp

from . import calendar_file, recurrence
from .collector import MAX_DAYS, Collector, InvalidRecord, file_error
from .people import display_name, parse_people, take_role_lines
from .records import ImportOptions, ParsedSchedule, SessionRecord, SpeakerRecord
from .text import plain_text
from .times import UTC, find_zone, to_utc
from .zones import KnownZones

tzp.use(KnownZones())

# a broken property among these makes the event unreadable; others are reported and ignored
_READ = frozenset(
    [
        "UID",
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "DESCRIPTION",
        "LOCATION",
        "CATEGORIES",
        "ATTENDEE",
        "ORGANIZER",
    ]
)
# PyCon UK style: "Python's Infamous GIL (talk by Larry Hastings)"
_GIVEN_BY = re.compile(
    r"\s*\((?P<kind>talk|lightning talk|workshop|tutorial|demo|panel|keynote|session) by (?P<names>[^()]+)\)$", re.I
)
_NOT_SPEAKERS = frozenset({"ROOM", "RESOURCE", "GROUP"})
_BRACED = re.compile(r"^\{(.*)\}$", re.S)  # "{Grand rounds}": a template's placeholder braces left in
_LOCATION_LABEL = re.compile(r"^(?:location|room|venue|salle|lieu|raum|ort|sala|lugar|local)\s*:\s*", re.I)
_UNTITLED = "Untitled session"
_LONGEST_TITLE = 120  #: a description's first line longer than this is no title
#: the most sessions all recurring events of one file may expand into
MAX_OCCURRENCES = 5000
#: the most instants a rule may step through (occurrences before the window included) before it is refused
MAX_STEPS = 200_000
_PERIOD = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86400,
    "WEEKLY": 7 * 86400,
    "MONTHLY": 28 * 86400,
    "YEARLY": 365 * 86400,
}
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS")


def _listed(event: Event, name: str) -> list:
    """Return a property that may appear several times (RRULE, RDATE, EXDATE) as a list of its lines."""
    value = event.get(name, [])
    return value if isinstance(value, list) else [value]


#: Generators whose SUMMARY is "Title - Speakers" whenever a session has speakers, by their PRODID.
_SPEAKERS_IN_SUMMARY = re.compile(r"//(?:sched\.com|sched|pretalx)\b", re.I)


def _sched_people(names: str) -> tuple[SpeakerRecord, ...]:
    """Read "Name, Job Title, Company & Name, Job Title, Company": the name first, the organisation last."""
    people = []
    for entry in names.split(" & "):
        name, *rest = [part.strip() for part in entry.split(",")]
        if person := display_name(name):
            people.append(SpeakerRecord(person.name, person.credentials, rest[-1] if rest else ""))
    return tuple(people)


def _speakers(
    event: Event, description: str, title: str, speakers_in_summary: bool = False
) -> tuple[tuple[SpeakerRecord, ...], str, str, str]:
    """Return the speakers found anywhere in the event, and the title, kind and description without them."""
    named = [
        display_name(attendee.name, "chair" if attendee.params.get("ROLE", "").upper() == "CHAIR" else "presenter")
        for attendee in event.attendees
        if attendee.params.get("CUTYPE", "").upper() not in _NOT_SPEAKERS
    ]
    if event.organizer is not None:
        named.append(display_name(event.organizer.name, "organizer"))
    people = [person for person in named if person]
    listed, description = take_role_lines(description)
    people.extend(listed)
    kind = ""
    if given_by := _GIVEN_BY.search(title):
        people.extend(parse_people(given_by["names"]))
        title, kind = title[: given_by.start()], given_by["kind"].lower()
    elif str(event.get("UID", "")).startswith("pretalx-") and " - " in title:
        # pretalx writes "Title - Speaker, Speaker" and nothing else puts speakers there
        title, _, names = title.rpartition(" - ")
        people.extend(parse_people(names))
    elif speakers_in_summary and " - " in title and not people:
        title, _, names = title.rpartition(" - ")
        people.extend(_sched_people(names) if " & " in names or "," in names else parse_people(names))
    unique: dict[str, SpeakerRecord] = {}
    for person in people:
        unique.setdefault(person.name.casefold(), person)
    return tuple(unique.values()), title, kind, description


def _identity(event: Event, uid: str) -> tuple[str, str]:
    """Return an event's (UID, title), which name it even when the rest cannot be read."""
    return uid, str(event.get("SUMMARY", ""))


class _CalendarReader:
    """Reads the events of one VCALENDAR into the collector."""

    def __init__(self, calendar: Calendar, options: ImportOptions, collector: Collector) -> None:
        self.calendar = calendar
        self.options = options
        self.collector = collector
        self.stated_zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
        self.speakers_in_summary = bool(_SPEAKERS_IN_SUMMARY.search(str(calendar.get("PRODID", ""))))
        self.floating = options.timezone
        if self.stated_zone:
            self.floating = find_zone(self.stated_zone)
            if self.floating is None:
                raise file_error(options, f"unknown time zone {self.stated_zone!r} in X-WR-TIMEZONE")

    def zone_name(self) -> str | None:
        """Return the IANA zone the file states: X-WR-TIMEZONE, or the one zone its times use."""
        if self.stated_zone:
            return self.floating.key  # type: ignore[union-attr]
        zones = {zone.key for tzid in self.calendar.get_used_tzids() if (zone := find_zone(tzid))}
        return zones.pop() if len(zones) == 1 else None

    def read(self) -> None:
        """Add a session for every timed event and every occurrence of a recurring one."""
        events = self.calendar.walk("VEVENT")
        series: dict[str, list[Event]] = {}
        recurring = {str(e.get("UID", "")) for e in events if "RRULE" in e or "RDATE" in e}
        days: list[date] = []
        for position, event in enumerate(events, start=1):
            uid = str(event.get("UID", ""))
            if uid in recurring:
                series.setdefault(uid, []).append(event)
                continue
            ref = f"UID {uid}" if uid else f"VEVENT {position}"
            with self.collector.record(ref, partial(_identity, event, uid)):
                if self._timed(event, ref):
                    self.collector.add(self._session(event, uid, ref))
                    days += [event["DTSTART"].dt.date(), event.get("DTEND", event["DTSTART"]).dt.date()]
        if series:
            self._expand(series, self._window(days))

    def _window(self, days: list[date]) -> tuple[date, date] | None:
        """Return the days to expand recurring events over, or None for first occurrences only."""
        first = self.options.first_day or min(days, default=None)
        last = self.options.last_day or max(days, default=None)
        if first is None or last is None:
            advice = "give the conference dates to import them all"
            self.collector.warn("", f"recurring events: only each one's first occurrence is imported; {advice}")
            return None
        last = min(last, first + timedelta(days=MAX_DAYS - 1))
        if not (self.options.first_day and self.options.last_day):
            advice = "the days of the one-off events; give the conference dates to change this"
            self.collector.warn("", f"recurring events: occurrences from {first} to {last} are imported, {advice}")
        return first, last + timedelta(days=1)

    def _expand(self, series: dict[str, list[Event]], window: tuple[date, date] | None) -> None:
        """Add a session for each occurrence of each recurring event within the window (without one, the first
        occurrence within MAX_DAYS days of the series' start)."""
        budget = MAX_OCCURRENCES
        for uid, events in series.items():
            ref = f"UID {uid}"
            with self.collector.record(ref, partial(_identity, events[0], uid)):
                calendar = Calendar()
                if self.stated_zone:
                    calendar["X-WR-TIMEZONE"] = self.stated_zone
                timed = [event for event in events if self._timed(event, ref)]
                if not timed:
                    continue
                days = window or self._own_window(timed)
                for event in timed:
                    self._check_size(event, days, budget)
                    calendar.add_component(event)
                occurrences = self._occurrences(calendar, days, budget)[: None if window else 1]
                budget -= len(occurrences)
                for occurrence in occurrences:
                    recurrence_at = self._utc(occurrence["RECURRENCE-ID"], "RECURRENCE-ID")
                    external_id = f"{uid}@{recurrence_at.isoformat()}"
                    self.collector.add(self._session(occurrence, external_id, f"{ref} at {recurrence_at}"))

    def _own_window(self, events: list[Event]) -> tuple[date, date]:
        """Return the MAX_DAYS days from a series' first DTSTART, in the calendar's zone: where its first
        occurrence is looked for when the conference's days are unknown."""
        first = min(self._utc(event["DTSTART"], "DTSTART") for event in events)
        day = first.astimezone(self.floating).date() if self.floating else first.date()
        return day, day + timedelta(days=MAX_DAYS)

    def _occurrences(self, calendar: Calendar, window: tuple[date, date], budget: int) -> list[Event]:
        """Return the occurrences of one series within the window, in order.

        :raise InvalidRecord: for a recurrence that cannot be expanded or has more occurrences than budget.
        """
        try:
            found = recurring_ical_events.of(calendar).between(*window)
        except (recurring_ical_events.InvalidCalendar, ValueError) as exc:
            raise InvalidRecord(f"cannot expand the recurrence: {exc}") from None
        if len(found) > budget:
            raise InvalidRecord(f"recurring events make more than {MAX_OCCURRENCES} sessions in the file's days")
        return found

    def _check_size(self, event: Event, window: tuple[date, date], budget: int) -> None:
        """Refuse, before expanding it, a series whose rules could make more than budget sessions or take too long.

        The bound is worked out from each rule's frequency, interval and BY* lists: the instants from its
        start to the window's end (dateutil steps through those before the window too) and the sessions
        inside the window.
        :raise InvalidRecord: naming the rule.
        """
        start, end = self._utc(event["DTSTART"], "DTSTART"), self._day_start(window[1])
        inside = (end - max(start, self._day_start(window[0]))).total_seconds()
        before_end = (end - start).total_seconds()
        for rule in _listed(event, "RRULE"):
            recurrence.check_rule(rule, event["DTSTART"].dt)
            interval = max(int(rule.get("INTERVAL", [1])[0]), 1)
            period = _PERIOD.get(str(rule.get("FREQ", ["DAILY"])[0]).upper(), 1) * interval
            per_period = math.prod(len(rule.get(part, [None])) for part in _BY_PARTS)
            count = int(rule.get("COUNT", [MAX_STEPS])[0])
            text = rule.to_ical().decode()
            if max(before_end, period) / period * per_period > MAX_STEPS:
                raise InvalidRecord(f"the recurrence {text} is too dense to expand")
            periods_inside = max(inside / period, 1) if inside > 0 else 0
            if min(periods_inside * per_period, count) > budget:
                raise InvalidRecord(
                    f"the recurrence {text} makes more than {MAX_OCCURRENCES} sessions in the file's days"
                )

    def _timed(self, event: Event, ref: str) -> bool:
        """Return whether the event has a start time; an all-day event is skipped with a warning.

        :raise InvalidRecord: for a broken property the session needs or an unknown zone.
        """
        for name, message in event.errors:
            if name.upper() in _READ:
                params = getattr(event.get(name), "params", {})
                raise InvalidRecord(f"broken {name}{''.join(f';{k}={v}' for k, v in params.items())}: {message}")
            self.collector.warn(ref, f"broken {name} ignored: {message}")
        if "DTSTART" not in event:
            raise InvalidRecord("no DTSTART")
        if not isinstance(event["DTSTART"].dt, datetime):
            title = str(event.get("SUMMARY", "")).strip()
            self.collector.warn(ref, f"all-day event {title!r} is not a session; skipped")
            return False
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            value = event.get(name)
            tzid = value.params.get("TZID") if value is not None else None
            if tzid and isinstance(value.dt, datetime) and value.dt.tzinfo is None:
                raise InvalidRecord(f"unknown time zone {tzid!r} in {name}")
        return True

    def _day_start(self, day: date) -> datetime:
        """Return when a day starts in the calendar's zone (UTC when the file and caller state none), in UTC."""
        return to_utc(datetime.combine(day, time()), self.floating or UTC)

    def _utc(self, value: vDDDTypes, name: str) -> datetime:
        """Return a DTSTART-like value in UTC; floating times are in the calendar's zone."""
        moment = value.dt
        if not isinstance(moment, datetime):
            raise InvalidRecord(f"{name} is a date; a time is needed")
        if moment.tzinfo is None and self.floating is None:
            advice = "a --timezone is needed"
            raise file_error(self.options, f"{name} {moment} has no time zone and the file states none: {advice}")
        return to_utc(moment, self.floating)

    def _session(self, event: Event, external_id: str, ref: str) -> SessionRecord:
        """Return the session an event (or one occurrence of it) describes."""
        starts_at = self._utc(event["DTSTART"], "DTSTART")
        if "DTEND" in event:
            ends_at = self._utc(event["DTEND"], "DTEND")
        else:
            ends_at = starts_at + (event["DURATION"].dt if "DURATION" in event else timedelta())
        if ends_at < starts_at:
            raise InvalidRecord(f"end {ends_at:%Y-%m-%d %H:%M} UTC is before start {starts_at:%Y-%m-%d %H:%M} UTC")
        title = _unbraced(" ".join(str(event.get("SUMMARY", "")).split()))
        description = plain_text(str(event.get("DESCRIPTION", "")))
        speakers, title, kind, abstract = _speakers(event, description, title, self.speakers_in_summary)
        if not title:
            title = _title_from(abstract)
            self.collector.warn(ref, f"no SUMMARY (RFC 5545 makes it optional): imported as {title!r}")
        return SessionRecord(
            external_id=external_id,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            abstract=abstract,
            kind=kind,
            track=", ".join(str(category) for category in event.categories),
            room=_LOCATION_LABEL.sub("", _unbraced(str(event.get("LOCATION", "")).strip())),
            speakers=speakers,
            source_ref=ref,
        )


def _unbraced(text: str) -> str:
    """Return a SUMMARY or LOCATION without the braces some generators leave around it."""
    return match[1].strip() if (match := _BRACED.match(text)) else text


def _title_from(description: str) -> str:
    """Return the title of an event without SUMMARY: its description's first line when short, else a placeholder."""
    first = description.strip().split("\n", 1)[0].strip()
    return first if first and len(first) <= _LONGEST_TITLE else _UNTITLED


def _without_shared_address(sessions: list[SessionRecord]) -> list[SessionRecord]:
    """Drop the venue's address that most LOCATIONs repeat after the room ("Hall 12, Amsterdam, Netherlands")."""
    rooms = [[part.strip() for part in session.room.split(",")] for session in sessions if session.room]
    suffix: list[str] = []
    while True:
        candidate = None
        counts: dict[str, int] = {}
        for parts in rooms:
            if len(parts) > len(suffix) + 1 and parts[len(parts) - len(suffix) :] == suffix:
                part = parts[-len(suffix) - 1]
                counts[part] = counts.get(part, 0) + 1
        if counts:
            part, count = max(counts.items(), key=lambda item: item[1])
            candidate = part if count >= 0.9 * len(rooms) and len({tuple(p) for p in rooms}) > 1 else None
        if candidate is None:
            break
        suffix.insert(0, candidate)
    if not suffix:
        return sessions
    tail = ", " + ", ".join(suffix)
    return [
        replace(s, room=s.room.strip().removesuffix(tail)) if s.room.strip().endswith(tail) else s for s in sessions
    ]


def parse(text: str, options: ImportOptions) -> ParsedSchedule:
    """Parse an iCalendar file into sessions in UTC.

    :raise ScheduleFormatError: for an unreadable or cut-off file, or an event that cannot be read.
    """
    collector = Collector(options)
    calendars = calendar_file.calendars(text, options)
    readers = [_CalendarReader(calendar, options, collector) for calendar in calendars]
    for reader in readers:
        reader.read()
    collector.sessions[:] = _without_shared_address(collector.sessions)
    first = readers[0].calendar
    return collector.result(readers[0].zone_name(), str(first.get("X-WR-CALNAME", "")).strip())
