"""What the people feature tells the features built on it, without importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with the user and a contact just deleted (flushed), so records about the contact become tombstones too.
contact_deleted = _signals.signal("contact-deleted")
#: Sent when whether users have met some speakers or programs changed (a contact linked, relinked or deleted),
#: with `speakers` and `programs` as sets of (owner id, speaker or program id), so what depends on it changes too.
met_changed = _signals.signal("met-changed")
#: Sent with the user and a contact (flushed) just created or changed to name who introduced the user to them.
contact_introduced = _signals.signal("contact-introduced")
