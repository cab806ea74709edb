"""The daily 3-2-1 goal endpoint."""
from __future__ import annotations

from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from ..schedule.operations import get_conference
from .operations import daily_goals
from .schemas import GoalsArgsSchema, GoalsSchema

blp = Blueprint("goals", __name__, url_prefix="/api/v1/me", description="The daily 3-2-1 goal")


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
