"""Endpoints for follow-ups and the email drafts and LinkedIn notes made from them.

Each follow-up is served by the sync protocol (conference/sync/routes.py): PUT to an id the phone
made, PATCH, DELETE, ETag and If-Match.
"""

from __future__ import annotations

from flask_login import current_user, login_required
from flask_smorest import Blueprint

from ..db.types import utcnow
from ..messages.schemas import DraftSchema
from ..sync import get_owned_or_404
from ..sync.routes import Summaries, register_synced
from . import drafts, outreach, queries
from .models import FollowUp
from .operations import FOLLOWUPS
from .schemas import (
    FollowUpPatchSchema,
    FollowUpQueryArgsSchema,
    LinkedInNoteSchema,
    OutreachQueryArgsSchema,
    OutreachSchema,
)

blp = Blueprint("followups", __name__, url_prefix="/api/v1/me", description="Follow-ups promised to people met")

register_synced(
    blp,
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
    """Draft the email for a follow-up: where we met, the takeaway, one light ask (and when I last wrote, if lately)."""
    followup = get_owned_or_404(FollowUp, current_user, record_id)
    draft = drafts.followup_draft(current_user, followup)
    draft.recently_contacted_at = outreach.recently_contacted_at(
        current_user, FollowUp.contact_id == followup.contact_id, utcnow()
    )
    return draft


@blp.route("/followups/<uuid:record_id>/nudge-draft")
@login_required
@blp.response(200, DraftSchema)
def followup_nudge_draft(record_id):
    """Draft the one reminder, offered a week after a message went unanswered (422 when none is offered)."""
    return outreach.nudge_draft(current_user, get_owned_or_404(FollowUp, current_user, record_id), utcnow())


@blp.route("/outreach")
@login_required
@blp.arguments(OutreachQueryArgsSchema, location="query")
@blp.response(200, OutreachSchema)
def outreach_summary(args):
    """Count my messages sent, replied to, unanswered and awaiting, by warmth, with reply rates (replied / sent)."""
    return outreach.outreach_summary(current_user, args.get("conference"), utcnow())


@blp.route("/followups/<uuid:record_id>/linkedin-note")
@login_required
@blp.response(200, LinkedInNoteSchema)
def followup_linkedin_note(record_id):
    """Draft a LinkedIn connection note (at most 300 characters) naming where we met."""
    return drafts.linkedin_note(current_user, get_owned_or_404(FollowUp, current_user, record_id))
