"""What one user's summary of one conference says, computed for a user passed in (the sending job has no login).

Everything is read through `owned()`, so nothing of another user's can appear, and only the
fields listed here are read: never a contact's, encounter's or target's private notes.
A fixed number of queries per summary, however much the user logged.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from blinker import Namespace
from flask import current_app
from sqlalchemy import or_
from sqlalchemy.orm import contains_eager, joinedload

from ..db.types import utcnow
from ..extensions import db
from ..followups.models import FollowUp, named_title
from ..goals.operations import COUNTS, GoalDay, daily_goals
from ..milestones.models import KIND_LABELS, Milestone
from ..people.models import TIE_STRENGTHS, Contact, Encounter
from ..schedule.models import Conference, Program
from ..sync import owned
from ..targets.models import RANK, Target
from ..targets.operations import for_conference, mark_met
from ..timeutil import day_bounds

_signals = Namespace()
#: Sent as `next_step_links.send(user, conference=...)` while a summary is built. A receiver may
#: return {"label": ..., "url": ...} to list among the next steps (the calendar feed does), or None.
next_step_links = _signals.signal("summary-next-step-links")

#: Where the app opens a follow-up's draft (its hash route), also after logging in first.
DRAFT_PATH = "/#/followups/{id}/draft"

#: Target kinds a user can meet: a speaker, a program's people, a must-meet person.
MEETABLE = ("speaker", "person", "program")


@dataclass
class Meeting:
    """One encounter with a person, as the summary shows it (never its private notes)."""

    occurred_at: datetime
    kind: str
    session_title: str
    place: str
    takeaway: str


@dataclass
class Person:
    """Someone met at the conference, with every encounter there."""

    id: uuid.UUID
    name: str
    role: str
    institution: str
    program: str
    tie_strength: str
    linkedin_url: str | None
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Group:
    """People under one heading: a tie strength or a program."""

    name: str
    people: list[Person]


@dataclass
class TargetLine:
    """A speaker, program or person the user came to meet, and whether they did."""

    kind: str
    name: str
    priority: str
    met: bool


@dataclass
class FollowUpLine:
    """A follow-up promised to someone, with its due time and state."""

    id: uuid.UUID
    title: str
    #: The title naming the person, as the calendar feed words it: "Email Dr. Lee: thank you".
    label: str
    contact_name: str
    action: str
    status: str
    due_at: datetime
    done_at: datetime | None
    overdue: bool


@dataclass
class MilestoneLine:
    """A milestone dated within the conference (never its notes): "Poster: Early psychosis care in rural clinics"."""

    kind: str
    title: str
    happened_on: date


@dataclass
class Link:
    """A next step that opens something: a draft, a profile, the calendar feed."""

    label: str
    url: str


@dataclass
class NextSteps:
    """What to do now: overdue promises, LinkedIn invitations, mentor updates, links."""

    overdue: list[FollowUpLine]
    connect_on_linkedin: list[Person]
    mentor_updates: list[Link]
    links: list[Link]


@dataclass
class Summary:
    """One user's week at one conference, turned into a plan."""

    user_name: str
    conference: Conference
    #: The user's daily goal, e.g. {"introduced": 3, "conversations": 2, "followups": 1}.
    goals: dict[str, int]
    days: list[GoalDay]
    totals: dict[str, int]
    people_count: int
    by_tie_strength: list[Group]
    by_program: list[Group]
    targets_met: list[TargetLine]
    targets_not_met: list[TargetLine]
    followups_open: list[FollowUpLine]
    followups_done: list[FollowUpLine]
    milestones: list[MilestoneLine]
    next_steps: NextSteps
    generated_at: datetime

    @property
    def subject(self) -> str:
        """ "Your APA 2027 networking summary: 14 people, 5 follow-ups open"."""
        people = f"{self.people_count} {'person' if self.people_count == 1 else 'people'}"
        opened = len(self.followups_open)
        return f"Your {self.conference.name} networking summary: {people}, {opened} follow-up{'' if opened == 1 else 's'} open"


def absolute_url(path: str) -> str:
    """A link that works from an email: the service's public address and a path."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def build_summary(user, conference: Conference) -> Summary:
    """The summary of `conference` for `user`."""
    now = utcnow()
    days, totals = _days(user, conference)
    people = _people(user, conference)
    followups = _followups(user, conference, set(people), now)
    open_ = [line for line in followups if line.status == "open"]
    done = [line for line in followups if line.status == "done"]
    targets = _targets(user, conference)
    return Summary(
        user_name=user.name,
        conference=conference,
        goals={name: getattr(user, f"goal_{name}") for name in COUNTS},
        days=days,
        totals=totals,
        people_count=len(people),
        by_tie_strength=_by_tie_strength(people.values()),
        by_program=_by_program(people.values()),
        targets_met=[target for target in targets if target.met],
        targets_not_met=[target for target in targets if not target.met],
        followups_open=open_,
        followups_done=done,
        milestones=_milestones(user, conference),
        next_steps=_next_steps(user, conference, people, open_),
        generated_at=now,
    )


def _days(user, conference: Conference) -> tuple[list[GoalDay], dict[str, int]]:
    """The conference's days with their counts (other days left out), and the totals over them."""
    days = [
        day
        for day in daily_goals(user, conference)["days"]
        if conference.starts_on is None or conference.starts_on <= day.date <= conference.ends_on
    ]
    totals = {name: sum(getattr(day, name) for day in days) for name in COUNTS}
    totals["days_met"] = sum(day.met for day in days)
    totals["days"] = len(days)
    return days, totals


