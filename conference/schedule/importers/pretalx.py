"""pretalx and c3voc schedule.json: schedule.conference.days[].rooms{room: [events]}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from . import fahrplan
from .collector import file_error
from .records import ImportOptions, ParsedSchedule
from .text import storable_json


def _field(event: dict[str, Any], name: str) -> str:
    """Return an event field as text; JSON gives ids as numbers and absent fields as null."""
    value = event.get(name)
    return "" if value is None else str(value).strip()


def _person(person: Any) -> str:
    """Return a person's name: pretalx says public_name, older frab name, some tools a bare string."""
    if isinstance(person, dict):
        return str(person.get("public_name") or person.get("name") or "")
    return str(person)


def _mapping(value: Any, what: str, options: ImportOptions) -> dict[str, Any]:
    """Return value if it is a JSON object, as the format requires there.

    :raise ScheduleFormatError: when it is not.
    """
    if not isinstance(value, dict):
        raise file_error(options, f"{what} is not an object: not a pretalx/frab schedule.json")
    return value


def _list(value: Any, what: str, options: ImportOptions) -> list[Any]:
    """Return value if it is a JSON array (null counts as empty), as the format requires there.

    :raise ScheduleFormatError: when it is not.
    """
    if value is None:
        return []
    if not isinstance(value, list):
        raise file_error(options, f"{what} is not a list: not a pretalx/frab schedule.json")
    return value


def _events(conference: dict[str, Any], options: ImportOptions) -> Iterator[fahrplan.Event]:
    """Yield the events of every room of every day, in file order.

    :raise ScheduleFormatError: for a day, room list or event of the wrong JSON type, or a day's bad date.
    """
    position = 0
    for index, day_data in enumerate(_list(conference.get("days"), "days", options), start=1):
        day_data = _mapping(day_data, f"day {index}", options)
        day = fahrplan.day_date(_field(day_data, "date"), str(index), options)
        bounds = fahrplan.day_bounds(_field(day_data, "day_start"), _field(day_data, "day_end"))
        for room, events in _mapping(day_data.get("rooms") or {}, f"day {index} rooms", options).items():
            for event in _list(events, f"day {index} room {room!r}", options):
                position += 1
                event = _mapping(event, f"event {position}", options)
                persons = [
                    _person(person) for person in _list(event.get("persons"), f"event {position} persons", options)
                ]
                yield fahrplan.Event(partial(_field, event), persons, room, day, bounds)


def parse(text: str, options: ImportOptions) -> ParsedSchedule:
    """Parse a schedule.json into sessions in UTC.

    :raise ScheduleFormatError: for invalid or cut-off JSON, a file of another shape, or an unreadable event.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        cut_off = exc.pos >= len(text.rstrip())
        raise fahrplan.syntax_error(options, "JSON", exc.lineno, exc.colno, exc.msg, cut_off) from None
    except RecursionError:
        raise file_error(options, "JSON nested too deeply to be a schedule") from None
    storable_json(document, text, options.filename)
    schedule = _mapping(_mapping(document, "the file", options).get("schedule"), "schedule", options)
    conference = _mapping(schedule.get("conference"), "schedule.conference", options)
    return fahrplan.read_schedule(partial(_field, conference), _events(conference, options), options)
