"""The next steps a summary links to in other features: the calendar subscription."""

from __future__ import annotations

from ..calendar.operations import feed_of
from .content import absolute_url, next_step_links

#: Where the app's settings screen subscribes to (or shows) the calendar feed.
SETTINGS_PATH = "/#/settings"


@next_step_links.connect
def calendar_link(user, conference=None) -> dict:
    """Point at the calendar subscription in the app; the feed's secret link never goes into an email."""
    if feed_of(user) is not None:
        label = "Your follow-ups are in your calendar; manage the subscription in Settings"
    else:
        label = "Put your follow-ups in your own calendar: subscribe in Settings"
    return {"label": label, "url": absolute_url(SETTINGS_PATH)}
