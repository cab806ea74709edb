"""Time at the edges: conference days and zone names, computed in one place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, Protocol
from zoneinfo import ZoneInfo, available_timezones

from dateutil.relativedelta import relativedelta
from marshmallow import ValidationError, fields
from sqlalchemy import ColumnElement, Integer, and_, bindparam, case, null


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    """Every IANA zone name the installed database holds."""
    return frozenset(available_timezones())


def known_zone(name: str) -> ZoneInfo | None:
    """The IANA zone of that exact name, or None.

    ZoneInfo reads a file named after the key: a long name fails as "File name too long", a folder
    ("America") as a directory, and odd files in the database (tables, "posixrules") resolve or fail
    by accident. Only names of the zone list are looked up.
    """
    return ZoneInfo(name) if isinstance(name, str) and name in _zone_names() else None


def zone(name: str) -> ZoneInfo:
    """Resolve an IANA zone name, with a clear error for anything else."""
    if (found := known_zone(name)) is None:
        shown = name if len(name) <= 60 else name[:60] + "…"
        raise ValueError(f"unknown time zone {shown!r}; use an IANA name like America/New_York")
    return found


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """The calendar day a moment falls on in a zone."""
    return moment.astimezone(tz).date()


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The start of a local day and of the next one, as aware datetimes (23 or 25 hours on DST days)."""
    start = datetime.combine(day, time(), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
    return start, end


class ConferenceDays(Protocol):
    """What day_of() needs of a conference: its zone and its first and last day."""

    tz: ZoneInfo
    starts_on: date | None
    ends_on: date | None


def day_of(moment: datetime, home: ZoneInfo, conference: ConferenceDays | None = None) -> date:
    """The day a moment counts for, for a user living in `home`, at `conference` if given.

    During the conference (its days in its own zone) a day is the conference's calendar day;
    before and after, it is the day in the user's zone, but never one of the conference's days,
    so an evening at home cannot spill into the first or last day of the meeting. Every moment
    gets exactly one day, and later moments never get earlier days.
    """
    if conference is None or conference.starts_on is None or conference.ends_on is None:
        return local_day(moment, home)
    there = local_day(moment, conference.tz)
    if conference.starts_on <= there <= conference.ends_on:
        return there
    if there < conference.starts_on:
        return min(local_day(moment, home), conference.starts_on - timedelta(days=1))
    return max(local_day(moment, home), conference.ends_on + timedelta(days=1))


class _Days(NamedTuple):
    """A conference's zone and days, as day_of() reads them (and hashable, to key the segments kept)."""

    tz: ZoneInfo
    starts_on: date | None
    ends_on: date | None


def day_segments(
    days: Iterable[date], home: ZoneInfo, conference: ConferenceDays | None = None
) -> tuple[tuple[datetime, datetime, date], ...]:
    """The UTC intervals [start, end) whose moments day_of() gives each of these days, in order.

    day_of() changes only at a midnight of the home zone or of the conference's, so it is
    constant between consecutive midnights: evaluating it once per stretch gives exact bounds,
    which lets a query count by day in SQL with plain comparisons on any database. The same days
    in the same zones are asked for on every request of a day, so the answers are kept.
    """
    there = None if conference is None else _Days(conference.tz, conference.starts_on, conference.ends_on)
    return _segments(frozenset(days), home, there)


@lru_cache(maxsize=4096)
def _segments(wanted: frozenset[date], home: ZoneInfo, conference: _Days | None) -> tuple:
    """day_segments() of a set of days, worked out once per set of days and zones."""
    if not wanted:
        return ()
    zones = {home, conference.tz} if conference is not None else {home}
    first = min(wanted) - timedelta(days=2)
    span = (max(wanted) - first).days + 3
    midnights = sorted(
        {day_bounds(first + timedelta(days=n), tz)[0].astimezone(UTC) for tz in zones for n in range(span)}
    )
    segments: list[tuple[datetime, datetime, date]] = []
    for start, end in zip(midnights, midnights[1:], strict=False):
        day = day_of(start, home, conference)
        if day not in wanted:
            continue
        if segments and segments[-1][2] == day and segments[-1][1] == start:
            segments[-1] = (segments[-1][0], end, day)
        else:
            segments.append((start, end, day))
    return tuple(segments)


def day_number(column, segments: Sequence[tuple[datetime, datetime, date]]) -> ColumnElement[int]:
    """SQL giving the ordinal of the day (date.fromordinal) a moment column falls in, NULL outside the segments."""
    if not segments:
        return null()
    return day_number_with_params(column, len(segments)).params(segment_params(segments))


def day_number_with_params(column, count: int) -> ColumnElement[int]:
    """day_number() for any `count` segments, given later by segment_params(): built once, it serves every day."""
    within = (and_(column >= bindparam(f"start_{n}"), column < bindparam(f"end_{n}")) for n in range(count))
    return case(*((condition, bindparam(f"day_{n}", type_=Integer)) for n, condition in enumerate(within)), else_=None)


def segment_params(segments: Sequence[tuple[datetime, datetime, date]]) -> dict[str, Any]:
    """The parameters of day_number_with_params() for these segments."""
    params: dict[str, Any] = {}
    for n, (start, end, day) in enumerate(segments):
        params.update({f"start_{n}": start, f"end_{n}": end, f"day_{n}": day.toordinal()})
    return params


def add_months(moment: datetime, months: int, tz: ZoneInfo) -> datetime:
    """The same wall-clock time `months` calendar months later in a zone (Jan 31 + 1 -> Feb 28/29).

    An hour that happens twice is the first (RFC 5545 reads a repeat's local time so); the calendar
    feed's monthly rules land on the same days.
    """
    local = moment.astimezone(tz) + relativedelta(months=months)
    return local.replace(fold=0).astimezone(moment.tzinfo)


class TimeZoneField(fields.String):
    """An IANA time zone name, validated with zoneinfo."""

    def _deserialize(self, value, attr, data, **kwargs):
        """Accept only names zoneinfo can resolve."""
        name = super()._deserialize(value, attr, data, **kwargs)
        try:
            zone(name)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        return name
