"""Milestones as a synced kind (see conference/sync)."""

from __future__ import annotations

from ..sync.operations import Kind, register
from .models import Milestone
from .schemas import MilestoneSchema


def _prepare_milestone(user, stored: Milestone | None, values: dict, sent: dict) -> dict:
    """A milestone refers to nothing else: its columns are what was sent."""
    return {name: values[name] for name in MILESTONES.defaults}


MILESTONES = register(
    Kind(
        name="milestones",
        model=Milestone,
        schema=MilestoneSchema(),
        defaults={"kind": "other", "title": "", "happened_on": None, "notes": ""},
        prepare=_prepare_milestone,
    )
)
