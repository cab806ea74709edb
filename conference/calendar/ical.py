"""The feed's iCalendar text: pure functions from loaded records to bytes, over the icalendar library.

Nothing here queries the database or reads the clock: every value comes from the records
passed in, so the same records always give the same bytes (ETags and UIDs depend on it).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, Todo
from icalendar.prop import vDuration

from ..networking.drafts import Draft
from ..networking.followups import ACTION_TITLES
from ..networking.models import FollowUp
from ..targets.agenda import AgendaItem

PRODID = "-//Conference networking//Follow-ups and agenda//EN"
#: How often clients are asked to refresh; Google and Outlook decide for themselves.
REFRESH = timedelta(hours=1)
#: A follow-up shows as a short event at its due time.
FOLLOWUP_LENGTH = timedelta(minutes=15)
#: VTODO priorities (1 highest, 9 lowest) by how close the tie is.
PRIORITY_BY_TIE = {"core": 1, "supportive": 5, "expanded": 9}
TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


# UIDs: made of what identifies an item everywhere (its client-made id, the program's own
# session id), never of database row numbers, so a re-import or another server keeps them.


def followup_uid(followup_id, domain: str) -> str:
    """The UID of a follow-up's event."""
    return f"followup-{followup_id}@{domain}"


def followup_task_uid(followup_id, domain: str) -> str:
    """The UID of a follow-up's task (one UID per component: clients merge equal ones)."""
    return f"followup-{followup_id}-task@{domain}"


def session_uid(conference_slug: str, external_id: str, domain: str) -> str:
    """The UID of a session, from its conference and the identity its program file gives it."""
    digest = hashlib.sha256(external_id.encode()).hexdigest()[:24]
    return f"session-{conference_slug}-{digest}@{domain}"


# Follow-ups.


def followup_summary(followup: FollowUp) -> str:
    """Action and contact, then the user's own title when it says more: "Email Dr. Lee: thank you"."""
    plain = ACTION_TITLES[followup.action].format(name=followup.contact.name)
    title = followup.title.strip()
    summary = plain if not title or title == plain else f"{plain}: {title}"
    return f"Done: {summary}" if followup.status == "done" else summary


def followup_time(followup: FollowUp) -> datetime:
    """When the follow-up is due: a snooze moves it later."""
    if followup.snoozed_until is not None and followup.snoozed_until > followup.due_at:
        return followup.snoozed_until
    return followup.due_at


def followup_description(followup: FollowUp, takeaway: str, draft: Draft | None) -> str:
    """The action, the takeaway to mention, and the draft email's link; never private notes."""
    lines = [followup_summary(followup)]
    if takeaway:
        lines.append(f"Takeaway: {takeaway}")
    if followup.repeat_every_months and followup.status == "open":
        lines.append(f"Repeats every {followup.repeat_every_months} months.")
    if draft is not None:
        lines.append(f"Draft email ({draft.subject}): {draft.mailto}")
    return "\n".join(lines)


def followup_entry(
    followup: FollowUp, takeaway: str, draft: Draft | None, tz: ZoneInfo, alarm_before: timedelta | None, domain: str
) -> Entry:
    """A follow-up as an event in the user's zone; only open ones remind, and only open repeating ones repeat."""
    start = followup_time(followup).astimezone(tz)
    is_open = followup.status == "open"
    return Entry(
        uid=followup_uid(followup.id, domain),
        summary=followup_summary(followup),
        description=followup_description(followup, takeaway, draft),
        starts_at=start,
        ends_at=start + FOLLOWUP_LENGTH,
        sequence=followup.version,
        modified_at=max(record.updated_at for record in (followup, followup.contact, followup.encounter) if record),
        cancelled=followup.status == "cancelled",
        alarm_before=alarm_before if is_open else None,
        repeat_months=followup.repeat_every_months if is_open else None,
    )


def followup_task(entry: Entry, followup: FollowUp, domain: str) -> Task:
    """The same follow-up as a task with a due time, status, priority and completion time."""
    return Task(
        uid=followup_task_uid(followup.id, domain),
        summary=entry.summary,
        description=entry.description,
        due_at=entry.starts_at,
        status=TODO_STATUS[followup.status],
        priority=PRIORITY_BY_TIE.get(followup.contact.tie_strength, 5),
        completed_at=followup.done_at if followup.status == "done" else None,
        sequence=entry.sequence,
        modified_at=entry.modified_at,
        alarm_before=entry.alarm_before,
    )


# Agenda sessions.


def session_description(item: AgendaItem) -> str:
    """Why the session is on the agenda and who speaks, then the program's abstract."""
    session = item.session
    lines = []
    if session.status == "cancelled":
        lines.append("Cancelled by the organizers.")
    lines += [f"On your agenda: {reason.name} ({reason.kind}, {reason.priority})" for reason in item.reasons]
    speakers = [
        ", ".join(part for part in (a.speaker.name, a.speaker.credentials, a.speaker.affiliation) if part)
        for a in session.appearances
    ]
    if speakers:
        lines.append("Speakers: " + "; ".join(speakers))
    if session.abstract:
        lines += ["", session.abstract]
    return "\n".join(lines)


