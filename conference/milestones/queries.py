"""The filtered list of a user's milestones as a select for `paginate`."""

from __future__ import annotations

from sqlalchemy import Select

from ..sync import owned
from .models import Milestone


def milestones(user, args: dict) -> Select:
    """The user's milestones matching the filters, latest first."""
    query = owned(Milestone, user)
    if "kind" in args:
        query = query.where(Milestone.kind == args["kind"])
    if "since" in args:
        query = query.where(Milestone.happened_on >= args["since"])
    return query.order_by(Milestone.happened_on.desc(), Milestone.id)
