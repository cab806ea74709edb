"""Endpoints for milestones, served by the sync protocol (conference/sync/routes.py)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..sync.routes import Summaries, register_synced
from . import queries
from .operations import MILESTONES
from .schemas import MilestonePatchSchema, MilestoneQueryArgsSchema

blp = Blueprint("milestones", __name__, url_prefix="/api/v1/me", description="Achievements for mentor updates")

register_synced(
    blp,
    MILESTONES,
    "/milestones",
    patch_schema=MilestonePatchSchema,
    query_schema=MilestoneQueryArgsSchema,
    query=queries.milestones,
    list_summary="List my milestones, latest first (filters: kind, since).",
    summaries=Summaries(
        get="Show one of my milestones.",
        put="Record a milestone under this id, or replace all of it (with If-Match); a repeat changes nothing.",
        patch="Change only the fields sent of a milestone.",
        delete="Delete a milestone (kept as a tombstone for other devices).",
    ),
)
