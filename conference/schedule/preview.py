"""What an import would do, shown before anything is written: counts, the column mapping, the first sessions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from .importers.records import SessionRecord
from .writer import ImportResult

PREVIEW_SESSIONS = 5


def _talks(count: int) -> str:
    """Return "3 talks", "1 talk", or nothing for a session without talks."""
    return f"{count} talk{'s' if count != 1 else ''}" if count else ""


@dataclass
class Preview:
    """An import's result as it would be, with how the file was read."""

    result: ImportResult
    columns: dict[str, str]  #: field -> the header (or content) it was read from; empty for non-table formats
    first: list[SessionRecord]  #: the earliest sessions, as they would be stored
    zone: tzinfo  #: the conference's, for showing local times

    dry_run = True

    def __getattr__(self, name):
        """Answer the result's fields (format, created, updated, ...) as the import's own would."""
        return getattr(self.result, name)

    @property
    def sessions(self) -> list[dict]:
        """Return the first sessions with local times, for the API and the CLI."""
        return [
            {
                "code": record.code,
                "title": record.title,
                "starts_at": record.starts_at.astimezone(self.zone),
                "ends_at": record.ends_at.astimezone(self.zone),
                "room": record.room,
                "speakers": [person.name for person in record.speakers],
                "talks": len(record.talks),
            }
            for record in self.first
        ]

    def lines(self) -> list[str]:
        """Return the preview as the CLI prints it."""
        result = self.result
        lines = [f"format: {result.format}"]
        if self.columns:
            lines.append("columns: " + "; ".join(f"{name} <- {header!r}" for name, header in self.columns.items()))
        lines.append(
            f"would create {result.created}, update {result.updated}, cancel {result.cancelled}, "
            f"leave {result.unchanged} unchanged" + (f", skip {len(result.skipped)}" if result.skipped else "")
        )
        lines.append(f"first {len(self.first)} sessions:")
        for session in self.sessions:
            when = f"{session['starts_at']:%Y-%m-%d %H:%M}-{session['ends_at']:%H:%M}"
            extra = [session["room"], ", ".join(session["speakers"][:3]), _talks(session["talks"])]
            code = f"[{session['code']}] " if session["code"] else ""
            lines.append(f"  {when}  {code}{session['title']}" + "".join(f" | {part}" for part in extra if part))
        lines.append("dry run: nothing was written")
        return lines
