"""What follows every write of a program: a new program version (ETags, cached pages), a fresh search index
and fresh planner statistics."""

from __future__ import annotations

from sqlalchemy import text

from ..db.pagecache import forget_recent
from ..extensions import db
from . import search
from .models import Conference

#: Tables whose sizes change with an import; the planner picks index order from their statistics (and, for
#: the search index, whether a word is rare enough to look up or common enough to scan for).
PROGRAM_TABLES = ("sessions", "speakers", "session_speakers", "programs", search.TABLE)


def program_state(conference: Conference) -> tuple[int, int, int]:
    """What everything derived from a conference's program depends on: its program and its zone and days."""
    return conference.id, conference.version, conference.program_version


def program_written(conference: Conference, changes: int, written: list[int]) -> None:
    """Bump the conference's program version when the write changed anything, and index the sessions written."""
    search.refresh(conference, written)
    if changes:
        conference.program_version += 1
        forget_recent()
        _analyze()


def _analyze() -> None:
    """Refresh the statistics of the program's tables: without them SQLite walks a 20,000-session
    conference before the few speakers of a program, and PostgreSQL waits for autovacuum to learn the sizes."""
    for table in PROGRAM_TABLES:
        db.session.execute(text(f"ANALYZE {table}"))
