"""The personal agenda: where and when a user's targets can be found, day by day, in a fixed number of queries.

It holds what the user would attend: targeted sessions, every session of a target speaker, and
for a target program a short list per day (its sessions with most of its speakers), never the
program's whole catalogue; each item names a bounded number of the agenda sessions it overlaps.
Beside them, the user's own agenda items (a meeting the program does not list), each with the agenda
sessions it overlaps.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select, union

from ..agenda_items.models import Appointment
from ..agenda_items.queries import at_conference
from ..db.pagecache import kept
from ..extensions import db
from ..schedule.cards import SessionCard, session_cards
from ..schedule.freshness import program_state
from ..schedule.models import Conference, Session, SessionSpeaker, Speaker
from ..schedule.naming import normalize_person
from ..sync import owned
from ..timeutil import day_number, day_segments, local_day
from .models import RANK, Target
from .operations import for_conference

#: Sessions a target program puts on each day: those with most of its speakers, earliest first.
PROGRAM_SESSIONS_PER_DAY = 5
#: Overlapping agenda sessions named per item (the nearest in agenda order); conflict_count has them all.
MAX_CONFLICTS = 10


@dataclass
class Reason:
    """One target that puts a session on the agenda."""

    kind: str
    target_id: object
    name: str
    priority: str
    speaker_ids: list[int] = field(default_factory=list)


@dataclass
class AgendaItem:
    """A session, why it is on the agenda, and the agenda sessions it overlaps."""

    session: SessionCard
    reasons: list[Reason]
    conflicts_with: list[int] = field(default_factory=list)
    conflict_count: int = 0

    @property
    def talks(self) -> list[dict]:
        """The talks inside the session that the reasons' speakers give: when to be there, not just where."""
        wanted = {reason_id for reason in self.reasons for reason_id in reason.speaker_ids}
        names = {normalize_person(speaker.name) for speaker in self.session.speakers if speaker.id in wanted}
        return [
            talk
            for talk in self.session.dump["talks"]
            if any(normalize_person(person["name"]) in names for person in talk["speakers"])
        ]

    @property
    def priority(self) -> str:
        """The best priority among the reasons."""
        return min((reason.priority for reason in self.reasons), key=RANK.__getitem__)


@dataclass
class OwnItem:
    """One of the user's own agenda items, and the agenda sessions it overlaps."""

    agenda_item: Appointment
    conflicts_with: list[int] = field(default_factory=list)
    conflict_count: int = 0


@dataclass
class AgendaDay:
    """The items of one day in the conference's zone."""

    date: date
    items: list[AgendaItem] = field(default_factory=list)
    own_items: list[OwnItem] = field(default_factory=list)


@dataclass
class NotCovered:
    """A target with no scheduled session at the conference."""

    target_id: object
    kind: str
    name: str
    priority: str


@dataclass
class Agenda:
    """A user's agenda at one conference."""

    conference: Conference
    days: list[AgendaDay]
    not_covered: list[NotCovered]


class TargetIndex:
    """The user's targets at a conference, indexed by what they point at."""

    def __init__(self, targets: list[Target]) -> None:
        self.targets = targets
        self.by_session: dict[int, list[Target]] = defaultdict(list)
        self.by_speaker: dict[int, list[Target]] = defaultdict(list)
        self.by_program: dict[int, list[Target]] = defaultdict(list)
        for target in targets:
            if target.kind == "session" and target.session_id is not None:
                self.by_session[target.session_id].append(target)
            elif target.kind in ("speaker", "person") and target.speaker_id is not None:
                self.by_speaker[target.speaker_id].append(target)
            elif target.kind == "program" and target.program_id is not None:
                self.by_program[target.program_id].append(target)

    def reasons(self, session: SessionCard) -> list[Reason]:
        """Every target that puts this session on the agenda, best priority first."""
        reasons = [Reason("session", t.id, session.title, t.priority) for t in self.by_session.get(session.id, ())]
        from_program: dict[int, list[int]] = defaultdict(list)
        for speaker in session.speakers:
            for target in self.by_speaker.get(speaker.id, ()):
                name = speaker.name if target.kind == "speaker" else target.name
                reasons.append(Reason(target.kind, target.id, name, target.priority, [speaker.id]))
            if speaker.program_id in self.by_program:
                from_program[speaker.program_id].append(speaker.id)
        for program_id, speaker_ids in from_program.items():
            for target in self.by_program[program_id]:
                reasons.append(Reason("program", target.id, target.name, target.priority, speaker_ids))
        return sorted(reasons, key=lambda reason: RANK[reason.priority])


def build_agenda(user, conference: Conference, day: date | None = None) -> Agenda:
    """The user's agenda at a conference, optionally for one local day."""
    targets = db.session.scalars(
        for_conference(owned(Target, user), conference).order_by(Target.created_at, Target.id)
    ).all()
    index = TargetIndex(targets)
    sessions = _sessions_for(conference, index)
    items = [AgendaItem(session, index.reasons(session)) for session in sessions]
    mark_conflicts(items)
    own = own_conflicts(db.session.scalars(at_conference(user, conference)).all(), items)
    return Agenda(conference, group_by_day(items, own, conference, day), not_covered(index, sessions))


