"""Endpoints for people met, encounters, follow-ups, the 3-2-1 goal, the changes feed and drafts.

Items are written with PUT to an id the phone made, so a request retried after a lost answer
finds its record instead of making a second one. Item answers carry the version as ETag; send
it back as If-Match to refuse overwriting a change made on another device.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from flask.views import MethodView
from flask_login import login_required
from flask_smorest import Blueprint, abort
from marshmallow import Schema
from sqlalchemy import Select

from ..errors import ErrorSchema
from ..pagination import page_schema, paginate
from ..schedule.operations import get_conference
from ..sync import etag_headers, get_owned_or_404
from ..targets.models import Target
from . import drafts, operations, queries
from .changes import changes_schema, changes_since
from .followups import FOLLOWUPS
from .goals import daily_goals
from .models import FollowUp
from .operations import CONTACTS, ENCOUNTERS, Kind
from .schemas import (
    ChangesArgsSchema,
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

CONFLICT = "Changed since the version in If-Match; `current` holds the stored record"
GONE = "Deleted by the user; a new record needs a new id"


class Summaries(NamedTuple):
    """The one-line summary the API document shows for each endpoint of a synced resource."""

    list: str
    get: str
    put: str
    patch: str
    delete: str


def _summary(text: str):
    """Give a generated view method its summary: flask-smorest reads it from the docstring."""

    def set_doc(method):
        method.__doc__ = text
        return method

    return set_doc


def _register_synced(
    kind: Kind,
    path: str,
    *,
    patch_schema: type[Schema],
    query_schema: type[Schema],
    query: Callable[[dict], Select],
    summaries: Summaries,
) -> None:
    """Serve one kind of synced record: a paged list at `path`, and each record at `path/<id>`."""
    schema = type(kind.schema)

    class Collection(MethodView):
        """The user's records of one kind, a page at a time."""

        decorators = [login_required]

        @blp.arguments(query_schema, location="query")
        @blp.response(200, page_schema(schema))
        @_summary(summaries.list)
        def get(self, args):
            return paginate(query(args), args)

    class Item(MethodView):
        """One of the user's records, written under the id the phone made."""

        decorators = [login_required]

        @blp.response(200, schema)
        @_summary(summaries.get)
        def get(self, record_id):
            record = get_owned_or_404(kind.model, record_id)
            return record, 200, etag_headers(record)

        @blp.arguments(schema)
        @blp.response(200, schema)
        @blp.alt_response(201, schema=schema, description="Created under the id in the path")
        @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
        @blp.alt_response(410, schema=ErrorSchema, description=GONE)
        @_summary(summaries.put)
        def put(self, data, record_id):
            record, created = operations.put(kind, record_id, data)
            return record, 201 if created else 200, etag_headers(record)

        @blp.arguments(patch_schema(partial=True))
        @blp.response(200, schema)
        @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
        @_summary(summaries.patch)
        def patch(self, data, record_id):
            record = operations.retrying(lambda: operations.patch(kind, get_owned_or_404(kind.model, record_id), data))
            return record, 200, etag_headers(record)

        @blp.response(204)
        @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
        @_summary(summaries.delete)
        def delete(self, record_id):
            operations.delete(kind, get_owned_or_404(kind.model, record_id, include_deleted=True))

    # The class names are the endpoint names, so each kind's views need their own.
    name = kind.model.__name__
    for view, endpoint, rule in ((Collection, f"{name}s", path), (Item, f"{name}ById", f"{path}/<uuid:record_id>")):
        view.__name__ = view.__qualname__ = endpoint
        blp.route(rule)(view)


_register_synced(
    CONTACTS,
    "/contacts",
    patch_schema=ContactPatchSchema,
    query_schema=ContactQueryArgsSchema,
    query=queries.contacts,
    summaries=Summaries(
        list="List my contacts by name (filters: q, conference, role, tie_strength, tag).",
        get="Show one of my contacts.",
        put="Create a contact under this id, or replace it; the same request again changes nothing.",
        patch="Change some fields of a contact.",
        delete="Delete a contact with its encounters and follow-ups (kept as tombstones for other devices).",
    ),
)
_register_synced(
    ENCOUNTERS,
    "/encounters",
    patch_schema=EncounterPatchSchema,
    query_schema=EncounterQueryArgsSchema,
    query=queries.encounters,
    summaries=Summaries(
        list="List my encounters, latest first (filters: contact, conference, kind, q).",
        get="Show one of my encounters.",
        put="Log meeting someone under this id, or replace it; the same request again changes nothing.",
        patch="Change some fields of an encounter.",
        delete="Delete an encounter (kept as a tombstone for other devices).",
    ),
)
_register_synced(
    FOLLOWUPS,
    "/followups",
    patch_schema=FollowUpPatchSchema,
    query_schema=FollowUpQueryArgsSchema,
    query=queries.followups,
    summaries=Summaries(
        list="List my follow-ups, soonest due first (filters: status, due_before, contact, conference, q).",
        get="Show one of my follow-ups.",
        put="Commit to a follow-up under this id, or replace it; the same request again changes nothing.",
        patch="Change a follow-up: mark it done, snooze it, move it; a done repeating one schedules the next.",
        delete="Delete a follow-up (kept as a tombstone for other devices).",
    ),
)


@blp.route("/followups/<uuid:record_id>/draft")
@login_required
@blp.response(200, DraftSchema)
def followup_draft(record_id):
    """Draft the email for a follow-up: where we met, the takeaway, one light ask."""
    return drafts.followup_draft(get_owned_or_404(FollowUp, record_id))


@blp.route("/followups/<uuid:record_id>/linkedin-note")
@login_required
@blp.response(200, LinkedInNoteSchema)
def followup_linkedin_note(record_id):
    """Draft a LinkedIn connection note (at most 300 characters) naming where we met."""
    return drafts.linkedin_note(get_owned_or_404(FollowUp, record_id))


@blp.route("/targets/<uuid:target_id>/outreach-draft")
@login_required
@blp.response(200, DraftSchema)
def outreach_draft(target_id):
    """Draft a short note asking a target speaker for 10-15 minutes at the meeting."""
    return drafts.outreach_draft(get_owned_or_404(Target, target_id))


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
    return daily_goals(conference)


@blp.route("/changes")
@login_required
@blp.arguments(ChangesArgsSchema, location="query")
@blp.response(200, changes_schema())
def changes(args):
    """Everything of mine created, changed or deleted since a cursor, and the next cursor."""
    since = int(args["since"]) if "since" in args else None
    return changes_since(since, args["limit"])
