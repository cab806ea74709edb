"""Sessionize API exports: view/All (sessions with speaker, room and category ids), view/Sessions and view/GridSmart.

Sessionize writes naive local times ("2026-06-12T10:00:00") and no zone: they are in the conference's zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .collector import Collector, InvalidRecord, file_error
from .columns import meaning
from .people import display_name
from .records import ImportOptions, ParsedSchedule, SessionRecord
from .text import plain_text
from .times import to_utc


def is_sessionize(document: Any) -> bool:
    """Whether a JSON document is one of Sessionize's views, judged by the keys only Sessionize uses."""
    if isinstance(document, dict):
        return isinstance(document.get("sessions"), list) and ("speakers" in document or "rooms" in document)
    first = document[0] if isinstance(document, list) and document else None
    return isinstance(first, dict) and (
        ("groupId" in first and "sessions" in first) or ("timeSlots" in first and "rooms" in first)
    )


def _text(value: Any) -> str:
    """Return a field as one trimmed line; Sessionize leaves titles with stray spaces."""
    return " ".join(str(value).split()) if value is not None else ""


class _Lookups:
    """Speakers, rooms and category items by id, as view/All refers to them."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.speakers = {
            str(s.get("id")): s.get("fullName") or f"{s.get('firstName', '')} {s.get('lastName', '')}"
            for s in document.get("speakers") or []
            if isinstance(s, dict)
        }
        self.rooms = {r.get("id"): r.get("name") for r in document.get("rooms") or [] if isinstance(r, dict)}
        self.items: dict[Any, tuple[str, str]] = {}
        for group in document.get("categories") or []:
            found = meaning(_text(group.get("title"))) if isinstance(group, dict) else None
            for item in group.get("items") or [] if isinstance(group, dict) else []:
                if found and found[0] in ("kind", "track") and isinstance(item, dict):
                    self.items[item.get("id")] = (found[0], _text(item.get("name")))


def _sessions(document: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """Yield every session with the room name a grouped view gives it (view/All resolves rooms by id)."""
    if isinstance(document, dict):
        yield from ((s, "") for s in document["sessions"])
        return
    for group in document:
        if not isinstance(group, dict):
            continue
        yield from ((s, "") for s in group.get("sessions") or [])
        for room in group.get("rooms") or []:
            if isinstance(room, dict):
                yield from ((s, _text(room.get("name"))) for s in room.get("sessions") or [])


def _people(session: dict[str, Any], lookups: _Lookups):
    """Return the session's speakers: ids resolved through view/All's list, or the grouped views' objects."""
    people = []
    for speaker in session.get("speakers") or []:
        name = speaker.get("name") if isinstance(speaker, dict) else lookups.speakers.get(str(speaker), "")
        if person := display_name(_text(name)):
            people.append(person)
    return tuple(people)


def _categories(session: dict[str, Any], lookups: _Lookups) -> dict[str, str]:
    """Return kind and track from the session's category items ("Session format", "Track", "Category")."""
    found: dict[str, str] = {}
    for item in session.get("categoryItems") or []:
        if item in lookups.items:
            field, name = lookups.items[item]
            found.setdefault(field, name)
    for group in session.get("categories") or []:
        named = meaning(_text(group.get("name"))) if isinstance(group, dict) else None
        items = group.get("categoryItems") or [] if isinstance(group, dict) else []
        if named and named[0] in ("kind", "track") and items and isinstance(items[0], dict):
            found.setdefault(named[0], _text(items[0].get("name")))
    return found


def parse(document: Any, options: ImportOptions) -> ParsedSchedule:
    """Parse a Sessionize export; its local times are in options.timezone.

    :raise ScheduleFormatError: without a zone, or for a session without a readable time.
    """
    if options.timezone is None:
        raise file_error(options, "Sessionize times carry no zone: a --timezone is needed (e.g. America/New_York)")
    lookups = _Lookups(document if isinstance(document, dict) else {})
    collector = Collector(options)
    for position, (session, room) in enumerate(_sessions(document), start=1):
        if not isinstance(session, dict):
            continue
        ref = f"session {session.get('id') or position}"
        with collector.record(ref):
            if not session.get("startsAt"):
                raise InvalidRecord("no startsAt: the session is not on the schedule yet")
            try:
                starts_at, ends_at = (
                    to_utc(datetime.fromisoformat(str(value)), options.timezone)
                    for value in (session["startsAt"], session.get("endsAt") or session["startsAt"])
                )
            except ValueError:
                raise InvalidRecord(f"cannot read {session.get('startsAt')!r} as a time") from None
            if ends_at < starts_at:
                raise InvalidRecord("endsAt is before startsAt")
            identity = _text(session.get("id"))
            if not _text(session.get("title")):
                raise InvalidRecord("no title")
            collector.sessions.append(
                SessionRecord(
                    external_id=identity,
                    title=_text(session.get("title")),
                    starts_at=starts_at,
                    ends_at=ends_at,
                    abstract=plain_text(str(session.get("description") or "")),
                    room=room or _text(session.get("room") or lookups.rooms.get(session.get("roomId"), "")),
                    speakers=_people(session, lookups),
                    source_ref=ref,
                    **_categories(session, lookups),
                )
            )
    return collector.result()
