"""VTIMEZONE blocks that every calendar reads alike, valid from a given year on and forever.

A zone's past changes are single onsets (DTSTART only) and its current rule (the POSIX rule
at the end of its TZif file) becomes yearly RRULEs without an end, the way Outlook and Google
write zones. No block carries an RDATE: ical.js then ignores the block's DTSTART.
"""

from __future__ import annotations

import importlib.resources
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

#: RRULE weekday names, Monday first as in Python.
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: Rule changes that no RRULE can say (Cairo's autumn one, the day after the last Thursday) are written one onset
#: a year, up to this many years after the feed's first year.
SPELLED_OUT_YEARS = 100


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a zone's offset: from when (UTC), the offsets before and after, and its name.

    `dst` marks a change to a larger offset, written as DAYLIGHT: where the tz database calls winter
    time daylight time (Dublin, Casablanca), some parsers misread a DAYLIGHT block that moves clocks back.
    """

    at: datetime
    before: int
    after: int
    name: str
    dst: bool


@dataclass(frozen=True, slots=True)
class YearlyDate:
    """A POSIX rule date ("M3.2.0/2", "J60", "59/2"): the local day and time a change happens each year."""

    form: str  #: "M" (month, week, weekday), "J" (day 1-365, never Feb 29) or "" (day 0-365)
    numbers: tuple[int, ...]
    seconds: int  #: local time, in the offset before the change; may be negative or past 24 h

    def on(self, year: int) -> datetime:
        """The change's local (naive) time in a year."""
        if self.form == "M":
            month, week, posix_weekday = self.numbers
            first = date(year, month, 1)
            day = 1 + (((posix_weekday - 1) % 7) - first.weekday()) % 7 + 7 * (week - 1)
            while day > _month_length(year, month):
                day -= 7
            start = date(year, month, day)
        elif self.form == "J":
            start = date(year, 1, 1) + timedelta(days=self.numbers[0] - 1)
            if _is_leap(year) and self.numbers[0] >= 60:
                start += timedelta(days=1)
        else:
            start = date(year, 1, 1) + timedelta(days=self.numbers[0])
        return datetime.combine(start, datetime.min.time()) + timedelta(seconds=self.seconds)

    def rrule(self) -> str | None:
        """The same yearly date as an RRULE read from the change's DTSTART, or None when none says it."""
        shift, clock = divmod(self.seconds, 86400)
        if self.form == "J" and not shift:
            day = date(2001, 1, 1) + timedelta(days=self.numbers[0] - 1)  # a year without Feb 29
            return f"FREQ=YEARLY;BYMONTH={day.month};BYMONTHDAY={day.day}"
        if self.form != "M":
            return None
        month, week, posix_weekday = self.numbers
        weekday = WEEKDAYS[(posix_weekday - 1 + shift) % 7]
        if not shift:
            return f"FREQ=YEARLY;BYMONTH={month};BYDAY={week if week < 5 else -1}{weekday}"
        # A time past midnight ("M3.4.4/26": Thursday + 26 h) moves the week: that weekday in a range of days.
        longest = _month_length(2000, month)
        first = (7 * (week - 1) + 1 if week < 5 else longest - 6) + shift
        if first < 1 or first + 6 > (longest if month != 2 else 28) or (week == 5 and month == 2):
            return None
        days = ",".join(str(day) for day in range(first, first + 7))
        return f"FREQ=YEARLY;BYMONTH={month};BYDAY={weekday};BYMONTHDAY={days}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A zone's current rule: standard time, and daylight time between two yearly dates when it has one."""

    std_name: str
    std: int
    dst_name: str | None = None
    dst: int | None = None
    begins: YearlyDate | None = None  #: standard -> daylight, in standard time
    ends: YearlyDate | None = None  #: daylight -> standard, in daylight time

    def changes(self, year: int) -> list[Change]:
        """The rule's changes in a year, in time order.

        The change to the larger offset is the daylight one (see `Change`), whatever the law calls it.
        """
        if self.begins is None or self.ends is None or self.dst is None or self.dst_name is None:
            return []
        ahead = self.dst > self.std
        pairs = (
            Change(_utc(self.begins.on(year), self.std), self.std, self.dst, self.dst_name, ahead),
            Change(_utc(self.ends.on(year), self.dst), self.dst, self.std, self.std_name, not ahead),
        )
        return sorted(pairs, key=lambda change: change.at)


_NAME = r"[A-Za-z]{3,}|<[+\-0-9A-Za-z]+>"
_HOURS = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_DATE = r"M\d{1,2}\.\d\.\d|J\d{1,3}|\d{1,3}"
_POSIX = re.compile(
    rf"(?P<std_name>{_NAME})(?P<std>{_HOURS})"
    rf"(?:(?P<dst_name>{_NAME})(?P<dst>{_HOURS})?"
    rf"(?:,(?P<begins>{_DATE})(?:/(?P<begins_at>{_HOURS}))?,(?P<ends>{_DATE})(?:/(?P<ends_at>{_HOURS}))?)?)?"
)


def parse_rule(text: str) -> Rule:
    """A POSIX TZ string ("CST6CDT,M3.2.0,M11.1.0"): its offsets are west-positive, ours east-positive."""
    match = _POSIX.fullmatch(text)
    if match is None:
        raise ValueError(f"not a POSIX time zone rule: {text!r}")
    parts = match.groupdict()
    std = -_seconds(parts["std"])
    if parts["dst_name"] is None:
        return Rule(_name(parts["std_name"]), std)
    dst = -_seconds(parts["dst"]) if parts["dst"] else std + 3600
    if parts["begins"] is None:  # a daylight name without dates: the US rules, as POSIX says
        return parse_rule(f"{text},M3.2.0,M11.1.0")
    begins = _yearly_date(parts["begins"], parts["begins_at"])
    ends = _yearly_date(parts["ends"], parts["ends_at"])
    return Rule(_name(parts["std_name"]), std, _name(parts["dst_name"]), dst, begins, ends)


def _yearly_date(text: str, at: str | None) -> YearlyDate:
    """One date of a POSIX rule; changes happen at 02:00 unless it says otherwise."""
    seconds = _seconds(at) if at else 7200
    if text.startswith("M"):
        return YearlyDate("M", tuple(int(part) for part in text[1:].split(".")), seconds)
    if text.startswith("J"):
        return YearlyDate("J", (int(text[1:]),), seconds)
    return YearlyDate("", (int(text),), seconds)


def _seconds(text: str) -> int:
    """ "-3:30" -> -12600."""
    sign = -1 if text.startswith("-") else 1
    units = [int(part) for part in text.lstrip("+-").split(":")]
    return sign * sum(unit * scale for unit, scale in zip(units, (3600, 60, 1), strict=False))


def _name(text: str) -> str:
    """ "<+0330>" -> "+0330"."""
    return text.strip("<>")


def read_zone(key: str) -> tuple[list[Change], Rule]:
    """A zone's listed changes and the rule that follows them, from the same TZif file zoneinfo reads."""
    data = _tzif(key)
    if data[:4] != b"TZif" or data[4:5] < b"2":
        raise ValueError(f"{key}: not a TZif file of version 2 or later")
    counts = struct.unpack(">6l", data[20:44])
    isut, isstd, leaps, times, types, chars = counts
    start = 44 + times * 5 + types * 6 + chars + leaps * 8 + isstd + isut  # skip the 32-bit block
    isut, isstd, leaps, times, types, chars = struct.unpack(">6l", data[start + 20 : start + 44])
    at = start + 44
    moments = struct.unpack(f">{times}q", data[at : at + 8 * times])
    at += 8 * times
    indices = data[at : at + times]
    at += times
    kinds = [struct.unpack(">lBB", data[at + 6 * n : at + 6 * n + 6]) for n in range(types)]
    at += 6 * types
    names = data[at : at + chars]
    at += chars + leaps * 12 + isstd + isut
    footer = data[at:].strip(b"\n").decode()

    def name(index: int) -> str:
        return names[index : names.index(b"\0", index)].decode()

    changes = []
    before = kinds[0][0]
    for moment, index in zip(moments, indices, strict=False):
        offset, _, name_at = kinds[index]
        if offset != before:  # some listed changes only rename the zone
            when = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=moment)
            changes.append(Change(when, before, offset, _name(name(name_at)), offset > before))
        before = offset
    return changes, parse_rule(footer) if footer else Rule(name(kinds[0][2]), before)


