"""The filtered list of a user's letters as a select for `paginate`."""

from __future__ import annotations

from sqlalchemy import Select

from ..sync import owned
from .models import Letter


def letters(user, args: dict) -> Select:
    """The user's letters matching the filters, soonest due first (those without a due time last)."""
    query = owned(Letter, user)
    if "contact" in args:
        query = query.where(Letter.contact_id == args["contact"])
    if "status" in args:
        query = query.where(Letter.status == args["status"])
    return query.order_by(Letter.due_at.is_(None), Letter.due_at, Letter.id)
