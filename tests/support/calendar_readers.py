"""One feed read by the parsers calendar apps are built on, each giving every event's starts in UTC.

Each reader answers {UID: [UTC starts within [since, until)]}: repeats expanded, tasks by their due
time. icalendar (with recurring-ical-events) and vobject are Python libraries; ical.js (Thunderbird,
Nextcloud) runs in node; libical (Evolution, GNOME, KDE's older tools) is called through ctypes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import recurring_ical_events
import vobject
from icalendar import Calendar

from tests.support.paths import ROOT

Starts = dict[str, list[datetime]]
#: Installed by `make calendar-tools`.
ICAL_JS = ROOT / ".calendar-tools" / "node_modules" / "ical.js" / "dist" / "ical.js"
ICAL_JS_READER = Path(__file__).with_name("icaljs_read.mjs")


def _utc(moment: datetime) -> datetime:
    """An aware time in UTC."""
    return moment.astimezone(UTC)


def read_with_icalendar(body: bytes, since: datetime, until: datetime) -> Starts:
    """icalendar, its repeats expanded by recurring-ical-events (as Home Assistant and others do)."""
    calendar = Calendar.from_ical(body)
    found: Starts = {str(event["UID"]): [] for event in calendar.walk("VEVENT")}
    for event in recurring_ical_events.of(calendar).between(since, until):
        found[str(event["UID"])].append(_utc(event.start))
    found.update({str(todo["UID"]): [_utc(todo["DUE"].dt)] for todo in calendar.walk("VTODO")})
    return found


def read_with_vobject(body: bytes, since: datetime, until: datetime) -> Starts:
    """vobject, which reads the feed's VTIMEZONEs itself and expands repeats with dateutil."""
    calendar = vobject.readOne(body.decode())
    found: Starts = {}
    for event in getattr(calendar, "vevent_list", []):
        if hasattr(event, "rrule"):
            starts = event.getrruleset(addRDate=True).between(since, until, inc=True)
            found[event.uid.value] = [_utc(start) for start in starts if start < until]
        else:
            start = _utc(event.dtstart.value)
            found[event.uid.value] = [start] if since <= start < until else []
    for todo in getattr(calendar, "vtodo_list", []):
        found[todo.uid.value] = [_utc(todo.due.value)]
    return found


def read_with_icaljs(body: bytes, since: datetime, until: datetime) -> Starts:
    """ical.js in node, through tests/icaljs_read.mjs."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the feed is not read with ical.js")
    if not ICAL_JS.is_file():
        pytest.skip(f"ical.js is not installed ({ICAL_JS}): run `make calendar-tools`")
    window = [moment.strftime("%Y-%m-%dT%H:%M:%SZ") for moment in (since, until)]
    result = subprocess.run(
        ["node", str(ICAL_JS_READER), str(ICAL_JS), *window], input=body, capture_output=True, check=True, timeout=60
    )
    found = json.loads(result.stdout)
    return {uid: [datetime.fromisoformat(start) for start in starts] for uid, starts in found.items()}


class _Time(ctypes.Structure):
    """libical's struct icaltimetype (libical 3)."""

    _fields_ = [
        (name, ctypes.c_int) for name in ("year", "month", "day", "hour", "minute", "second", "is_date", "is_daylight")
    ] + [("zone", ctypes.c_void_p)]


class _Span(ctypes.Structure):
    """libical's struct icaltime_span: UTC seconds."""

    _fields_ = [("start", ctypes.c_int64), ("end", ctypes.c_int64), ("is_busy", ctypes.c_int)]


_EACH = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_Span), ctypes.c_void_p)


def _libical():
    """libical 3 with the signatures used here, or a skip when it is not installed."""
    path = ctypes.util.find_library("ical")
    if path is None:
        pytest.skip("libical is not installed (Debian: libical3): the feed is not read with libical")
    lib = ctypes.CDLL(path)
    signatures = {
        "icalparser_parse_string": (ctypes.c_void_p, [ctypes.c_char_p]),
        "icalcomponent_string_to_kind": (ctypes.c_int, [ctypes.c_char_p]),
        "icalcomponent_get_first_component": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_int]),
        "icalcomponent_get_next_component": (ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_int]),
        "icalcomponent_get_uid": (ctypes.c_char_p, [ctypes.c_void_p]),
        "icalcomponent_get_due": (_Time, [ctypes.c_void_p]),
        "icalcomponent_foreach_recurrence": (None, [ctypes.c_void_p, _Time, _Time, _EACH, ctypes.c_void_p]),
        "icalcomponent_free": (None, [ctypes.c_void_p]),
        "icaltimezone_get_utc_timezone": (ctypes.c_void_p, []),
        "icaltime_from_timet_with_zone": (_Time, [ctypes.c_int64, ctypes.c_int, ctypes.c_void_p]),
        "icaltime_as_timet_with_zone": (ctypes.c_int64, [_Time, ctypes.c_void_p]),
    }
    for name, (result, arguments) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = result, arguments
    return lib


def read_with_libical(body: bytes, since: datetime, until: datetime) -> Starts:
    """libical's own expansion (icalcomponent_foreach_recurrence), times resolved by the feed's VTIMEZONEs."""
    lib = _libical()
    utc = lib.icaltimezone_get_utc_timezone()
    window = [lib.icaltime_from_timet_with_zone(int(moment.timestamp()), 0, utc) for moment in (since, until)]
    root = lib.icalparser_parse_string(body)
    assert root, "libical could not parse the feed"
    found: Starts = {}
    try:
        for kind in ("VEVENT", "VTODO"):
            number = lib.icalcomponent_string_to_kind(kind.encode())
            component = lib.icalcomponent_get_first_component(root, number)
            while component:
                uid = lib.icalcomponent_get_uid(component).decode()
                if kind == "VTODO":
                    due = lib.icalcomponent_get_due(component)
                    found[uid] = [datetime.fromtimestamp(lib.icaltime_as_timet_with_zone(due, due.zone), UTC)]
                else:
                    starts = found[uid] = []
                    collect = _EACH(
                        lambda _component, span, _data, starts=starts: starts.append(
                            datetime.fromtimestamp(span.contents.start, UTC)
                        )
                    )
                    lib.icalcomponent_foreach_recurrence(component, *window, collect, None)
                    starts[:] = [start for start in starts if since <= start < until]
                component = lib.icalcomponent_get_next_component(root, number)
    finally:
        lib.icalcomponent_free(root)
    return found


def by_entry(found: Starts) -> Starts:
    """Starts by entry, sorted: a repeat written as several events (UIDs ending -partN or -on-YYYYMMDD) is one."""
    entries: Starts = {}
    for uid, starts in found.items():
        entries.setdefault(re.sub(r"-(part\d+|on-\d{8})@", "@", uid), []).extend(starts)
    return {uid: sorted(starts) for uid, starts in entries.items()}


READERS: dict[str, Callable[[bytes, datetime, datetime], Starts]] = {
    "icalendar": read_with_icalendar,
    "vobject": read_with_vobject,
    "ical.js": read_with_icaljs,
    "libical": read_with_libical,
}
