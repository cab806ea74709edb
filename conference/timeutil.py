"""Time at the edges: conference days and zone names, computed in one place."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
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