def _tzif(key: str) -> bytes:
    """The zone's TZif bytes, found where zoneinfo looks: its search path, then the tzdata package."""
    if not key or key.startswith("/") or ".." in key.split("/"):
        raise ValueError(f"not a time zone name: {key!r}")
    for root in zoneinfo.TZPATH:
        path = Path(root, key)
        if path.is_file():
            return path.read_bytes()
    *package, file = key.split("/")
    return importlib.resources.files(".".join(["tzdata", "zoneinfo", *package])).joinpath(file).read_bytes()


def vtimezone_lines(key: str, first_year: int) -> tuple[str, ...]:
    """A VTIMEZONE right for every time from the first day of `first_year` on.

    Listed changes the current rule does not explain are single onsets, starting with the one in force
    on that day; the rule's two changes follow as RRULEs from when the rule took over.
    """
    changes, rule = read_zone(key)
    since = datetime(first_year, 1, 1, tzinfo=UTC)
    ruled = len(changes)
    while ruled and _same(changes[ruled - 1], rule.changes(_local_year(changes[ruled - 1]))):
        ruled -= 1
    in_force = max((n for n, change in enumerate(changes) if change.at <= since), default=0)
    singles = changes[in_force:ruled]
    if singles and singles[0].at <= since:
        # Only the offset of the change in force is read, so it is written as standard time without a step:
        # a jump across the date line (Kiritimati, 1994) would read as a day of daylight saving, which dateutil
        # refuses, and before a zone's first block dateutil takes its first STANDARD one, which vobject must
        # not find equal to UTC (Casablanca's first would be Ramadan's +00; vobject then reads pytz's zone).
        singles[0] = Change(singles[0].at, singles[0].after, singles[0].after, singles[0].name, False)
    blocks = [_onset(change) for change in singles]
    # The rule's blocks start where it took over, however long ago: vobject takes a zone that
    # matches UTC from 2000 to 2020 (London's, were its blocks to start later) for UTC itself.
    rule_from = changes[ruled].at if ruled < len(changes) else _after_all(changes)
    recurring = [change for year in (rule_from.year, rule_from.year + 1) for change in rule.changes(year)]
    firsts = {change.dst: change for change in reversed(recurring) if change.at >= rule_from}
    for change in firsts.values():
        yearly = (rule.begins if change.after == rule.dst else rule.ends).rrule()
        if yearly is not None:
            blocks.append(_onset(change, yearly))
        else:
            last = min(first_year + SPELLED_OUT_YEARS, date.max.year)
            years = range(max(change.at.year, first_year - 1), last)
            spelled = [c for y in years for c in rule.changes(y) if c.dst == change.dst]
            blocks += [_onset(c) for c in spelled if c.at >= rule_from]
    if not blocks:  # a zone that never changed
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        blocks.append(_onset(Change(epoch, rule.std, rule.std, rule.std_name, False)))
    return ("BEGIN:VTIMEZONE", f"TZID:{key}", *(line for block in blocks for line in block), "END:VTIMEZONE")


