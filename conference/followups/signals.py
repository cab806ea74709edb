"""What the follow-ups feature asks of the features built on it, without importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with the user, `since` and `until` (days in the user's zone) while mentor updates are drafted; each
#: receiver returns (day, line) pairs of what the user achieved on those days, for the updates to list.
mentor_update_drafted = _signals.signal("mentor-update-drafted")

#: Sent with the user, the follow-ups being drafted and `now`; each receiver returns {follow-up id: (template,
#: context)} for the follow-ups it proposed (a letter's steps): it knows what they are about, and greeting and
#: signature are added here.
followups_drafted = _signals.signal("followups-drafted")
