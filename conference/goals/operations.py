"""The daily 3-2-1 goal: people introduced, conversations had and follow-ups committed, day by day.

Each count is one GROUP BY query over the UTC stretches that timeutil.day_of() gives each day
shown (timeutil.day_segments): the database counts, however much was logged. The statements are
built once per number of stretches, their bounds and the user given as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, case, distinct, func, select

from ..db.types import utcnow
from ..extensions import db
from ..followups.models import FollowUp
from ..people.models import Encounter
from ..schedule.models import Conference
from ..sync.operations import ANY_USER, owned, owner
from ..timeutil import day_number_with_params, day_of, day_segments, segment_params

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


def days_to_show(today: date, conference: Conference | None) -> list[date]:
    """The conference's days and today when outside them; else the last seven days."""
    if conference is None or conference.starts_on is None or conference.ends_on is None:
        return [today - timedelta(days=back) for back in range(RECENT_DAYS - 1, -1, -1)]
    length = (conference.ends_on - conference.starts_on).days + 1
    days = {conference.starts_on + timedelta(days=offset) for offset in range(length)}
    return sorted(days | {today})


def _by_day(query: Select, moment, segments: int, *counts) -> Select:
    """A statement running `counts` over the query's rows grouped by the day their `moment` falls on, of `segments`."""
    day = day_number_with_params(moment, segments).label("day")
    last = bindparam(f"end_{segments - 1}")
    # Grouping by the CASE itself would repeat its parameters, which PostgreSQL cannot match up.
    rows = query.where(moment >= bindparam("start_0"), moment < last).add_columns(day).subquery()
    return select(rows.c.day, *(count(rows) for count in counts)).where(rows.c.day.is_not(None)).group_by(rows.c.day)


@cache
def _statements(segments: int) -> tuple[Select, Select]:
    """The two counting statements for days cut into this many segments, built once and run for every user."""
    encounters = _by_day(
        owned(Encounter, ANY_USER).with_only_columns(Encounter.kind, Encounter.contact_id),
        Encounter.occurred_at,
        segments,
        lambda rows: func.count(distinct(case((rows.c.kind == "introduced", rows.c.contact_id)))),
        lambda rows: func.count(case((rows.c.kind != "introduced", 1))),
    )
    # Repeats the server scheduled were promised once, on the day of the first one.
    followups = _by_day(
        owned(FollowUp, ANY_USER)
        .with_only_columns(FollowUp.id)
        .where(FollowUp.status != "cancelled", FollowUp.repeat_of_id.is_(None)),
        FollowUp.committed_at,
        segments,
        lambda rows: func.count(),
    )
    return encounters, followups


def daily_goals(user, conference: Conference | None = None) -> dict:
    """The user's counts per day, the streak of days met up to today, and the totals."""
    home = user.tz
    today = day_of(utcnow(), home, conference)
    days = days_to_show(today, conference)
    segments = day_segments(days, home, conference)
    params = {**owner(user), **segment_params(segments)}
    encounters, followups = (
        {date.fromordinal(number): tuple(values) for number, *values in db.session.execute(statement, params)}
        for statement in _statements(len(segments))
    )
    goals = {name: getattr(user, f"goal_{name}") for name in COUNTS}
    result = []
    for day in days:
        introduced, conversations = encounters.get(day, (0, 0))
        entry = GoalDay(day, goals, introduced, conversations, followups.get(day, (0,))[0])
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
