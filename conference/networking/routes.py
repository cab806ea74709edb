"""Endpoints for people met, encounters, follow-ups, the 3-2-1 goal and drafts.

Each record is served by the sync protocol (conference/sync/routes.py): PUT to an id the phone
made, PATCH, DELETE, ETag and If-Match.
"""
from __future__ import annotations

from collections.abc import Callable

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema
from sqlalchemy import Select

from ..web.pagination import page_schema, paginate
from ..schedule.operations import get_conference
from ..sync import get_owned_or_404
from ..sync.operations import Kind
from ..sync.reading import showing, shown
from ..sync.routes import Summaries, register_item_views, summary
from ..targets.models import Target
from . import drafts, queries
from .followups import FOLLOWUPS
from .goals import daily_goals
from .models import FollowUp
from .operations import CONTACTS, ENCOUNTERS
from .schemas import (
    ContactPatchSchema,
    ContactQueryArgsSchema,
    DraftSchema,
    EncounterPatchSchema,
    EncounterQueryArgsSchema,
    FollowUpPatchSchema,
    FollowUpQueryArgsSchema,
    GoalsArgsSchema,
    GoalsSchema,
    LinkedInNoteSchema,
)

blp = Blueprint(
    "networking", __name__, url_prefix="/api/v1/me", description="People met, follow-ups and the daily 3-2-1 goal"
)


def _register_synced(
    kind: Kind,
    path: str,
    *,
    patch_schema: type[Schema],
    query_schema: type[Schema],
    query: Callable[[object, dict], Select],
    list_summary: str,
    summaries: Summaries,
) -> None:
    """Serve one kind of synced record: a paged list at `path`, and each record at `path/<id>`."""

    class Collection(MethodView):
        """The user's records of one kind, a page at a time."""

        decorators = [login_required]

        @blp.arguments(query_schema, location="query")
        @blp.response(200, page_schema(type(kind.schema), serialized=True))
        @summary(list_summary)
        def get(self, args):
            return paginate(query(current_user, args), args, lambda page: shown(kind, showing(kind, page)))

    # The class name is the endpoint's name, so each kind's view needs its own.
    Collection.__name__ = Collection.__qualname__ = f"{kind.model.__name__}s"
    blp.route(path)(Collection)
    register_item_views(
        blp, kind, f"{path}/<uuid:record_id>", put_schema=type(kind.schema), patch_schema=patch_schema,
        summaries=summaries,
    )  # fmt: skip


_register_synced(
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
_register_synced(
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
_register_synced(
    FOLLOWUPS,
    "/followups",
    patch_schema=FollowUpPatchSchema,
    query_schema=FollowUpQueryArgsSchema,
    query=queries.followups,
    list_summary="List my follow-ups, soonest due first (filters: status, due_before, contact, conference, q).",
    summaries=Summaries(
        get="Show one of my follow-ups.",
        put="Commit to a follow-up under this id, or replace all of it (with If-Match); a repeat changes nothing.",
        patch="Change a follow-up: mark it done, snooze it, move it; a done repeating one schedules the next.",
        delete="Delete a follow-up (kept as a tombstone for other devices).",
    ),
)


@blp.route("/followups/<uuid:record_id>/draft")
@login_required
@blp.response(200, DraftSchema)
def followup_draft(record_id):
    """Draft the email for a follow-up: where we met, the takeaway, one light ask."""
    return drafts.followup_draft(current_user, get_owned_or_404(FollowUp, current_user, record_id))


@blp.route("/followups/<uuid:record_id>/linkedin-note")
@login_required
@blp.response(200, LinkedInNoteSchema)
def followup_linkedin_note(record_id):
    """Draft a LinkedIn connection note (at most 300 characters) naming where we met."""
    return drafts.linkedin_note(current_user, get_owned_or_404(FollowUp, current_user, record_id))


@blp.route("/targets/<uuid:target_id>/outreach-draft")
@login_required
@blp.response(200, DraftSchema)
def outreach_draft(target_id):
    """Draft a short note asking a target speaker for 10-15 minutes at the meeting."""
    return drafts.outreach_draft(current_user, get_owned_or_404(Target, current_user, target_id))


@blp.route("/goals")
@login_required
@blp.arguments(GoalsArgsSchema, location="query")
@blp.response(200, GoalsSchema)
def goals(args):
    """My daily 3-2-1 counts: each conference day (and today), or the last 7 days."""
    conference = None
    if "conference" in args:
        conference = get_conference(args["conference"])
        if conference is None:
            abort(404, message=f"Conference {args['conference']!r} not found.")
    return daily_goals(current_user, conference)
