"""The daily 3-2-1 goal: people introduced, conversations had and follow-ups committed, day by day.

Each count reads the timestamps of one table inside the days shown, in one query, and buckets
them in Python with timeutil.day_of(): a constant number of queries however much was logged.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, or_

from ..db_types import utcnow
from ..extensions import db
from ..schedule.models import Conference
from ..sync import owned
from ..timeutil import day_of
from .models import Encounter, FollowUp

#: Days shown without a conference.
RECENT_DAYS = 7
COUNTS = ("introduced", "conversations", "followups")


@dataclass
class GoalDay:
    """One day's counts against the user's goals."""

    date: date
    goals: dict[str, int]
    introduced: int = 0
    conversations: int = 0
    followups: int = 0
    met: bool = False


@dataclass
class _Tally:
    """What happened on one day while the rows are being read."""

    introduced: set = field(default_factory=set)
    conversations: int = 0
    followups: int = 0


def days_to_show(today: date, conference: Conference | None) -> list[date]:
    """The conference's days and today when outside them; else the last seven days."""
    if conference is None or conference.starts_on is None or conference.ends_on is None:
        return [today - timedelta(days=back) for back in range(RECENT_DAYS - 1, -1, -1)]
    length = (conference.ends_on - conference.starts_on).days + 1
    days = {conference.starts_on + timedelta(days=offset) for offset in range(length)}
    return sorted(days | {today})


def _utc_ranges(days: list[date]) -> list[tuple[datetime, datetime]]:
    """UTC intervals surely holding every moment of these days in any zone, merged where they touch."""
    ranges: list[list[datetime]] = []
    for day in sorted(days):
        # A day in any zone lies within a day either side of the same UTC day (offsets are under 15 h).
        start = datetime.combine(day - timedelta(days=1), time(), tzinfo=timezone.utc)
        end = datetime.combine(day + timedelta(days=2), time(), tzinfo=timezone.utc)
        if ranges and start <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], end)
        else:
            ranges.append([start, end])
    return [(start, end) for start, end in ranges]


def _within(column, ranges) -> object:
    """A condition: the column falls in one of the ranges."""
    return or_(*(and_(column >= start, column < end) for start, end in ranges))


def daily_goals(user, conference: Conference | None = None) -> dict:
    """The user's counts per day, the streak of days met up to today, and the totals."""
    home = user.tz
    today = day_of(utcnow(), home, conference)
    days = days_to_show(today, conference)
    shown = set(days)
    ranges = _utc_ranges(days)
    tallies: dict[date, _Tally] = defaultdict(_Tally)

    encounters = db.session.execute(
        owned(Encounter, user)
        .with_only_columns(Encounter.occurred_at, Encounter.kind, Encounter.contact_id)
        .where(_within(Encounter.occurred_at, ranges))
    )
    for occurred_at, kind, contact_id in encounters:
        day = day_of(occurred_at, home, conference)
        if day not in shown:
            continue
        if kind == "introduced":
            tallies[day].introduced.add(contact_id)
        else:
            tallies[day].conversations += 1

    # Repeats the server scheduled were promised once, on the day of the first one.
    committed = db.session.scalars(
        owned(FollowUp, user)
        .with_only_columns(FollowUp.committed_at)
        .where(FollowUp.status != "cancelled", FollowUp.repeat_of_id.is_(None))
        .where(_within(FollowUp.committed_at, ranges))
    )
    for committed_at in committed:
        day = day_of(committed_at, home, conference)
        if day in shown:
            tallies[day].followups += 1

    goals = {name: getattr(user, f"goal_{name}") for name in COUNTS}
    result = []
    for day in days:
        tally = tallies[day]
        entry = GoalDay(day, goals, len(tally.introduced), tally.conversations, tally.followups)
        entry.met = day <= today and all(getattr(entry, name) >= goals[name] for name in COUNTS)
        result.append(entry)
    return {"days": result, "streak": current_streak(result, today), "totals": _totals(result)}


def current_streak(days: list[GoalDay], today: date) -> int:
    """Consecutive calendar days met, counting back from the latest day shown up to today.

    Today, while not met yet, does not break the streak: the day is not over.
    """
    past = [day for day in days if day.date <= today]
    if past and past[-1].date == today and not past[-1].met:
        past.pop()
    streak, expected = 0, None
    for day in reversed(past):
        if not day.met or (expected is not None and day.date != expected):
            break
        streak += 1
        expected = day.date - timedelta(days=1)
    return streak


def _totals(days: list[GoalDay]) -> dict[str, int]:
    """The counts summed over the days shown, and the number of days met."""
    totals = {name: sum(getattr(day, name) for day in days) for name in COUNTS}
    totals["days_met"] = sum(day.met for day in days)
    return totals
