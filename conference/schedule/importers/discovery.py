"""Program data no tool defines: a site's nested JSON (days -> rooms -> sessions) or a `.js` file's literal data.

Sessions are found by meaning, as a table's columns are: an object with a key for a title and one for a
start (its own, or that of an untitled slot around it), at any depth and under any key names the table
reader knows, is a session, unless it holds such objects itself (then it is a day or a room around them).
What the objects around a session state is its context: a day's date, a room's name, a slot's start and
end, a key that is a date ("2027-05-15": [...]) or a room under "rooms". People, rooms and tracks named
by id are looked up in the lists of them the document holds.
Each session then becomes one row of a table, read by the table reader. A `.js` file is never run: the
first array or object literal assigned in it is read as JSON5 (pyjson5).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pyjson5

from .collector import InvalidRecord, file_error
from .columns import meaning
from .days import NeedsFirstDay, leading_day
from .detect import ASSIGNED, load_json
from .records import ImportOptions, ParsedSchedule, ScheduleFormatError
from .table import read_table
from .times import parse_moment

_CLOSING = {"[": "]", "{": "}"}
_LANGUAGE = re.compile(r"^[a-z]{2}(?:[-_][A-Za-z]+)?$")  #: "en", "de-formal", "pt_BR"
_PERSON_KEYS = ("publicname", "fullname", "displayname", "name", "title")  #: lower case, without "_"
_EPOCH_MS = 10**11  #: numbers above this are milliseconds since 1970, below it seconds
_EPOCH_FIRST = 10**8  #: numbers below this are no timestamps (1973)
_ROW = re.compile(r"\brow (\d+)\b")  #: how the table reader names a row: the header is row 1
#: fields whose people, rooms or tracks a session may name by the id of an object listed elsewhere
_REFERENCED = ("speakers", "chair", "room", "track")
#: what the objects around a session may state for it
_CONTEXT = ("date", "room", "start", "end")


def parse(text: str, options: ImportOptions) -> ParsedSchedule:
    """Parse a program's own JSON, or the data of a JavaScript file, into sessions.

    :raise ScheduleFormatError: when no object in it reads as a session, or one cannot be read.
    """
    document = _document(text, options)
    found = list(_sessions(document, {}, None))
    if not found:
        keys = sorted({key for obj in _objects(document) for key in obj})[:12]
        raise file_error(
            options,
            "no sessions found: no object has both a title and a start "
            f"(keys seen: {', '.join(keys) or 'none'}); name them with --map or export a known format",
        )
    header = _header(found)
    named = _named_by_id(document)
    rows = [[_cell(obj, context, key, named) for key, _ in header] for obj, context in found]
    try:
        parsed = read_table([[name for _, name in header], *rows], options, records_only=True)
    except ScheduleFormatError as exc:
        exc.args = (_by_session(str(exc)),)
        raise
    parsed.skipped = [_by_session(message) for message in parsed.skipped]
    parsed.warnings = [_by_session(message) for message in parsed.warnings]
    return parsed


def _by_session(message: str) -> str:
    """Return a message of the table reader naming the session ("session 3") where it names a row ("row 4")."""
    return _ROW.sub(lambda match: f"session {int(match[1]) - 1}", message)


def _named_by_id(document: Any) -> dict[str, dict[str, str]]:
    """Return field -> id -> name of the people, rooms and tracks a document lists apart from its sessions
    ("speakers": [{"id": 7, "name": "Ana Lopez"}]), for sessions that name them by id ("speakers": [7])."""
    named: dict[str, dict[str, str]] = {}
    pending = [document]
    while pending:
        current = pending.pop()
        items = current.values() if isinstance(current, dict) else current if isinstance(current, list) else ()
        if isinstance(current, dict):
            for key, value in current.items():
                field = _field(key)
                if field in _REFERENCED and isinstance(value, list):
                    for item in value:
                        if (
                            isinstance(item, dict)
                            and (identity := item.get("id")) is not None
                            and (name := _name(item))
                        ):
                            named.setdefault(field, {})[str(identity)] = name
        pending.extend(item for item in items if isinstance(item, (dict, list)))
    return named


def _document(text: str, options: ImportOptions) -> Any:
    """Return the JSON document in text, or the first literal a JavaScript file assigns that holds sessions
    (else its first literal: "const rooms = [...]" may come before the sessions).

    :raise ScheduleFormatError: when there is neither.
    """
    first = None
    for match in ASSIGNED.finditer(text):
        end = _literal_end(text, match.end())
        if end is None:
            continue
        try:
            literal = pyjson5.loads(text[match.end() : end])
        except (pyjson5.Json5Exception, ValueError, RecursionError):
            continue
        if _holds_sessions(literal, False):
            return literal
        first = (literal,) if first is None else first
    if first is not None:
        return first[0]
    try:
        return load_json(text, options.filename)[0]
    except ScheduleFormatError:
        raise file_error(options, "neither JSON nor a JavaScript file with its data in a literal") from None


def _literal_end(text: str, start: int) -> int | None:
    """Return where the bracketed literal at start ends, skipping strings and comments; None when it does not."""
    stack: list[str] = []
    index = start
    while index < len(text):
        char = text[index]
        if char in "\"'`":
            index = _string_end(text, index)
        elif text.startswith("//", index):
            index = text.find("\n", index) % (len(text) + 1)
        elif text.startswith("/*", index):
            index = (text.find("*/", index) + 1 or len(text)) + 1
            continue
        elif char in _CLOSING:
            stack.append(_CLOSING[char])
        elif char in "]}":
            if not stack or stack.pop() != char:
                return None
            if not stack:
                return index + 1
        index += 1
    return None


def _string_end(text: str, start: int) -> int:
    """Return the index of the quote that closes the string opening at start (the text's end if none)."""
    quote, index = text[start], start + 1
    while index < len(text) and text[index] != quote:
        index += 2 if text[index] == "\\" else 1
    return index


def _field(key: Any) -> str | None:
    """Return the field a key names ("startTime" a start, "speakers" the speakers), None for no field."""
    found = meaning(key) if isinstance(key, str) else None
    return found[0] if found else None


def _titled(obj: dict) -> bool:
    """Whether an object names a title in a key of its own (as text, or in several languages)."""
    return any(
        _field(key) == "title" for key, value in obj.items() if not isinstance(value, (dict, list)) or _languages(value)
    )


def _languages(value: Any) -> bool:
    """Whether a value is one text in several languages ({"en": "Hall 1", "de": "Saal 1"}, as pretalx writes)."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(key, str) and _LANGUAGE.match(key) and isinstance(text, str) for key, text in value.items())
    )


def _slotted(obj: dict) -> dict:
    """Return a session with the fields of its untitled timed part merged in ({"title": ..., "slot": {"start":
    ..., "room": ...}}), its own fields first."""
    merged = dict(obj)
    for key, value in obj.items():
        if isinstance(value, dict) and not _languages(value) and _timed_itself(value) and not _titled(value):
            del merged[key]
            merged.update({inner: item for inner, item in value.items() if inner not in obj})
    return merged


def _timed_itself(obj: dict) -> bool:
    """Whether an object names a start in a key of its own (or a date key that holds the time too)."""
    return any(
        _field(key) == "start" or _field(key) == "date" and _has_time(value)
        for key, value in obj.items()
        if not isinstance(value, (dict, list))
    )


def _holds_sessions(value: Any, timed_above: bool) -> bool:
    """Whether a value is or holds a titled object with a start: its own, or that of an untitled slot around it
    (timed_above: a slot above value)."""
    if isinstance(value, list):
        return any(_holds_sessions(item, timed_above) for item in value)
    if not isinstance(value, dict):
        return False
    titled = _titled(value)
    value = _slotted(value) if titled else value
    timed = _timed_itself(value)
    if titled and (timed or timed_above):
        return True
    passes_time = timed_above or timed and not titled
    return any(_holds_sessions(item, passes_time) for item in value.values() if isinstance(item, (dict, list)))


def _objects(value: Any) -> Iterator[dict]:
    """Yield every object in a value, outermost first."""
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            yield current
            pending.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            pending.extend(reversed(current))


def _sessions(
    value: Any, context: dict[str, Any], holder: str | None, listed: bool = False
) -> Iterator[tuple[dict, dict[str, Any]]]:
    """Yield (session, context) for each session in value; holder is the key value sits under, listed whether
    it is an item of the list there (a room of "rooms": [...]) rather than the value itself ("rooms": {...})."""
    if isinstance(value, list):
        for item in value:
            yield from _sessions(item, context, holder, listed=True)
        return
    if not isinstance(value, dict):
        return
    if _titled(value):
        value = _slotted(value)
    titled, timed = _titled(value), _timed_itself(value)
    session = titled and (timed or "start" in context)
    # a slot without a title ({"time": "09:00", "sessions": [...]}) gives its start to the sessions inside it
    passes_time = not session and ("start" in context or timed and not titled)
    inner = [
        (key, item)
        for key, item in value.items()
        if isinstance(item, (dict, list)) and _holds_sessions(item, passes_time)
    ]
    if session:
        yield value, context  # with the sessions it holds after it: its talks, when they fill it in order
        if not inner:
            return
    context = {**context, **_stated(value, holder)}
    for key, item in inner:
        child = context
        if isinstance(key, str) and (day := _day(key)) is not None:
            child = {**context, "date": day}  # {"2027-05-15": [...]}
        elif isinstance(key, str) and (not listed and _field(holder) == "room" or _room_name(key)):
            child = {**context, "room": key}  # "rooms": {"Hall A": [...]}, or "Hall A": [...] anywhere
        yield from _sessions(item, child, key)


def _room_name(key: str) -> bool:
    """Whether a key names a room ("Hall A", "Main Room", "Salle 2") rather than being the word for rooms."""
    found = meaning(key)
    return found is not None and found[0] == "room" and found[1] > 0


def _stated(obj: dict, holder: str | None) -> dict[str, Any]:
    """Return the date, room, start and end an object around sessions states: its own keys for them, or its
    name when it sits under "rooms" or "days"."""
    stated: dict[str, Any] = {}
    label = None
    for key, value in obj.items():
        if isinstance(value, (dict, list)) or value is None:
            continue
        field = _field(key)
        if field in _CONTEXT and field not in stated:
            stated[field] = value
        elif field == "title" and label is None:
            label = value
    wanted = _field(holder)
    if label is not None and wanted == "room":
        stated.setdefault("room", label)
    elif label is not None and wanted == "date" and _day(str(label)) is not None:
        stated.setdefault("date", label)
    return stated


def _day(text: str) -> str | None:
    """Return text when it names a day, even one only the first day completes ("Day 2", "Monday"), else None."""
    try:
        return text if leading_day(text, None) is not None else None
    except NeedsFirstDay:
        return text
    except InvalidRecord:
        return None


def _header(found: list[tuple[dict, dict[str, Any]]]) -> list[tuple[str, str]]:
    """Return (key, header) of every column: the sessions' keys in first-seen order, then the context's date and
    room (start, end) where no key of the sessions names them. A date key that holds times is the start when none is."""
    keys: dict[str, None] = {}
    for obj, _ in found:
        keys.update(dict.fromkeys(key for key in obj if isinstance(key, str)))
    fields = {_field(key) for key in keys}
    header = [(key, key) for key in keys]
    if "start" not in fields:
        header = [(key, "Start" if _field(key) == "date" and _timed(found, key) else name) for key, name in header]
    for name in _CONTEXT:
        if name not in fields and any(name in context for _, context in found):
            header.append((f"\0{name}", name.title()))
    return header


def _timed(found: list[tuple[dict, dict[str, Any]]], key: str) -> bool:
    """Whether a key's first value holds a time of day ("2027-05-15T09:00")."""
    return _has_time(next((obj[key] for obj, _ in found if obj.get(key) not in (None, "")), None))


def _has_time(value: Any) -> bool:
    """Whether a value is a moment with a time of day: a timestamp or "2027-05-15T09:00"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value >= _EPOCH_FIRST
    try:
        return isinstance(value, str) and parse_moment(value)[1] is not None
    except InvalidRecord:
        return False


def _cell(obj: dict, context: dict[str, Any], key: str, named: dict[str, dict[str, str]]) -> str:
    """Return the text of one field of a session: a context value, a list of names (given or by id), a timestamp
    as ISO 8601."""
    value = context.get(key[1:]) if key.startswith("\0") else obj.get(key)
    if value in (None, "") and (field := _field(key)) in _CONTEXT:
        value = context.get(field)  # a talk without its own date, inside a session that has one
    by_id = named.get(_field(key) or "", {})
    if isinstance(value, list):
        return "; ".join(filter(None, (by_id.get(str(item)) or _name(item) for item in value)))
    if isinstance(value, dict):
        return _name(value)
    if by_id and str(value) in by_id:
        return by_id[str(value)]
    timestamp = (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and _field(key) in ("start", "end", "end_date", "date")
    )
    if timestamp and value >= _EPOCH_FIRST:
        seconds = value / 1000 if value >= _EPOCH_MS else value
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    return "" if value is None else str(value)


def _name(value: Any) -> str:
    """Return what names a person, room or track given as an object ({"name": ...}) or as text."""
    if _languages(value):
        return value.get("en") or next(iter(value.values()))
    if isinstance(value, dict):
        texts = {key.lower().replace("_", ""): text for key, text in value.items() if isinstance(text, str) and text}
        name = next((texts[key] for key in _PERSON_KEYS if key in texts), "")
        name = name or " ".join(texts[key] for key in ("firstname", "lastname") if key in texts)
        # a person's affiliation beside the name ("organization": {"name": ...}), as the people columns read it
        where = next((_name(text) for key, text in value.items() if _field(key) == "affiliation"), "")
        return f"{name} ({where})" if name and where else name
    return "" if value is None or isinstance(value, list) else str(value)
