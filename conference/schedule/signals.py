"""What the schedule tells the features built on it, without importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent with the conference after an import wrote its program (flushed, not committed), so
#: features can link their records to new speakers and programs in the same transaction.
program_imported = _signals.signal("program-imported")
