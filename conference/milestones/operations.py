"""Milestones as a synced kind (see conference/sync), and the lines they add to mentor updates."""

from __future__ import annotations

from datetime import date

from ..extensions import db
from ..followups.signals import mentor_update_drafted
from ..sync.operations import Kind, owned, register
from .models import KIND_LABELS, Milestone
from .schemas import MilestoneSchema
from .signals import milestone_changed


def _prepare_milestone(user, stored: Milestone | None, values: dict, sent: dict) -> dict:
    """A milestone refers to nothing else: its columns are what was sent."""
    return {name: values[name] for name in MILESTONES.defaults}


def _tell(user, milestone: Milestone, before: dict | None) -> None:
    """Let the features above react to a milestone (a match tells the letter writers)."""
    milestone_changed.send(user, milestone=milestone, before=before)


MILESTONES = register(
    Kind(
        name="milestones",
        model=Milestone,
        schema=MilestoneSchema(),
        defaults={"kind": "other", "title": "", "happened_on": None, "notes": ""},
        prepare=_prepare_milestone,
        after_change=_tell,
    )
)


@mentor_update_drafted.connect
def milestones_for_updates(user, since: date, until: date, **_) -> list[tuple[date, str]]:
    """The user's milestones on these days as a mentor update lists them: "Poster: Early psychosis in rural Ohio"."""
    rows = db.session.execute(
        owned(Milestone, user)
        .with_only_columns(Milestone.happened_on, Milestone.kind, Milestone.title)
        .where(Milestone.happened_on >= since, Milestone.happened_on <= until)
    )
    return [(day, title if kind == "other" else f"{KIND_LABELS[kind]}: {title}") for day, kind, title in rows]
