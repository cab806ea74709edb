"""Reading dates, clock times, durations and zone names as schedules print them, and turning them into UTC.

The readers are cached because a program repeats the same few dates and times thousands of times.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from ...timeutil import known_zone
from .collector import InvalidRecord
from .languages import CLOCK_OPENERS, CLOCK_SUFFIXES, RANGE_OPENERS, RANGE_WORDS

UTC = UTC

_SUFFIX = "|".join(sorted(CLOCK_SUFFIXES, key=len, reverse=True))
#: "08:00", "8.30", "8:00 AM", "8 pm", "09h30", "14h", "14 Uhr", "9:30 Uhr", "14.00 h", "ore 9.00", "ore 9"
_CLOCK = re.compile(
    rf"^(?:(?P<opener>{'|'.join(CLOCK_OPENERS)})\s+)?(\d{{1,2}})(?:(?:[:.]|\s*(h)\s*)(\d{{2}}))?(?::(\d{{2}})(?:\.\d+)?)?"
    rf"\s*(?:([ap])\.?\s*m\.?|({_SUFFIX})\.?)?$",
    re.I,
)
_OPENER = re.compile(rf"^(?:(?:{'|'.join(RANGE_OPENERS)})\s+)+(?=\d)", re.I)  #: "von", "dalle ore"
_MERIDIEM = re.compile(r"[ap]\.?\s*m\.?$", re.I)
_DISPLAYED = re.compile(r"^(?:\(UTC[^)]*\)\s*)?(?P<region>\w+) Time \(US & Canada\)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_DATE_AND_TIME = re.compile(
    r"^(?P<date>.+?)[\sT,]+(?:um\s+|a\s+las\s+|à\s+|alle\s+|às\s+)?"
    rf"(?P<time>\d{{1,2}}(?::\d{{2}}(?::\d{{2}})?|h\d{{2}})?\s*(?:[ap]\.?\s*m\.?|(?:{_SUFFIX})\.?)?)$",
    re.I,
)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
# US programs write month first; dotted dates are European day-first
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%y",  # day-first where month-first cannot be: "15/05/2027"
)
_RANGE = re.compile(
    rf"^(?P<start>.+?)(?:\s*[–—‒―−~〜～]\s*|\s+(?:-|{'|'.join(RANGE_WORDS)})\s+"
    rf"|-(?=\s*\d{{1,2}}(?:[:.h]\d{{2}}|\s*[ap]|\s*(?:{_SUFFIX})\b)))(?P<end>.+)$",
    re.I,
)
_DURATION = re.compile(
    r"^(?:(?P<h>\d+):(?P<m>\d{2})(?::(?P<s>\d{2}))?|(?P<minutes>\d+)\s*(?:m|mins?|minutes?)?"
    r"|(?P<hours>\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?|std\.?|stunden?|heures?|horas?|ore)"
    r"|(?P<hm_h>\d+)\s*h\s*(?P<hm_m>\d{2})(?:\s*min)?)$",
    re.I,
)


@lru_cache(maxsize=1024)
def find_zone(name: str) -> ZoneInfo | None:
    """Return the IANA zone for an IANA or Windows name ("Eastern Standard Time", or as Outlook displays it:
    "(UTC-05:00) Eastern Time (US & Canada)"), or None if unknown."""
    name = name.strip()
    if displayed := _DISPLAYED.match(name):
        name = f"{displayed['region']} Standard Time"
    return known_zone(name) or known_zone(WINDOWS_TO_OLSON.get(name))


def _clock(text: str) -> time | None:
    """Return the time of day in text ("08:00", "8:00 AM", "8 pm", "24:00", "9h30", "14 Uhr"), or None if it is not
    one."""
    match = _CLOCK.match(text)
    if not match:
        return None
    hour, minute, second = int(match[2]), int(match[4] or 0), int(match[5] or 0)
    if match[6]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[6].lower() == "p" else 0)
    elif match[4] is None and match[7] is None and match["opener"] is None:
        return None  # a bare number is a duration or a day, not a time ("ore 9" is one)
    if (hour, minute, second) == (24, 0, 0):
        hour = 0  # "24:00" ends the day; the end-of-day rules move it to the next date
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _date(text: str) -> date | None:
    """Return the date in text (ISO, US "05/15/2027", "Saturday, May 15, 2027", ...), or None."""
    cleaned = _WEEKDAY.sub("", " ".join(text.replace(",", " ").split()))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


@lru_cache(maxsize=8192)
def parse_moment(text: str) -> tuple[date | None, time | None]:
    """Read a date, a time of day or both from one cell; a stated UTC offset stays on the time.

    :raise InvalidRecord: when the text is neither.
    """
    text = text.strip()
    clock = _clock(text)
    if clock is not None:
        return None, clock
    if _ISO_DATE.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return moment.date(), (moment.timetz() if len(text) > 10 else None)
    match = _DATE_AND_TIME.match(text)
    if match and (day := _date(match["date"])) and (clock := _clock(match["time"])) is not None:
        return day, clock
    day = _date(text)
    if day is None:
        raise InvalidRecord(f"cannot read {text!r} as a date or time")
    return day, None


def date_and_time(text: str) -> tuple[str, time] | None:
    """Split "Mon, Jul 28 08:00" into the date's text and the time, for dates only the caller can read."""
    match = _DATE_AND_TIME.match(text.strip())
    if not match or (clock := _clock(match["time"])) is None:
        return None
    return match["date"], clock


