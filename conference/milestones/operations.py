"""Milestones as a synced kind (see conference/sync)."""

from __future__ import annotations

from ..sync.operations import Kind, register
from .models import Milestone
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
