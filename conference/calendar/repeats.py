"""When a repeating entry happens: its RRULEs, kept clear of the repeats a calendar library may misread.

Repeats keep their wall-clock time on the days `months_later` gives. A local time that happens
twice is the first of the two, and one that never happens has the offset before the gap, as zoneinfo
(fold=0) and the app read them. Calendar libraries read such times either way, and libical also
moves a repeat whose wall-clock time was skipped on a day it steps through, so no rule holds those
repeats: rfc5545.py writes them as events of their own, in UTC. Nothing here imports the project
or reads the clock.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache
from math import gcd

from dateutil.relativedelta import relativedelta


def repeat_parts(start: datetime, months: int, until: datetime) -> tuple[list[tuple[datetime, str]], list[datetime]]:
    """RRULEs, each with its first start, repeating `start` every `months` months, and the repeats they leave out.

    The repeats before `until` that a library may misread (see `_misread`; `start` itself, fold and
    all, included) are left out: a rule stops (COUNT) at the repeat before such a one and starts
    again at the one after it. libical misreads the whole year of a yearly rule when a repeat in it
    falls in a skipped hour, so a yearly rule stops at the end of the year before any repeat it leaves
    out, and that year's earlier repeats are left out too. Past `until`, the rules run on.
    """
    rules = _rules(start, months)
    spans = _spans_at(start.tzinfo, start.time(), start.year - 1, until.year)  # from the year before
    if not spans and len(rules) == 1:  # most repeats: no change of offset near their time of day, one rule
        return [(start, rules[None])], []
    running: dict[Hashable, list[datetime]] = {}  # each part's repeats since it last stopped
    parts, left_out = [], []
    n, moment = 0, start
    while (spans and moment < until) or len(running) < len(rules):
        part = _part(start, months, moment) if len(rules) > 1 else None
        if moment < until and _misread(moment, spans):
            left_out.append(moment)
            run = running.pop(part, [])
            if len(rules) > 1:
                left_out += [earlier for earlier in run if earlier.year == moment.year]
                run = [earlier for earlier in run if earlier.year < moment.year]
            if run:  # COUNT: where it stops, with no time for each library to convert
                parts.append((run[0], f"{rules[part]};COUNT={len(run)}"))
        else:
            running.setdefault(part, []).append(moment)
        n += 1
        moment = months_later(start, n * months)
    parts += [(run[0], rules[part]) for part, run in running.items()]
    return sorted(parts, key=lambda found: found[0]), sorted(left_out)


def _rules(start: datetime, months: int) -> dict[Hashable, str]:
    """The RRULE of each part of a repeat, by `_part` (one part, None, when a monthly rule says it all).

    A day past the 28th falls back to the last day of shorter months. For the 31st, BYMONTHDAY=-1
    says so in every expander. ical.js ignores BYSETPOS beside BYMONTHDAY, so a 29th or 30th that
    meets February is written as yearly rules over one cycle of the repeat: the year's other months
    on that day, and February's last day.
    """
    monthly = f"FREQ=MONTHLY;INTERVAL={months}"
    if start.day <= 28 or (start.day < 31 and (2 - start.month) % gcd(months, 12)):
        return {None: monthly}
    if start.day == 31:
        return {None: monthly + ";BYMONTHDAY=-1"}
    years = months // gcd(months, 12)  # the months met repeat after this many years
    groups: dict[Hashable, set[int]] = {}
    for n in range(12 * years // months):
        moment = months_later(start, n * months)
        groups.setdefault(_part(start, months, moment), set()).add(moment.month)
    interval = f";INTERVAL={years}" if years > 1 else ""
    return {
        (year, february): f"FREQ=YEARLY{interval};BYMONTH={','.join(str(m) for m in sorted(met))}"
        f";BYMONTHDAY={-1 if february else start.day}"
        for (year, february), met in groups.items()
    }


def _part(start: datetime, months: int, moment: datetime) -> tuple[int, bool]:
    """Which yearly rule a repeat falls under: its year in the repeat's cycle, and whether it is in February."""
    return (moment.year - start.year) % (months // gcd(months, 12)), moment.month == 2


def months_later(start: datetime, months: int) -> datetime:
    """The same wall-clock time `months` calendar months later (Jan 31 + 1 -> Feb 28/29), the first of a doubled hour."""
    return (start + relativedelta(months=months)).replace(fold=0)


def _misread(moment: datetime, spans: tuple[Span, ...]) -> bool:
    """Whether a library may read a repeat at another time than the app.

    Its local time happens twice or never; or it never happened on one of the 31 days before:
    libical steps to a repeat through earlier days at the same wall-clock time (the 1st of its
    month, the previous repeat's day, the start of the span asked for), and a skipped hour on the
    way moves the repeat.
    """
    wall = moment.replace(tzinfo=None)
    return any(
        first <= wall < end or (skipped and any(first <= wall - timedelta(days=back) < end for back in range(1, 32)))
        for first, end, skipped in spans
        if first <= wall < end + timedelta(days=32)
    )


#: Wall-clock times a change of offset skips (True) or doubles (False): the first, and the one after the last.
Span = tuple[datetime, datetime, bool]


@lru_cache(maxsize=4096)
def _spans_at(zone: tzinfo, clock: time, first_year: int, last_year: int) -> tuple[Span, ...]:
    """The spans in those years that a time of day falls in, found once: a user's repeats share a few times of day."""
    found = []
    for first, end, skipped in _changes(zone, first_year, last_year):
        days = (first.date() + timedelta(days=k) for k in (0, 1))
        if any(first <= datetime.combine(day, clock) < end for day in days):
            found.append((first, end, skipped))
    return tuple(found)


@lru_cache(maxsize=64)
def _changes(zone: tzinfo, first_year: int, last_year: int) -> tuple[Span, ...]:
    """A zone's changes of offset in those years, as the wall-clock times each skips or doubles (one a day at most)."""
    found = []
    day, end = datetime(first_year, 1, 1, tzinfo=UTC), datetime(last_year + 1, 1, 1, tzinfo=UTC)
    while day < end:
        before, after = day.astimezone(zone).utcoffset(), (day + timedelta(days=1)).astimezone(zone).utcoffset()
        if before != after:
            low, high = 0, 24 * 60  # minutes into the day: the old offset holds at `low`, the new one at `high`
            while high - low > 1:
                middle = (low + high) // 2
                if (day + timedelta(minutes=middle)).astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            first = (day + timedelta(minutes=high) + min(before, after)).replace(tzinfo=None)
            found.append((first, first + abs(after - before), after > before))
        day += timedelta(days=1)
    return tuple(found)


def is_unclear(moment: datetime) -> bool:
    """Whether a local time happens twice in its zone (the clocks fall back) or never (they spring forward)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()
