"""Endpoints for people met, encounters, follow-ups, the 3-2-1 goal, the changes feed and drafts.

Items are written with PUT to an id the phone made, so a request retried after a lost answer
finds its record instead of making a second one. Item answers carry the version as ETag; send
it back as If-Match to refuse overwriting a change made on another device.
"""
from __future__ import annotations

from flask.views import MethodView
from flask_login import login_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from ..errors import ErrorSchema
from ..extensions import db
from ..pagination import page_schema, paginate
from ..schedule.models import Conference
from ..sync import etag_headers, get_owned_or_404
from ..targets.models import Target
from . import drafts, operations, queries
from .changes import changes_schema, changes_since
from .followups import FOLLOWUPS
from .goals import daily_goals
from .models import Contact, Encounter, FollowUp
from .operations import CONTACTS, ENCOUNTERS, Kind
from .schemas import (
    ChangesArgsSchema,
    ContactPatchSchema,
    ContactQueryArgsSchema,
    ContactSchema,
    DraftSchema,
    EncounterPatchSchema,
    EncounterQueryArgsSchema,
    EncounterSchema,
    FollowUpPatchSchema,
    FollowUpQueryArgsSchema,
    FollowUpSchema,
    GoalsArgsSchema,
    GoalsSchema,
)

blp = Blueprint(
    "networking", __name__, url_prefix="/api/v1/me", description="People met, follow-ups and the daily 3-2-1 goal"
)

CONFLICT = "Changed since the version in If-Match; `current` holds the stored record"
GONE = "Deleted by the user; a new record needs a new id"


def _put(kind: Kind, record_id, data):
    """Create (201) or replace (200) a record, with its ETag."""
    record, created = operations.put(kind, record_id, data)
    return record, 201 if created else 200, etag_headers(record)


def _patch(kind: Kind, record_id, data):
    """Change some fields of one of the user's live records, with its ETag."""
    record = operations.retrying(lambda: operations.patch(kind, get_owned_or_404(kind.model, record_id), data))
    return record, 200, etag_headers(record)


def _delete(kind: Kind, record_id) -> None:
    """Tombstone one of the user's records; a repeated DELETE answers the same."""
    operations.delete(kind, get_owned_or_404(kind.model, record_id, include_deleted=True))


@blp.route("/contacts")
class Contacts(MethodView):
    """The people the user met."""

    decorators = [login_required]

    @blp.arguments(ContactQueryArgsSchema, location="query")
    @blp.response(200, page_schema(ContactSchema))
    def get(self, args):
        """List my contacts by name (filters: q, conference, role, tie_strength, tag)."""
        return paginate(queries.contacts(args), args)


@blp.route("/contacts/<uuid:record_id>")
class ContactById(MethodView):
    """One contact."""

    decorators = [login_required]

    @blp.response(200, ContactSchema)
    def get(self, record_id):
        """Show one of my contacts."""
        record = get_owned_or_404(Contact, record_id)
        return record, 200, etag_headers(record)

    @blp.arguments(ContactSchema)
    @blp.response(200, ContactSchema)
    @blp.alt_response(201, schema=ContactSchema, description="Created under the id in the path")
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    @blp.alt_response(410, schema=ErrorSchema, description=GONE)
    def put(self, data, record_id):
        """Create a contact under this id, or replace it; the same request again changes nothing."""
        return _put(CONTACTS, record_id, data)

    @blp.arguments(ContactPatchSchema(partial=True))
    @blp.response(200, ContactSchema)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def patch(self, data, record_id):
        """Change some fields of a contact."""
        return _patch(CONTACTS, record_id, data)

    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def delete(self, record_id):
        """Delete a contact with its encounters and follow-ups (kept as tombstones for other devices)."""
        _delete(CONTACTS, record_id)


@blp.route("/encounters")
class Encounters(MethodView):
    """Meetings with contacts."""

    decorators = [login_required]

    @blp.arguments(EncounterQueryArgsSchema, location="query")
    @blp.response(200, page_schema(EncounterSchema))
    def get(self, args):
        """List my encounters, latest first (filters: contact, conference, kind, q)."""
        return paginate(queries.encounters(args), args)


@blp.route("/encounters/<uuid:record_id>")
class EncounterById(MethodView):
    """One encounter."""

    decorators = [login_required]

    @blp.response(200, EncounterSchema)
    def get(self, record_id):
        """Show one of my encounters."""
        record = get_owned_or_404(Encounter, record_id)
        return record, 200, etag_headers(record)

    @blp.arguments(EncounterSchema)
    @blp.response(200, EncounterSchema)
    @blp.alt_response(201, schema=EncounterSchema, description="Created under the id in the path")
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    @blp.alt_response(410, schema=ErrorSchema, description=GONE)
    def put(self, data, record_id):
        """Log meeting someone under this id, or replace it; the same request again changes nothing."""
        return _put(ENCOUNTERS, record_id, data)

    @blp.arguments(EncounterPatchSchema(partial=True))
    @blp.response(200, EncounterSchema)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def patch(self, data, record_id):
        """Change some fields of an encounter."""
        return _patch(ENCOUNTERS, record_id, data)

    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def delete(self, record_id):
        """Delete an encounter (kept as a tombstone for other devices)."""
        _delete(ENCOUNTERS, record_id)


@blp.route("/followups")
class FollowUps(MethodView):
    """Things promised to contacts."""

    decorators = [login_required]

    @blp.arguments(FollowUpQueryArgsSchema, location="query")
    @blp.response(200, page_schema(FollowUpSchema))
    def get(self, args):
        """List my follow-ups, soonest due first (filters: status, due_before, contact, conference, q)."""
        return paginate(queries.followups(args), args)


@blp.route("/followups/<uuid:record_id>")
class FollowUpById(MethodView):
    """One follow-up."""

    decorators = [login_required]

    @blp.response(200, FollowUpSchema)
    def get(self, record_id):
        """Show one of my follow-ups."""
        record = get_owned_or_404(FollowUp, record_id)
        return record, 200, etag_headers(record)

    @blp.arguments(FollowUpSchema)
    @blp.response(200, FollowUpSchema)
    @blp.alt_response(201, schema=FollowUpSchema, description="Created under the id in the path")
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    @blp.alt_response(410, schema=ErrorSchema, description=GONE)
    def put(self, data, record_id):
        """Commit to a follow-up under this id, or replace it; the same request again changes nothing."""
        return _put(FOLLOWUPS, record_id, data)

    @blp.arguments(FollowUpPatchSchema(partial=True))
    @blp.response(200, FollowUpSchema)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def patch(self, data, record_id):
        """Change a follow-up: mark it done, snooze it, move it; a done repeating one schedules the next."""
        return _patch(FOLLOWUPS, record_id, data)

    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description=CONFLICT)
    def delete(self, record_id):
        """Delete a follow-up (kept as a tombstone for other devices)."""
        _delete(FOLLOWUPS, record_id)


@blp.route("/followups/<uuid:record_id>/draft")
@login_required
@blp.response(200, DraftSchema)
def followup_draft(record_id):
    """Draft the email for a follow-up: where we met, the takeaway, one light ask."""
    return drafts.followup_draft(get_owned_or_404(FollowUp, record_id))


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
        conference = db.session.scalars(select(Conference).where(Conference.slug == args["conference"])).one_or_none()
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