def read_clock(text: str) -> time | None:
    """Return the time of day text names ("08:00", "8 pm", "noon"), or None."""
    return _clock(text.strip())


def parse_timed(text: str, label: str) -> tuple[date | None, time]:
    """Read a start or end, which must at least name a time of day; label names it in the error.

    :raise InvalidRecord: when the text is not a date and time, or only a date.
    """
    day, clock = parse_moment(text)
    if clock is None:
        raise InvalidRecord(f"{label} {text!r} has no time of day")
    return day, clock


def split_range(text: str) -> tuple[str, str] | None:
    """Split "7:00 AM - 8:15 AM" into its two ends; the start borrows AM/PM from the end when it has none.

    An ISO 8601 moment is one end, whatever its offset ("2027-05-15T10:00:00-04:00").
    """
    text = text.strip()
    if _ISO_DATE.match(text) and _iso_moment(text):
        return None
    match = _RANGE.match(_OPENER.sub("", text))
    if not match:
        return None
    start, end = match["start"], match["end"]
    meridiem = _MERIDIEM.search(end)
    end_clock = _clock(end)
    bare_hour = start.strip().isdigit()  # "9 - 9:45 am": the hour alone borrows the end's am/pm
    if meridiem and end_clock and not _MERIDIEM.search(start) and (bare_hour or _clock(start) is not None):
        borrowed = _clock(f"{start} {meridiem[0]}")
        if borrowed is None:
            return start, end  # a 24-hour start ("13:00-2:00 PM") needs nothing borrowed
        if borrowed <= end_clock:
            return f"{start} {meridiem[0]}", end
        # "11:30-1:00 PM" starts in the morning
        other = "pm" if meridiem[0][0].lower() == "a" else "am"
        return f"{start} {other}", end
    return start, end


def _iso_moment(text: str) -> bool:
    """Whether text is one ISO 8601 date and time."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1024)
def parse_duration(text: str) -> timedelta:
    """Read a length: minutes ("90", "90 min"), "1:30", "01:30:00" or hours ("1.5 h").

    :raise InvalidRecord: when the text is not a length.
    """
    match = _DURATION.match(text.strip())
    if not match:
        raise InvalidRecord(f"cannot read {text!r} as a duration")
    if match["minutes"]:
        return timedelta(minutes=int(match["minutes"]))
    if match["hours"]:
        return timedelta(hours=float(match["hours"].replace(",", ".")))
    if match["hm_h"]:
        return timedelta(hours=int(match["hm_h"]), minutes=int(match["hm_m"]))
    return timedelta(hours=int(match["h"]), minutes=int(match["m"]), seconds=int(match["s"] or 0))


@lru_cache(maxsize=65536)
def to_utc(moment: datetime, zone: tzinfo | None) -> datetime:
    """Return moment in UTC; a moment without a zone is wall-clock time in zone.

    :raise InvalidRecord: for a wall-clock time that the zone skips when clocks go forward.
    """
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    utc = moment.replace(tzinfo=zone).astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != moment:
        raise InvalidRecord(f"{moment:%Y-%m-%d %H:%M} does not exist in {zone} (the clocks skip it)")
    return utc
