"""What the milestones feature tells the features built on it, without importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with the user and a milestone just recorded or changed (flushed), and its columns before (None when new).
milestone_changed = _signals.signal("milestone-changed")