def _sessions_for(conference: Conference, index: TargetIndex) -> list[SessionCard]:
    """Every session of the conference that a target points at, in start order, as the schedule API shows them."""
    # One set of ids, so the database looks each session up by key instead of testing every session.
    wanted = []
    if index.by_session:
        wanted.append(select(Session.id).where(Session.id.in_(list(index.by_session))))
    if index.by_speaker:
        wanted.append(select(SessionSpeaker.session_id).where(SessionSpeaker.speaker_id.in_(list(index.by_speaker))))
    if index.by_program:
        programs = tuple(sorted(index.by_program))
        picks = kept(
            ("program picks", program_state(conference), programs),
            lambda: db.session.scalars(program_picks(conference, list(programs))).all(),
        )
        wanted.append(select(Session.id).where(Session.id.in_(picks)))
    if not wanted:
        return []
    query = (
        select(Session.id)
        .where(Session.conference_id == conference.id, Session.id.in_(union(*wanted)))
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    )
    ids = db.session.scalars(query).all()
    cards = session_cards(conference, ids)
    return [cards[session_id] for session_id in ids if session_id in cards]


def program_picks(conference: Conference, program_ids: list[int]) -> Select:
    """Ids of each program's PROGRAM_SESSIONS_PER_DAY scheduled sessions per local day, most of its speakers first."""
    days = []
    if conference.starts_on and conference.ends_on:
        days = [
            conference.starts_on + timedelta(days=n)
            for n in range((conference.ends_on - conference.starts_on).days + 1)
        ]
    day = day_number(Session.starts_at, day_segments(days, conference.tz))
    ranked = (
        select(
            SessionSpeaker.session_id,
            func.row_number()
            .over(partition_by=(Speaker.program_id, day), order_by=(func.count().desc(), Session.starts_at, Session.id))
            .label("pick"),
        )
        .join(Speaker, SessionSpeaker.speaker_id == Speaker.id)
        .join(Session, SessionSpeaker.session_id == Session.id)
        .where(
            Speaker.program_id.in_(program_ids), Session.conference_id == conference.id, Session.status == "scheduled"
        )
        .group_by(Speaker.program_id, SessionSpeaker.session_id, Session.starts_at, Session.id)
        .subquery()
    )
    return select(ranked.c.session_id).where(ranked.c.pick <= PROGRAM_SESSIONS_PER_DAY)


def find_conflicts(intervals: list[tuple[datetime, datetime, int]]) -> dict[int, set[int]]:
    """Which intervals overlap which, by sort and sweep; touching ends do not overlap."""
    overlaps: dict[int, set[int]] = defaultdict(set)
    running: list[tuple[datetime, int]] = []  # (end, key), a heap of the intervals still going on
    for start, end, key in sorted(intervals):
        while running and running[0][0] <= start:
            heapq.heappop(running)
        for _, other in running:
            overlaps[key].add(other)
            overlaps[other].add(key)
        heapq.heappush(running, (end, key))
    return overlaps


def mark_conflicts(items: list[AgendaItem]) -> None:
    """Fill each scheduled item's conflicts_with; a cancelled session overlaps nothing."""
    live = [item for item in items if item.session.status == "scheduled"]
    overlaps = find_conflicts([(i.session.starts_at, i.session.ends_at, i.session.id) for i in live])
    order = {item.session.id: position for position, item in enumerate(items)}
    for item in live:
        others = sorted(overlaps.get(item.session.id, ()), key=lambda other: abs(order[other] - order[item.session.id]))
        item.conflicts_with, item.conflict_count = sorted(others[:MAX_CONFLICTS], key=order.__getitem__), len(others)


def own_conflicts(appointments: list[Appointment], items: list[AgendaItem]) -> list[OwnItem]:
    """The user's own items, each with the scheduled agenda sessions it overlaps, in agenda order."""
    live = [item for item in items if item.session.status == "scheduled"]
    intervals = [(i.session.starts_at, i.session.ends_at, (0, i.session.id)) for i in live]
    intervals += [(a.starts_at, a.ends_at, (1, number)) for number, a in enumerate(appointments)]
    overlaps = find_conflicts(intervals)
    order = {item.session.id: position for position, item in enumerate(items)}
    own = []
    for number, appointment in enumerate(appointments):
        sessions = sorted((key for side, key in overlaps.get((1, number), ()) if side == 0), key=order.__getitem__)
        own.append(OwnItem(appointment, sessions[:MAX_CONFLICTS], len(sessions)))
    return own


def group_by_day(
    items: list[AgendaItem], own: list[OwnItem], conference: Conference, day: date | None = None
) -> list[AgendaDay]:
    """Group items and own items (each already in start order) by the local day they start on; only `day` when given."""
    tz = conference.tz
    days: dict[date, AgendaDay] = {}
    for item in items:
        starts_on = local_day(item.session.starts_at, tz)
        if day is None or starts_on == day:
            days.setdefault(starts_on, AgendaDay(starts_on)).items.append(item)
    for mine in own:
        starts_on = local_day(mine.agenda_item.starts_at, tz)
        if day is None or starts_on == day:
            days.setdefault(starts_on, AgendaDay(starts_on)).own_items.append(mine)
    return [days[on] for on in sorted(days)]


def not_covered(index: TargetIndex, sessions: list[SessionCard]) -> list[NotCovered]:
    """Targets to look for elsewhere: no scheduled session at this conference, or a person not on the program."""
    speakers, programs, session_ids = set(), set(), set()
    for session in sessions:
        if session.status != "scheduled":
            continue
        session_ids.add(session.id)
        for speaker in session.speakers:
            speakers.add(speaker.id)
            programs.add(speaker.program_id)
    missing = [
        target
        for target in index.targets
        if (target.kind in ("speaker", "person") and target.speaker_id not in speakers)
        or (target.kind == "program" and (target.program_id is None or target.program_id not in programs))
        or (target.kind == "session" and target.session_id is None)
    ]
    missing.sort(key=lambda target: (RANK[target.priority], target.name.casefold()))
    return [NotCovered(t.id, t.kind, t.name, t.priority) for t in missing]
