"""What follows every write of a program: a new program version (ETags, cached pages) and a fresh search index."""
from __future__ import annotations

from . import search
from .models import Conference


def program_written(conference: Conference, changes: int) -> None:
    """Bump the conference's program version when the write changed anything, and reindex what changed."""
    if changes:
        conference.program_version += 1
    search.refresh(conference)