def _same(change: Change, others: list[Change]) -> bool:
    """Whether a change is one of others: the same moment and offsets (names and labels aside)."""
    return any((change.at, change.before, change.after) == (other.at, other.before, other.after) for other in others)


def _onset(change: Change, rrule: str | None = None) -> list[str]:
    """One STANDARD or DAYLIGHT block: its DTSTART is the local time just before the change."""
    kind = "DAYLIGHT" if change.dst else "STANDARD"
    local = (change.at + timedelta(seconds=change.before)).replace(tzinfo=None)
    lines = [f"BEGIN:{kind}", f"DTSTART:{local:%Y%m%dT%H%M%S}"]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [
        f"TZOFFSETFROM:{_offset(change.before)}",
        f"TZOFFSETTO:{_offset(change.after)}",
        f"TZNAME:{change.name}",
        f"END:{kind}",
    ]
    return lines


def _offset(seconds: int) -> str:
    """A UTC-OFFSET value: "-0500", "+0530", "+003458" (seconds only when there are some)."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def _utc(local: datetime, offset: int) -> datetime:
    """A naive local time at an offset, as an aware UTC time."""
    return (local - timedelta(seconds=offset)).replace(tzinfo=UTC)


def _local_year(change: Change) -> int:
    """The local year a change happens in (the rule's dates are local)."""
    return (change.at + timedelta(seconds=change.before)).year


def _after_all(changes: list[Change]) -> datetime:
    """Just after the last listed change, where the rule alone takes over."""
    if not changes:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return changes[-1].at + timedelta(seconds=1)


def _month_length(year: int, month: int) -> int:
    """Days in a month."""
    return ((date(year + month // 12, month % 12 + 1, 1)) - date(year, month, 1)).days


def _is_leap(year: int) -> bool:
    """Whether February has 29 days."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
