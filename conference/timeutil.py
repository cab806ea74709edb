"""Time at the edges: conference days and zone names, computed in one place."""
from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import ValidationError, fields


def zone(name: str) -> ZoneInfo:
    """Resolve an IANA zone name, with a clear error for anything else."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"unknown time zone {name!r}; use an IANA name like America/New_York") from None


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


def add_months(moment: datetime, months: int, tz: ZoneInfo) -> datetime:
    """The same wall-clock time `months` calendar months later in a zone (Jan 31 + 1 -> Feb 28/29)."""
    local = moment.astimezone(tz)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day, fold=0).astimezone(moment.tzinfo)


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