def session_entry(item: AgendaItem, domain: str) -> Entry:
    """An agenda session as an event in the conference's zone, in its room."""
    session = item.session
    conference = session.conference
    tz = conference.tz
    modified = max([session.updated_at, *(a.speaker.updated_at for a in session.appearances)])
    return Entry(
        uid=session_uid(conference.slug, session.external_id, domain),
        summary=session.title,
        description=session_description(item),
        starts_at=session.starts_at.astimezone(tz),
        ends_at=session.ends_at.astimezone(tz),
        sequence=session.version,
        modified_at=modified,
        cancelled=session.status == "cancelled",
        location=session.room,
    )


# The calendar.


def _alarm(summary: str, before: timedelta, related_to_end: bool = False) -> Alarm:
    """A display reminder `before` the start (or the due time, for tasks)."""
    alarm = Alarm.new(description=summary)
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before, parameters={"RELATED": "END"} if related_to_end else None)
    return alarm


def _shared(item: Entry | Task) -> dict:
    """What events and tasks both carry; DTSTAMP is the last change, so unchanged items give unchanged text."""
    stamp = item.modified_at.astimezone(timezone.utc)
    return {
        "uid": item.uid, "stamp": stamp, "last_modified": stamp, "summary": item.summary,
        "description": item.description, "sequence": item.sequence,
    }  # fmt: skip


def _event(entry: Entry) -> Event:
    """The VEVENT of an entry, repeating and reminding when it says so."""
    event = Event.new(
        **_shared(entry),
        start=entry.starts_at,
        end=entry.ends_at,
        location=entry.location or None,
        status="CANCELLED" if entry.cancelled else "CONFIRMED",
    )
    if entry.repeat_months:
        event.add("rrule", {"freq": "monthly", "interval": entry.repeat_months})
    if entry.alarm_before is not None:
        event.add_component(_alarm(entry.summary, entry.alarm_before))
    return event


def _todo(task: Task) -> Todo:
    """The VTODO of a task; with only DUE, its reminder is relative to the due time."""
    todo = Todo.new(**_shared(task), status=task.status, priority=task.priority)
    todo.add("due", task.due_at)
    if task.completed_at is not None:
        todo.add("completed", task.completed_at.astimezone(timezone.utc))
    if task.alarm_before is not None:
        todo.add_component(_alarm(task.summary, task.alarm_before, related_to_end=True))
    return todo


def calendar_bytes(name: str, calendar_uid: str, entries: list[Entry], tasks: list[Task] | None = None) -> bytes:
    """The whole feed: calendar properties, a VTIMEZONE for every zone used, events and tasks."""
    calendar = Calendar.new(prodid=PRODID, uid=calendar_uid, name=name, calscale="GREGORIAN")
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; Outlook and Google read X-PUBLISHED-TTL.
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    tasks = tasks or []
    moments = [entry.starts_at for entry in entries] + [task.due_at for task in tasks]
    if moments:
        years = (min(moments).year, max(moments).year + 1)  # a year more for what repeats
        for name in sorted({_zone_name(moment) for moment in moments} - UTC_NAMES):
            calendar.add_component(vtimezone(name, *years))
    items = [event_bytes(entry) for entry in entries] + [task_bytes(task) for task in tasks]
    return serialize(calendar).removesuffix(END) + b"".join(items) + END


#: The calendar's last line; events and tasks go before it.
END = b"END:VCALENDAR\r\n"
#: Items whose text each process keeps (about 1-2 KB each): a feed rebuilt after a change then
#: serializes only the items that changed.
ITEM_CACHE = 10_000


def event_bytes(entry: Entry) -> bytes:
    """One VEVENT's text; entries are values, so an equal entry always gives the same text."""
    return _event_text(entry, _zone_name(entry.starts_at))


def task_bytes(task: Task) -> bytes:
    """One VTODO's text, kept like events'."""
    return _task_text(task, _zone_name(task.due_at))


def _zone_name(moment: datetime) -> str:
    """The zone a time is written in: part of the cache key, as equal instants in two zones compare equal."""
    return getattr(moment.tzinfo, "key", "UTC")


@lru_cache(maxsize=ITEM_CACHE)
def _event_text(entry: Entry, zone: str) -> bytes:
    """The cached text of an event in a zone."""
    return serialize(_event(entry))


@lru_cache(maxsize=ITEM_CACHE)
def _task_text(task: Task, zone: str) -> bytes:
    """The cached text of a task in a zone."""
    return serialize(_todo(task))


#: Zones icalendar writes as UTC ("...Z"), which need no VTIMEZONE.
UTC_NAMES = frozenset({"UTC", "Etc/UTC"})


@lru_cache(maxsize=256)
def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """A zone's definition over whole years (about 200 bytes a year; made once per process).

    Whole years keep definitions of one TZID alike across feeds, and short: some parsers
    misread long lists of transitions.
    """
    return Timezone.from_tzinfo(ZoneInfo(name), first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31))


def serialize(calendar: Calendar) -> bytes:
    """The calendar's bytes, as Calendar.to_ical() gives them, folded without walking each character."""
    return b"".join(fold(line) + b"\r\n" for line in calendar.content_lines() if line)


#: Octets per folded line, the leading space of continuation lines included (RFC 5545, 3.1).
FOLD_AT = 74


def fold(line: str) -> bytes:
    """Fold a content line at 75 octets, never inside a UTF-8 character or after an escaping backslash."""
    data = line.encode()
    pieces = []
    start = 0
    while len(data) - start > FOLD_AT:
        end = start + FOLD_AT
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's start
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)

