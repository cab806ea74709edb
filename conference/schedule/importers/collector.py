"""One place that decides what a bad record does: fail the import, or be skipped with a message."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from .records import ImportOptions, ParsedSchedule, ScheduleFormatError, SessionRecord
from .text import with_filename


class InvalidRecord(ValueError):
    """A single session that cannot be read; the collector adds file name and record reference."""


def file_error(options: ImportOptions, message: str) -> ScheduleFormatError:
    """Return the error for a problem with the whole file, named after the file."""
    return ScheduleFormatError(with_filename(options.filename, message))


class Collector:
    """Gathers sessions, skipped records and warnings while a parser walks a file."""

    def __init__(self, options: ImportOptions) -> None:
        self.options = options
        self.sessions: list[SessionRecord] = []
        self.skipped: list[str] = []
        self.warnings: list[str] = []

    @contextmanager
    def record(self, ref: str) -> Iterator[None]:
        """Run the reading of one record; an InvalidRecord fails the file or, with skip_invalid, skips it.

        :raise ScheduleFormatError: when the record is invalid and skip_invalid is off.
        """
        try:
            yield
        except InvalidRecord as exc:
            message = with_filename(self.options.filename, f"{ref}: {exc}")
            if not self.options.skip_invalid:
                raise ScheduleFormatError(message) from None
            self.skipped.append(message)

    def warn(self, ref: str, message: str) -> None:
        """Note something the importer chose to do that the user should know about."""
        self.warnings.append(with_filename(self.options.filename, f"{ref}: {message}" if ref else message))

    def result(self, timezone: str | None = None, name: str | None = None) -> ParsedSchedule:
        """Return everything gathered as the parsed schedule."""
        return ParsedSchedule(self.sessions, timezone, name or None, self.skipped, self.warnings)
