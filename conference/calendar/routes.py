"""Calendar feed endpoints: manage my feed (logged in), and the feed itself (its secret URL, no login)."""

from __future__ import annotations

import logging

from flask import Response, current_app, request
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from ..accounts.models import User
from ..extensions import db, limiter
from ..web.conditional import client_has
from ..web.security import secret_digest
from . import operations
from .models import CalendarFeed
from .schemas import (
    SUBSCRIPTION_NOTE,
    CalendarFeedChangeSchema,
    CalendarFeedSchema,
    CalendarFeedSettingsSchema,
    FeedQueryArgsSchema,
)

blp = Blueprint("calendar", __name__, description="The private calendar subscription")
log = logging.getLogger(__name__)


def _answer(feed: CalendarFeed, token: str | None) -> dict:
    """The feed as the app shows it; the links only right after the secret was made."""
    url = None
    if token is not None:
        base = current_app.config["CALENDAR_FEED_BASE_URL"] or request.host_url
        url = f"{base.rstrip('/')}/calendar/{token}.ics"
    return {
        "url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1] if url else None,
        "tasks_url": f"{url}?tasks=vtodo" if url else None,
        "created_at": feed.created_at,
        "rotated_at": feed.rotated_at,
        "alarm_minutes": feed.alarm_minutes,
        "note": SUBSCRIPTION_NOTE,
    }


@blp.route("/api/v1/me/calendar-feed")
class MyCalendarFeed(MethodView):
    """My private calendar subscription."""

    decorators = [login_required]

    @blp.response(200, CalendarFeedSchema)
    def get(self):
        """Show my calendar feed's settings (its link is shown only when made)."""
        return _answer(operations.feed_of_or_404(current_user), None)

    @blp.arguments(CalendarFeedSettingsSchema, required=False)
    @blp.response(201, CalendarFeedSchema)
    @blp.alt_response(200, schema=CalendarFeedSchema, description="Already subscribed: the feed, without its link")
    def post(self, settings):
        """Create my calendar feed and show its link once, or return the existing one (settings applied)."""
        feed, token = operations.create_feed(current_user, settings)
        return _answer(feed, token), 201 if token else 200

    @blp.arguments(CalendarFeedChangeSchema(partial=True))
    @blp.response(200, CalendarFeedSchema)
    def patch(self, settings):
        """Change my feed's reminder time."""
        return _answer(operations.update_feed(operations.feed_of_or_404(current_user), settings), None)

    @blp.response(204)
    def delete(self):
        """Revoke my calendar feed: its link answers 404 from now on."""
        operations.revoke_feed(current_user)


@blp.route("/api/v1/me/calendar-feed/rotate", methods=["POST"])
@login_required
@blp.response(200, CalendarFeedSchema)
def rotate():
    """Replace my feed's link with a new one; the old link answers 404 at once."""
    feed = operations.feed_of_or_404(current_user)
    return _answer(feed, operations.rotate_feed(feed))


def _feed_key() -> str:
    """Rate-limit key: the feed (by the secret's hash, so the limiter's store never holds a secret)."""
    return "calendar-feed:" + secret_digest(request.view_args.get("token", ""))


def _feed_limit() -> str:
    """The configured rate limit per feed."""
    return current_app.config["CALENDAR_FEED_RATE_LIMIT"]


@blp.route("/calendar/<string:token>.ics")
@limiter.limit(_feed_limit, key_func=_feed_key)
@blp.arguments(FeedQueryArgsSchema, location="query")
@blp.response(200, description="The iCalendar feed (text/calendar)", content_type="text/calendar")
@blp.alt_response(304, description="Unchanged since the ETag or time the client sent")
@blp.alt_response(404, description="Unknown or revoked link")
@blp.alt_response(429, description="Too many requests for this link; see Retry-After")
def feed(args, token):
    """My follow-ups and agenda as an iCalendar subscription (the secret link is the only credential)."""
    found = operations.feed_for_token(token)
    if found is None:
        abort(404, message="Not found.")
    with_tasks = args.get("tasks") == "vtodo"
    fresh = operations.freshness(found, with_tasks)
    if client_has(fresh.etag, fresh.last_modified):
        log.info("calendar feed %s: not modified", found.id)
        return _with_feed_headers(Response(status=304), fresh)
    user = db.session.get(User, found.owner_id)
    body = operations.build_feed(found, user, fresh.as_of, current_app.config["CALENDAR_UID_DOMAIN"], with_tasks)
    log.info("calendar feed %s: sent %d bytes", found.id, len(body))
    return _with_feed_headers(Response(body, content_type="text/calendar; charset=utf-8"), fresh)


def _with_feed_headers(response: Response, fresh: operations.Freshness) -> Response:
    """Validators for polling clients; no shared caches, no Referer leaking the secret, no indexing."""
    response.set_etag(fresh.etag)
    response.last_modified = fresh.last_modified
    response.headers["Cache-Control"] = "private, max-age=0"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
