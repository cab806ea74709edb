"""Endpoints for the user's own agenda items, served by the sync protocol (conference/sync/routes.py)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..sync.routes import Summaries, register_synced
from . import queries
from .operations import AGENDA_ITEMS
from .schemas import AppointmentPatchSchema, AppointmentQueryArgsSchema

blp = Blueprint("agenda_items", __name__, url_prefix="/api/v1/me", description="My own agenda items")

register_synced(
    blp,
    AGENDA_ITEMS,
    "/agenda-items",
    patch_schema=AppointmentPatchSchema,
    query_schema=AppointmentQueryArgsSchema,
    query=queries.agenda_items,
    list_summary="List my own agenda items, soonest first (filter: conference).",
    summaries=Summaries(
        get="Show one of my agenda items.",
        put="Add an agenda item under this id, or replace all of it (with If-Match); a repeat changes nothing.",
        patch="Change only the fields sent of an agenda item.",
        delete="Delete an agenda item (kept as a tombstone for other devices).",
    ),
)
