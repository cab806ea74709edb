"""Feeds in zones whose time-zone blocks are unusual read the same in every calendar library as in the app:
winter called daylight time (Dublin, Casablanca), half-hour changes (Lord Howe), southern summers, Cairo's
autumn change no RRULE says, and the hours around every change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product
from zoneinfo import ZoneInfo

import pytest

from conference.calendar import entries, rfc5545
from conference.db.types import utcnow
from conference.timeutil import add_months
from tests.support.calendar_readers import READERS, by_entry

ZONES = [
    "Africa/Casablanca",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Africa/Cairo",
    "Pacific/Auckland",
    "Asia/Jerusalem",
]


def _entry(uid: str, summary: str, start: datetime, modified: datetime, months: int | None = None) -> rfc5545.Entry:
    """A follow-up's short event as the feed writes it, repeating every `months` months when given."""
    return rfc5545.Entry(
        uid=uid,
        summary=summary,
        description="",
        starts_at=start,
        ends_at=entries.short_event_end(start),
        sequence=1,
        modified_at=modified,
        repeat_months=months,
    )


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
        items.append(_entry(f"item-{number}@test", f"Item {number}", start, since))
    found = READERS[reader](rfc5545.calendar_bytes("Zones", "zones@test", items, repeats_until=until), since, until)
    wrong = {uid: (found.get(uid), starts) for uid, starts in expected.items() if found.get(uid) != starts}
    assert not wrong, f"{len(wrong)} of {len(expected)} read wrong, e.g. {next(iter(wrong.items()))}"


def _skipped_and_doubled(tz: ZoneInfo, since: datetime, until: datetime) -> list[datetime]:
    """The wall-clock time in the middle of every span a change of offset skips or repeats (fold=0, as the app reads it)."""
    middles = []
    moment = since
    while moment < until:
        later = moment + timedelta(minutes=30)  # offsets change on the hour or half hour in UTC
        before, after = moment.astimezone(tz).utcoffset(), later.astimezone(tz).utcoffset()
        if before != after:
            first = (later + min(before, after)).replace(tzinfo=None)  # the first wall-clock time skipped or repeated
            middles.append((first + abs(after - before) / 2).replace(tzinfo=tz))
        moment = later
    return middles


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",
        "America/Chicago",
        "Europe/London",
        "Pacific/Auckland",
        "America/Santiago",
        "Australia/Lord_Howe",
    ],
)
def test_repeats_in_a_skipped_or_doubled_hour_read_the_same_in_every_calendar_library(zone, reader):
    year = utcnow().year
    since, until = datetime(year - 1, 1, 1, tzinfo=UTC), datetime(year + 6, 1, 1, tzinfo=UTC)
    tz = ZoneInfo(zone)
    expected, items = {}, []
    for change in _skipped_and_doubled(tz, since, until):
        # First starts on the change day (either run of a doubled hour, either side of a skipped one) or a year before.
        firsts = (change, change.replace(fold=1), add_months(change, -12, tz))
        for (number, first), months in product(enumerate(firsts), (1, 3)):
            start = first.astimezone(UTC).astimezone(tz)  # as a due time, stored in UTC, is shown
            uid = f"{change:%Y%m%d}-{number}-{months}@test"
            starts = [start]
            while starts[-1] < until:
                starts.append(add_months(start, len(starts) * months, tz))
            expected[uid] = [moment.astimezone(UTC) for moment in starts if since <= moment < until]
            items.append(_entry(uid, f"Every {months} months", start, since, months))
    found = by_entry(
        READERS[reader](rfc5545.calendar_bytes("Repeats", "repeats@test", items, repeats_until=until), since, until)
    )
    wrong = {uid: (found.get(uid), starts) for uid, starts in expected.items() if found.get(uid) != starts}
    assert not wrong, f"{len(wrong)} of {len(expected)} read wrong, e.g. {next(iter(wrong.items()))}"
