"""`GET /api/v1/meta`: the same for everyone, so browsers and proxies may keep it; the ETag makes a check cheap."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..web.conditional import not_modified
from .schemas import MetaSchema
from .words import word_lists

blp = Blueprint("meta", __name__, url_prefix="/api/v1", description="The word lists the app offers")

#: The lists change only with a release; a browser may keep them a day (the service worker revalidates sooner).
CACHE_CONTROL = "public, max-age=86400"


@blp.route("/meta")
@blp.response(200, MetaSchema, headers={"ETag": {"schema": {"type": "string"}}})
@blp.alt_response(304, description="The lists are unchanged since the ETag sent as If-None-Match")
def meta():
    """The roles, follow-up actions, kinds, priorities and import formats, as the server accepts them."""
    lists = word_lists()
    unchanged = not_modified(lists)
    if unchanged:
        unchanged.headers["Cache-Control"] = CACHE_CONTROL
        return unchanged
    return lists, 200, {"Cache-Control": CACHE_CONTROL}
