"""The filtered list of a user's questions as a select for `paginate`."""

from __future__ import annotations

from sqlalchemy import Select

from ..sync import owned
from .models import Question


def questions(user, args: dict) -> Select:
    """The user's questions, for one audience when named, oldest first (the order they were thought of)."""
    query = owned(Question, user)
    if "audience" in args:
        query = query.where(Question.audience == args["audience"])
    return query.order_by(Question.created_at, Question.id)
