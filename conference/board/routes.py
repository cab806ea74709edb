"""The board of advisors endpoint (the advisors themselves are contacts, synced in conference/people)."""

from __future__ import annotations

from flask_login import current_user, login_required
from flask_smorest import Blueprint

from . import queries
from .schemas import BoardSchema

blp = Blueprint("board", __name__, url_prefix="/api/v1/me", description="The board of advisors and their updates")


@blp.route("/board")
@login_required
@blp.response(200, BoardSchema)
def my_board():
    """Show my board of advisors: each seat, the empty ones, and when each advisor is next due an update."""
    return queries.board(current_user)
