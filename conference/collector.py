"""Pausing Python's cyclic garbage collector around work that makes many objects at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a program is imported or a calendar feed is built.

    Such work makes tens or hundreds of thousands of objects (records, rows, drafts, entries); the
    collector would walk them, and the app's own, again and again: a fifth of a large import's time, and
    a sixth of a feed's. Reference counting still frees what the work drops; cycles wait for the
    collector's next run. Nested or concurrent pauses leave it on at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
