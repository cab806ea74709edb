"""What an import would do, shown before anything is written: counts, the column mapping, the first sessions;
for a file that reads two ways, both readings side by side with the option that chooses each."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from .importers.records import Reading, SessionRecord
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


@dataclass
class Interpretation:
    """One reading of an uncertain file: the option that chooses it, and its preview or why it fails."""

    reading: Reading
    preview: Preview | None
    error: str = ""

    @property
    def label(self) -> str:
        """Return what this reading takes the file to be."""
        return self.reading.label

    @property
    def option(self) -> str:
        """Return the command-line option that chooses this reading."""
        return self.reading.option()

    @property
    def choose(self) -> dict[str, str]:
        """Return the upload's form fields that choose this reading."""
        return {name: str(value) for name, value in self.reading.choice.items()}

    def __getattr__(self, name):
        """Answer the preview's counts and sessions (created, sessions, ...), none when this reading fails."""
        if name.startswith("_") or self.preview is None:
            raise AttributeError(name)
        return getattr(self.preview, name)

    def column(self) -> list[str]:
        """Return this reading's column of the side-by-side table: option, counts, days, first sessions."""
        if self.preview is None:
            return [self.option, "fails:", *_wrapped(self.error, _WIDTH)]
        result, sessions = self.preview.result, self.preview.sessions
        days = sorted({f"{session['starts_at']:%Y-%m-%d}" for session in sessions})
        total = result.created + result.updated + result.unchanged
        span = " to ".join(dict.fromkeys(days[:1] + days[-1:]))
        cells = [self.option, f"{total} sessions", f"create {result.created}, cancel {result.cancelled}", span]
        cells += [f"{session['starts_at']:%m-%d %H:%M} {session['title']}"[:_WIDTH] for session in sessions]
        return cells


_WIDTH = 44  #: characters of one reading's column


def _wrapped(text: str, width: int) -> list[str]:
    """Return text cut into lines of at most width characters."""
    return [text[start : start + width] for start in range(0, len(text), width)] or [""]


@dataclass
class Choices:
    """A file that reads two ways: nothing would be imported until the user chooses one with its option."""

    uncertain: str  #: the refusal, saying what was found
    interpretations: list[Interpretation] = field(default_factory=list)

    dry_run = True
    warnings: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        """Return no skipped records: nothing was read for good."""
        return []

    def lines(self) -> list[str]:
        """Return the two readings side by side, as the CLI prints them."""
        columns = [reading.column() for reading in self.interpretations]
        height = max(map(len, columns), default=0)
        lines = [f"uncertain reading: {self.uncertain}"]
        for row in range(height):
            cells = [column[row] if row < len(column) else "" for column in columns]
            lines.append("  " + " | ".join(cell.ljust(_WIDTH) for cell in cells).rstrip())
        lines.append("import again with the option of the reading you mean; dry run: nothing was written")
        return lines
