"""Endpoints for letters of recommendation, served by the sync protocol (conference/sync/routes.py)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..sync.routes import Summaries, register_synced
from . import queries
from .operations import LETTERS
from .schemas import LetterPatchSchema, LetterQueryArgsSchema

blp = Blueprint("letters", __name__, url_prefix="/api/v1/me", description="Letters of recommendation")

register_synced(
    blp,
    LETTERS,
    "/letters",
    patch_schema=LetterPatchSchema,
    query_schema=LetterQueryArgsSchema,
    query=queries.letters,
    list_summary="List my letters of recommendation, soonest due first (filters: contact, status).",
    summaries=Summaries(
        get="Show one of my letters.",
        put="Record a letter asked of a contact under this id, or replace all of it (with If-Match).",
        patch="Change only the fields sent of a letter; a new status adds the follow-up it calls for, once.",
        delete="Delete a letter (kept as a tombstone for other devices).",
    ),
)
