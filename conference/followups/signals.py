"""What the follow-ups feature asks of the features built on it, without importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with the user, `since` and `until` (days in the user's zone) while mentor updates are drafted; each
#: receiver returns (day, line) pairs of what the user achieved on those days, for the updates to list.
mentor_update_drafted = _signals.signal("mentor-update-drafted")
