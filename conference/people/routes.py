"""Endpoints for people met and the encounters with them.

Each record is served by the sync protocol (conference/sync/routes.py): PUT to an id the phone
made, PATCH, DELETE, ETag and If-Match.
"""

from __future__ import annotations

from flask_smorest import Blueprint

from ..sync.routes import Summaries, register_synced
from . import queries
from .operations import CONTACTS, ENCOUNTERS
from .schemas import ContactPatchSchema, ContactQueryArgsSchema, EncounterPatchSchema, EncounterQueryArgsSchema

blp = Blueprint("people", __name__, url_prefix="/api/v1/me", description="People met and the encounters with them")

register_synced(
    blp,
    CONTACTS,
    "/contacts",
    patch_schema=ContactPatchSchema,
    query_schema=ContactQueryArgsSchema,
    query=queries.contacts,
    list_summary="List my contacts by name (filters: q, conference, role, tie_strength, tag).",
    summaries=Summaries(
        get="Show one of my contacts.",
        put="Create a contact under this id, or replace all of it (with If-Match); a repeat changes nothing.",
        patch="Change only the fields sent of a contact.",
        delete="Delete a contact with its encounters and follow-ups (kept as tombstones for other devices).",
    ),
)
register_synced(
    blp,
    ENCOUNTERS,
    "/encounters",
    patch_schema=EncounterPatchSchema,
    query_schema=EncounterQueryArgsSchema,
    query=queries.encounters,
    list_summary="List my encounters, latest first (filters: contact, conference, kind, q).",
    summaries=Summaries(
        get="Show one of my encounters.",
        put="Log meeting someone under this id, or replace all of it (with If-Match); a repeat changes nothing.",
        patch="Change only the fields sent of an encounter.",
        delete="Delete an encounter (kept as a tombstone for other devices).",
    ),
)
