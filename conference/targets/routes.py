"""Target and agenda endpoints: parse, call an operation, serialize."""

from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint

from ..messages.schemas import DraftSchema
from ..schedule.queries import conference_or_404
from ..sync import etag_headers, get_owned_or_404
from ..sync.routes import Summaries, register_item_views
from ..web.pagination import page_schema
from . import operations
from .agenda import build_agenda
from .models import Target
from .outreach import outreach_draft
from .schemas import (
    AgendaQueryArgsSchema,
    AgendaSchema,
    TargetCreateSchema,
    TargetPutSchema,
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
    @blp.response(200, page_schema(TargetSchema, serialized=True))
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


register_item_views(
    blp,
    operations.TARGETS,
    "/targets/<uuid:record_id>",
    put_schema=TargetPutSchema,
    patch_schema=TargetUpdateSchema,
    summaries=Summaries(
        get="Show one of my targets.",
        put="Mark a target under this id, or replace all of it (If-Match required); what it is about cannot change.",
        patch="Change only the fields sent of a target: priority, note, why (and a person's name).",
        delete="Remove a target (kept as a tombstone for my other devices).",
    ),
    duplicate="Already a target under another id; `current` holds that target",
)


@blp.route("/targets/<uuid:target_id>/outreach-draft")
@login_required
@blp.response(200, DraftSchema)
def target_outreach_draft(target_id):
    """Draft a short note asking a target speaker for 10-15 minutes at the meeting."""
    return outreach_draft(current_user, get_owned_or_404(Target, current_user, target_id))


@blp.route("/agenda")
@login_required
@blp.arguments(AgendaQueryArgsSchema, location="query")
@blp.response(200, AgendaSchema)
def agenda(args):
    """Where and when my targets can be found at a conference, day by day, with overlaps flagged."""
    conference = conference_or_404(args["conference"])
    return build_agenda(current_user, conference, args.get("day"))
