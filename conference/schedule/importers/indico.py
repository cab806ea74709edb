"""Indico event exports: `export/event/N.json` with `detail=contributions` (each timed contribution is a
session) or `detail=sessions` (each session slot is a session, its contributions its talks, and a
contribution outside every slot a session of its own).

Every date object carries its own zone ({"date", "time", "tz"}), which need not be the event's: ACAT 2024
writes Europe/Zurich times for an event in US/Eastern. Times are converted from the object's zone; the
event's zone becomes the conference's.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from .collector import Collector, InvalidRecord, file_error
from .people import display_name
from .records import (
    ImportOptions,
    ParsedSchedule,
    Reading,
    SessionRecord,
    SpeakerRecord,
    TalkRecord,
    UncertainReading,
)
from .text import plain_text, with_filename
from .times import find_zone, to_utc

#: the levels an export that lists session slots and contributions may be read at (the option `level`)
LEVELS = ("sessions", "contributions")
#: how the app's upload form names each level (served by GET /api/v1/meta)
LEVEL_LABELS = {"sessions": "Session slots, with their talks", "contributions": "Contributions, each a session"}


def event_of(document: Any) -> dict[str, Any] | None:
    """Return the event of an Indico export (wrapped in HTTPAPIResult or not), None if it is not one."""
    if isinstance(document, dict) and isinstance(document.get("results"), list) and document["results"]:
        document = document["results"][0]
    if not isinstance(document, dict):
        return None
    is_event = "contributions" in document or ("sessions" in document and "startDate" in document)
    return document if is_event and ("_fossil" in document or "timezone" in document) else None


def _text(value: Any) -> str:
    """Return a field as one trimmed line."""
    return " ".join(str(value).split()) if value is not None else ""


def _moment(value: Any, what: str, fallback_zone) -> datetime | None:
    """Return an Indico date object ({"date", "time", "tz"}) in UTC; None when absent.

    :raise InvalidRecord: for one that cannot be read.
    """
    if not value:
        return None
    if not isinstance(value, dict):
        raise InvalidRecord(f"{what} is not a date object")
    zone = find_zone(str(value.get("tz") or "")) or fallback_zone
    try:
        moment = datetime.fromisoformat(f"{value.get('date')}T{value.get('time') or '00:00:00'}")
    except ValueError:
        raise InvalidRecord(f"cannot read {what} {value.get('date')!r} {value.get('time')!r}") from None
    if zone is None:
        raise InvalidRecord(f"{what} has no zone")
    return to_utc(moment, zone)


def _people(people: Any, role: str) -> tuple[SpeakerRecord, ...]:
    """Return people as "First Last" with their affiliation; Indico's fullName reads "Last, First"."""
    found = []
    for person in people or []:
        if not isinstance(person, dict):
            continue
        name = _text(f"{person.get('first_name') or ''} {person.get('last_name') or ''}")
        name = name or _text(person.get("fullName"))
        if record := display_name(name, role):
            found.append(SpeakerRecord(record.name, record.credentials, _text(person.get("affiliation")), role))
    return tuple(found)


def _title_of(value: Any) -> str:
    """Return a session's or track's title, which Indico gives as text or as an object."""
    return _text(value.get("title") if isinstance(value, dict) else value)


def _times(item: dict[str, Any], zone) -> tuple[datetime, datetime]:
    """Return an item's start and end in UTC.

    :raise InvalidRecord: when it has no start or ends before it starts.
    """
    starts_at = _moment(item.get("startDate"), "startDate", zone)
    if starts_at is None:
        raise InvalidRecord("no startDate: not on the timetable")
    ends_at = _moment(item.get("endDate"), "endDate", zone) or starts_at
    if ends_at < starts_at:
        raise InvalidRecord("endDate is before startDate")
    return starts_at, ends_at


def _contribution(item: dict[str, Any], zone, ref: str) -> SessionRecord:
    """Return a timed contribution as a session."""
    starts_at, ends_at = _times(item, zone)
    identity = _text(item.get("db_id") or item.get("id"))
    return SessionRecord(
        external_id=identity,
        title=_text(item.get("title")) or "(untitled)",
        starts_at=starts_at,
        ends_at=ends_at,
        code=_text(item.get("code") or item.get("friendly_id")),
        abstract=plain_text(str(item.get("description") or "")),
        kind=_title_of(item.get("type")),
        track=_title_of(item.get("track")) or _title_of(item.get("session")),
        room=_text(item.get("roomFullname") or item.get("room")),
        speakers=_people(item.get("speakers"), "presenter"),
        source_ref=ref,
    )