def _people(user, conference: Conference) -> dict[uuid.UUID, Person]:
    """Everyone met at the conference with their encounters there, in the order first met."""
    rows = db.session.execute(
        owned(Encounter, user)
        .join(Encounter.contact)
        .outerjoin(Program, Program.id == Contact.program_id)
        .add_columns(Program.name)
        .options(contains_eager(Encounter.contact), joinedload(Encounter.session))
        .where(Encounter.conference_id == conference.id, Contact.deleted_at.is_(None))
        .order_by(Encounter.occurred_at, Encounter.id)
    )
    people: dict[uuid.UUID, Person] = {}
    tz = conference.tz
    for encounter, program_name in rows:
        contact = encounter.contact
        person = people.get(contact.id)
        if person is None:
            person = people[contact.id] = Person(
                id=contact.id,
                name=contact.name,
                role=contact.role,
                institution=contact.institution,
                program=program_name or contact.institution,
                tie_strength=contact.tie_strength,
                linkedin_url=contact.linkedin_url,
            )
        person.meetings.append(
            Meeting(
                occurred_at=encounter.occurred_at.astimezone(tz),
                kind=encounter.kind,
                session_title=encounter.session.title if encounter.session else "",
                place=encounter.place,
                takeaway=encounter.takeaway,
            )
        )
    return people


def _by_tie_strength(people) -> list[Group]:
    """Core, supportive and expanded ties, each by name; empty layers left out."""
    groups = defaultdict(list)
    for person in people:
        groups[person.tie_strength].append(person)
    return [Group(tie, sorted(groups[tie], key=lambda p: p.name.casefold())) for tie in TIE_STRENGTHS if groups[tie]]


def _by_program(people) -> list[Group]:
    """People by their program or institution, programs by name; people without one last."""
    groups = defaultdict(list)
    for person in people:
        groups[person.program.strip()].append(person)
    named = sorted((name for name in groups if name), key=str.casefold)
    result = [Group(name, sorted(groups[name], key=lambda p: p.name.casefold())) for name in named]
    if groups.get(""):
        result.append(Group("", sorted(groups[""], key=lambda p: p.name.casefold())))
    return result


def _targets(user, conference: Conference) -> list[TargetLine]:
    """The user's speaker, program and person targets for this conference, best priority first, marked met or not."""
    targets = db.session.scalars(for_conference(owned(Target, user), conference).where(Target.kind.in_(MEETABLE))).all()
    mark_met(user, targets)
    targets = sorted(targets, key=lambda t: (RANK[t.priority], t.name.casefold()))
    return [TargetLine(target.kind, target.name, target.priority, target.met) for target in targets]


def _followups(user, conference: Conference, met: set[uuid.UUID], now: datetime) -> list[FollowUpLine]:
    """Follow-ups from this conference (and every open mentor update): overdue first, then by due time."""
    start, _ = day_bounds(conference.starts_on, conference.tz) if conference.starts_on else (None, None)
    at_conference = FollowUp.encounter_id.in_(
        owned(Encounter, user).with_only_columns(Encounter.id).where(Encounter.conference_id == conference.id)
    )
    for_people_met = FollowUp.contact_id.in_(met)
    if start is not None:
        for_people_met = for_people_met & (FollowUp.committed_at >= start)
    mentor_update = (FollowUp.action == "mentor_update") & (FollowUp.status == "open")
    rows = db.session.scalars(
        owned(FollowUp, user)
        .join(FollowUp.contact)
        .options(contains_eager(FollowUp.contact))
        .where(FollowUp.status != "cancelled", Contact.deleted_at.is_(None))
        .where(or_(at_conference, for_people_met, mentor_update))
    ).all()
    lines = [
        FollowUpLine(
            id=row.id,
            title=row.shown_title,
            label=named_title(row.action, row.contact.name, row.title),
            contact_name=row.contact.name,
            action=row.action,
            status=row.status,
            due_at=row.due_at.astimezone(user.tz),
            done_at=row.done_at.astimezone(user.tz) if row.done_at else None,
            overdue=row.status == "open"
            and row.due_at < now
            and (row.snoozed_until is None or row.snoozed_until < now),
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (not line.overdue, line.due_at, line.title))


def _milestones(user, conference: Conference) -> list[MilestoneLine]:
    """The milestones dated within the conference's days (a poster presented there), in order; none without dates."""
    if conference.starts_on is None:
        return []
    rows = db.session.execute(
        owned(Milestone, user)
        .with_only_columns(Milestone.kind, Milestone.title, Milestone.happened_on)
        .where(Milestone.happened_on.between(conference.starts_on, conference.ends_on or conference.starts_on))
        .order_by(Milestone.happened_on, Milestone.title)
    )
    return [MilestoneLine(KIND_LABELS[row.kind], row.title, row.happened_on) for row in rows]


def _next_steps(user, conference: Conference, people: dict[uuid.UUID, Person], open_: list[FollowUpLine]) -> NextSteps:
    """Overdue follow-ups, people not yet connected with on LinkedIn, mentor updates to send, and links from other features."""
    connected = set()
    if people:
        connected = set(
            db.session.scalars(
                owned(FollowUp, user)
                .with_only_columns(FollowUp.contact_id)
                .where(FollowUp.action == "linkedin", FollowUp.status == "done", FollowUp.contact_id.in_(people))
            )
        )
    mentor_updates = [
        Link(line.label, absolute_url(DRAFT_PATH.format(id=line.id)))
        for line in open_
        if line.action == "mentor_update"
    ]
    links = [
        Link(answer["label"], answer["url"])
        for _, answer in next_step_links.send(user, conference=conference)
        if answer
    ]
    return NextSteps(
        overdue=[line for line in open_ if line.overdue],
        connect_on_linkedin=sorted(
            (person for person in people.values() if person.id not in connected), key=lambda p: p.name.casefold()
        ),
        mentor_updates=mentor_updates,
        links=links,
    )
