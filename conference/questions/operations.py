"""The user's questions as a synced kind (see conference/sync)."""

from __future__ import annotations

from ..sync.operations import Kind, register
from .models import Question
from .schemas import QuestionSchema


def _prepare_question(user, stored: Question | None, values: dict, sent: dict) -> dict:
    """A question refers to nothing else: its columns are what was sent."""
    return {name: values[name] for name in QUESTIONS.defaults}


QUESTIONS = register(
    Kind(
        name="questions",
        model=Question,
        schema=QuestionSchema(),
        defaults={"text": "", "audience": None},
        prepare=_prepare_question,
    )
)