def _slot(item: dict[str, Any], zone, ref: str) -> SessionRecord:
    """Return a session slot (detail=sessions) with its contributions as talks."""
    starts_at, ends_at = _times(item, zone)
    talks, people = [], list(_people(item.get("conveners"), "chair"))
    for contribution in item.get("contributions") or []:
        if not isinstance(contribution, dict):
            continue
        speakers = _people(contribution.get("speakers"), "presenter")
        talk_start = _moment(contribution.get("startDate"), "startDate", zone)
        talk_end = _moment(contribution.get("endDate"), "endDate", zone)
        title, code = _text(contribution.get("title")), _text(contribution.get("code"))
        talks.append(TalkRecord(title, talk_start, talk_end, code, speakers))
        people += [person for person in speakers if person not in people]
    session = item.get("session") if isinstance(item.get("session"), dict) else {}
    return SessionRecord(
        external_id=_text(item.get("id")),
        title=_title_of(item.get("title")) or _title_of(session) or "(untitled)",
        starts_at=starts_at,
        ends_at=ends_at,
        code=_text(item.get("code") or session.get("code")),
        abstract=plain_text(str(item.get("description") or session.get("description") or "")),
        room=_text(item.get("roomFullname") or item.get("room")),
        speakers=tuple(people),
        source_ref=ref,
        talks=tuple(talks),
    )


def _items(event: dict[str, Any], options: ImportOptions, zone) -> list[tuple[str, Any, dict[str, Any]]]:
    """Return (kind, reader, item) of each session an event holds, in file order.

    Session slots (detail=sessions) are sessions with their contributions as talks; contributions listed
    beside them that no slot holds (a keynote, a break) are sessions of their own. Slots that list no
    contributions are only the frame of a flat list of contributions, which is then the program.
    options.level reads only slots ("sessions") or only contributions ("contributions").
    :raise UncertainReading: when no listed contribution is one a slot holds, yet some fall within a slot's
        time: the two lists may hold the same talks under other ids, or different ones.
    """
    slots = [item for item in event.get("sessions") or [] if isinstance(item, dict)]
    contributions = [item for item in event.get("contributions") or [] if isinstance(item, dict)]
    inside = {
        key
        for slot in slots
        for talk in slot.get("contributions") or []
        if isinstance(talk, dict)
        for key in _keys(talk)
    }
    if options.level == "contributions" or not inside and contributions and options.level != "sessions":
        return [("contribution", _contribution, item) for item in contributions]
    slot_items = [("session", _slot, slot) for slot in slots]
    if options.level == "sessions":
        return slot_items
    outside = [item for item in contributions if not _keys(item) & inside]
    if len(outside) == len(contributions) and any(_within_slot(item, slots, zone) for item in outside):
        raise _uncertain_level(options, len(slots), len(contributions))
    return slot_items + [("contribution", _contribution, item) for item in outside]


def _within_slot(item: dict[str, Any], slots: list[dict[str, Any]], zone) -> bool:
    """Whether a contribution starts within a slot's time (a contribution no date reads is within none)."""
    try:
        start = _moment(item.get("startDate"), "startDate", zone)
        spans = [_times(slot, zone) for slot in slots if slot.get("startDate")]
    except InvalidRecord:
        return False
    return start is not None and any(begin <= start < end for begin, end in spans)


def _uncertain_level(options: ImportOptions, slots: int, contributions: int) -> UncertainReading:
    """Return the refusal of an export whose slots and contributions may or may not be the same talks."""
    choices = [
        Reading(f"{slots} session slots with their talks", {"level": "sessions"}),
        Reading(f"{contributions} contributions, each a session", {"level": "contributions"}),
    ]
    message = (
        f"the {contributions} contributions listed beside the {slots} session slots are none of the slots' talks by "
        f"id, yet fall within the slots' times: give {choices[0].option()} or {choices[1].option()}"
    )
    return UncertainReading(with_filename(options.filename, message), choices)


def _keys(contribution: dict[str, Any]) -> set[str]:
    """Return what identifies a contribution in either of an export's lists: its ids, its title and start."""
    keys = {f"{name}:{contribution[name]}" for name in ("db_id", "id") if contribution.get(name)}
    return keys | {f"at:{contribution.get('title')}@{json.dumps(contribution.get('startDate'), sort_keys=True)}"}


def parse(document: Any, options: ImportOptions) -> ParsedSchedule:
    """Parse an Indico event export.

    :raise ScheduleFormatError: for an export without an event, or with a bad item.
    """
    event = event_of(document)
    if event is None:
        raise file_error(options, "JSON without an Indico event (results[0] with contributions or sessions)")
    zone_name = _text(event.get("timezone"))
    zone = find_zone(zone_name) if zone_name else options.timezone
    collector = Collector(options)
    for kind, read, item in _items(event, options, zone):
        ref = f"{kind} {item.get('id') or item.get('db_id') or ''}".strip()
        if not item.get("startDate"):
            collector.warn(ref, "no startDate: not on the timetable, left out")
            continue
        with collector.record(ref):
            collector.sessions.append(read(item, zone, ref))
    return collector.result(timezone=zone_name if find_zone(zone_name) else None, name=_text(event.get("title")))
