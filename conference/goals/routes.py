"""The daily 3-2-1 goal endpoint."""

from __future__ import annotations

from flask_login import current_user, login_required
from flask_smorest import Blueprint

from ..schedule.queries import conference_or_404
from .operations import daily_goals
from .schemas import GoalsArgsSchema, GoalsSchema

blp = Blueprint("goals", __name__, url_prefix="/api/v1/me", description="The daily 3-2-1 goal")


@blp.route("/goals")
@login_required
@blp.arguments(GoalsArgsSchema, location="query")
@blp.response(200, GoalsSchema)
def goals(args):
    """My daily 3-2-1 counts: each conference day (and today), or the last 7 days."""
    conference = conference_or_404(args["conference"]) if "conference" in args else None
    return daily_goals(current_user, conference)
