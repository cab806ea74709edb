"""Target and agenda endpoints: parse, call an operation, serialize."""
from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from ..errors import ErrorSchema
from ..pagination import page_schema
from ..sync import etag_headers, get_owned_or_404
from . import operations
from .agenda import build_agenda
from .models import Target
from .schemas import (
    AgendaQueryArgsSchema,
    AgendaSchema,
    IfMatchSchema,
    TargetCreateSchema,
    TargetQueryArgsSchema,
    TargetSchema,
    TargetUpdateSchema,
)

blp = Blueprint("targets", __name__, url_prefix="/api/v1/me", description="Targets and the personal agenda")


@blp.route("/targets")
class Targets(MethodView):
    """The user's target list."""

    decorators = [login_required]

    @blp.arguments(TargetQueryArgsSchema, location="query")
    @blp.response(200, page_schema(TargetSchema))
    def get(self, args):
        """List my targets, must-meet first (optionally those for one conference)."""
        return operations.list_targets(current_user, args)

    @blp.arguments(TargetCreateSchema)
    @blp.response(201, TargetSchema)
    @blp.alt_response(200, schema=TargetSchema, description="Already a target: the existing one, unchanged")
    def post(self, data):
        """Mark a speaker, program, session or must-meet person as a target."""
        target, created = operations.create_target(current_user, data)
        operations.mark_met(current_user, [target])
        return target, 201 if created else 200, etag_headers(target)


@blp.route("/targets/<uuid:target_id>")
class TargetById(MethodView):
    """One of the user's targets."""

    decorators = [login_required]

    @blp.response(200, TargetSchema)
    def get(self, target_id):
        """Show one of my targets."""
        target = get_owned_or_404(Target, current_user, target_id)
        operations.mark_met(current_user, [target])
        return target, 200, etag_headers(target)

    @blp.arguments(IfMatchSchema, location="headers")
    @blp.arguments(TargetUpdateSchema(partial=True))
    @blp.response(200, TargetSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Changed since the version in If-Match; `current` holds it")
    def patch(self, headers, changes, target_id):
        """Change a target's priority, note or why (and a person's name), refusing stale versions."""
        target = get_owned_or_404(Target, current_user, target_id)
        target = operations.update_target(current_user, target, changes, headers["if_match"])
        operations.mark_met(current_user, [target])
        return target, 200, etag_headers(target)

    @blp.arguments(IfMatchSchema, location="headers")
    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description="Changed since the version in If-Match; `current` holds it")
    def delete(self, headers, target_id):
        """Remove a target (kept as a tombstone for my other devices)."""
        operations.delete_target(get_owned_or_404(Target, current_user, target_id), headers["if_match"])


@blp.route("/agenda")
@login_required
@blp.arguments(AgendaQueryArgsSchema, location="query")
@blp.response(200, AgendaSchema)
def agenda(args):
    """Where and when my targets can be found at a conference, day by day, with overlaps flagged."""
    conference = operations.conference_or_404(args["conference"])
    return build_agenda(current_user, conference, args.get("day"))
