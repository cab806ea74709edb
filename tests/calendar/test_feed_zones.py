"""Feeds in zones whose time-zone blocks are unusual read the same in every calendar library as in the app:
winter called daylight time (Dublin, Casablanca), half-hour changes (Lord Howe), southern summers, Cairo's
autumn change no RRULE says, and the hours around every change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conference.calendar import entries, rfc5545
from conference.db.types import utcnow
from tests.support.calendar_readers import READERS

ZONES = [
    "Africa/Casablanca",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Africa/Cairo",
    "Pacific/Auckland",
    "Asia/Jerusalem",
]


def _moments(tz: ZoneInfo, since: datetime, until: datetime) -> list[datetime]:
    """Instants every 3 days and 7 hours, and half an hour before, into and after each change of offset."""
    moments = []
    moment = since
    while moment < until:
        moments.append(moment)
        moment += timedelta(days=3, hours=7)
    hour = since
    while hour < until:
        if hour.astimezone(tz).utcoffset() != (hour + timedelta(hours=1)).astimezone(tz).utcoffset():
            moments += [hour + timedelta(minutes=minutes) for minutes in (30, 90, 150)]
        hour += timedelta(hours=1)
    return moments


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("zone", ZONES)
def test_times_in_any_zone_read_the_same_in_every_calendar_library(zone, reader):
    year = utcnow().year
    since, until = datetime(year - 1, 1, 1, tzinfo=UTC), datetime(year + 6, 1, 1, tzinfo=UTC)
    tz = ZoneInfo(zone)
    expected, items = {}, []
    for number, moment in enumerate(_moments(tz, since, until)):
        start = moment.astimezone(tz)
        expected[f"item-{number}@test"] = [moment]
        items.append(
            rfc5545.Entry(
                uid=f"item-{number}@test",
                summary=f"Item {number}",
                description="",
                starts_at=start,
                ends_at=entries.short_event_end(start),
                sequence=1,
                modified_at=since,
            )
        )
    found = READERS[reader](rfc5545.calendar_bytes("Zones", "zones@test", items), since, until)
    wrong = {uid: (found.get(uid), starts) for uid, starts in expected.items() if found.get(uid) != starts}
    assert not wrong, f"{len(wrong)} of {len(expected)} read wrong, e.g. {next(iter(wrong.items()))}"
