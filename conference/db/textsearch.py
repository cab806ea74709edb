"""Free-text filters: `q=100%` finds "100%", not everything."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_


def _pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with wildcards in it taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(text: str, *columns) -> ColumnElement[bool]:
    """Any of the columns contains the text, case-insensitively."""
    pattern = _pattern(text)
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))
