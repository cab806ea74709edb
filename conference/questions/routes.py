"""Endpoints for the user's own questions, served by the sync protocol; the built-in ones are in /api/v1/meta."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..sync.routes import Summaries, register_synced
from . import queries
from .operations import QUESTIONS
from .schemas import QuestionPatchSchema, QuestionQueryArgsSchema

blp = Blueprint("questions", __name__, url_prefix="/api/v1/me", description="My own questions to ask")

register_synced(
    blp,
    QUESTIONS,
    "/questions",
    patch_schema=QuestionPatchSchema,
    query_schema=QuestionQueryArgsSchema,
    query=queries.questions,
    list_summary="List my own questions, oldest first (filter: audience); the built-in ones are in /api/v1/meta.",
    summaries=Summaries(
        get="Show one of my questions.",
        put="Add a question under this id, or replace all of it (with If-Match); a repeat changes nothing.",
        patch="Change only the fields sent of a question.",
        delete="Delete a question (kept as a tombstone for other devices).",
    ),
)
