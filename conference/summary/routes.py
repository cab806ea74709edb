"""The summary as JSON, as a browser preview, queued on request, and the one-click opt-out."""

from __future__ import annotations

from flask import Blueprint as FlaskBlueprint
from flask import render_template_string, request
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from ..accounts.operations import update_user
from ..schedule.queries import conference_or_404
from ..web.errors import ErrorSchema
from .content import build_summary
from .message import render
from .operations import queue_summary
from .optout import opt_out_url, user_for_token
from .schemas import QueuedSchema, SummaryArgsSchema, SummarySchema

blp = Blueprint("summary", __name__, url_prefix="/api/v1/me", description="The summary email after a conference")
#: Pages outside the API: the HTML preview and the opt-out a mail app or a click in the email opens.
pages = FlaskBlueprint("summary_pages", __name__)


@blp.route("/summary")
@login_required
@blp.arguments(SummaryArgsSchema, location="query")
@blp.response(200, SummarySchema)
def summary(args):
    """My summary of a conference: days, people, targets, follow-ups and next steps, as the email shows them."""
    return build_summary(current_user, conference_or_404(args["conference"]))


@blp.route("/summary/send", methods=["POST"])
@login_required
@blp.arguments(SummaryArgsSchema, location="query")
@blp.response(202, QueuedSchema)
@blp.alt_response(200, schema=QueuedSchema, description="Already sent (or being sent): not sent again")
@blp.alt_response(409, schema=ErrorSchema, description="Summary emails are turned off (summary_opt_out)")
def send_summary(args):
    """Queue my summary of a conference now; it goes out with the next outbox run, once."""
    if current_user.summary_opt_out:
        abort(
            409,
            message="You turned summary emails off; set summary_opt_out to false first.",
            errors={"summary_opt_out": ["Summary emails are off."]},
        )
    message, queued = queue_summary(current_user, conference_or_404(args["conference"]))
    body = {"status": message.status, "queued": queued, "attempts": message.attempts, "sent_at": message.sent_at}
    return body, 202 if queued else 200


@pages.route("/me/summary/<slug>.html")
@login_required
def preview(slug):
    """The summary email's HTML part, to look at in the browser."""
    _, _, html = render(build_summary(current_user, conference_or_404(slug)), opt_out_url(current_user))
    return html, 200, {"Content-Type": "text/html; charset=utf-8"}


_OPT_OUT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Summary emails</title></head>
<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;max-width:480px;margin:40px auto;padding:0 16px;line-height:1.5;">
{% if not known %}<p>This link is not valid. Change the setting in the app instead.</p>
{% elif done %}<p>Done: you will get no more summary emails. You can turn them back on in the app's settings.</p>
{% else %}<p>Stop the networking summary emails sent after each conference?</p>
<form method="post"><button type="submit" style="font-size:16px;padding:10px 18px;">Stop summary emails</button></form>{% endif %}
</body></html>"""


@pages.route("/summary/opt-out/<token>", methods=["GET", "POST"])
def opt_out(token):
    """Stop a user's summary emails from the link in the email.

    A GET only asks (link scanners open links); a POST opts out: the button on that page, or a
    mail app's RFC 8058 one-click POST. The signed token is the authority, so no login is needed.
    """
    user = user_for_token(token)
    done = user is not None and request.method == "POST"
    if done:
        update_user(user, {"summary_opt_out": True})
    page = render_template_string(_OPT_OUT_PAGE, known=user is not None, done=done)
    return page, 200 if user is not None else 404, {"Content-Type": "text/html; charset=utf-8"}
