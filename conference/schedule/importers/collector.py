"""One place that decides what a bad record does: fail the import, or be skipped with a message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from .records import ImportOptions, ParsedSchedule, ScheduleFormatError, SessionRecord
from .text import with_filename

#: sessions outside these years are typos or hostile files: far dates make every per-day computation explode
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2101, 1, 1, tzinfo=UTC)
#: the longest a conference lasts: a program spanning more is a typo, and recurrences are expanded over no more
MAX_DAYS = 31
#: what a parser may meet in a hostile or broken record besides its own InvalidRecord: wrong JSON types,
#: arithmetic beyond datetime's range, fields a library could not read
UNREADABLE = (ArithmeticError, LookupError, TypeError, AttributeError, ValueError)


class InvalidRecord(ValueError):
    """A single session that cannot be read; the collector adds file name and record reference."""


def file_error(options: ImportOptions, message: str) -> ScheduleFormatError:
    """Return the error for a problem with the whole file, named after the file."""
    return ScheduleFormatError(with_filename(options.filename, message))


def _key_or_unknown(identify: Callable[[], tuple[str, str]] | None) -> tuple[str, str]:
    """Return what a parser can still tell of a broken record, ("", "") when nothing."""
    if identify is None:
        return "", ""
    try:
        external_id, title = identify()
    except (InvalidRecord, *UNREADABLE):
        return "", ""
    return str(external_id or "").strip(), " ".join(str(title or "").split())


class Collector:
    """Gathers sessions, skipped records and warnings while a parser walks a file."""

    def __init__(self, options: ImportOptions) -> None:
        self.options = options
        self.sessions: list[SessionRecord] = []
        self.skipped: list[str] = []
        self.skipped_keys: list[tuple[str, str]] = []
        self.warnings: list[str] = []

    @contextmanager
    def record(self, ref: str, identify: Callable[[], tuple[str, str]] | None = None) -> Iterator[None]:
        """Run the reading of one record; an unreadable one fails the file or, with skip_invalid, is skipped.

        identify returns the record's (external_id, title) as far as they can be read, so that a skipped
        record's session is kept rather than cancelled.
        :raise ScheduleFormatError: when the record is invalid and skip_invalid is off.
        """
        try:
            yield
        except ScheduleFormatError:
            raise
        except (InvalidRecord, *UNREADABLE) as exc:
            reason = str(exc) if isinstance(exc, InvalidRecord) else f"cannot be read ({exc.__class__.__name__}: {exc})"
            message = with_filename(self.options.filename, f"{ref}: {reason}")
            if not self.options.skip_invalid:
                raise ScheduleFormatError(message) from None
            self.skipped.append(message)
            self.skipped_keys.append(_key_or_unknown(identify))

    def add(self, session: SessionRecord) -> None:
        """Keep a session read from the file.

        :raise InvalidRecord: for a start or end outside the years 1990 to 2100.
        """
        for label, moment in (("start", session.starts_at), ("end", session.ends_at)):
            if not EARLIEST <= moment < LATEST:
                raise InvalidRecord(f"{label} {moment.date().isoformat()} is outside the years 1990 to 2100")
        self.sessions.append(session)

    def warn(self, ref: str, message: str) -> None:
        """Note something the importer chose to do that the user should know about."""
        self.warnings.append(with_filename(self.options.filename, f"{ref}: {message}" if ref else message))

    def result(self, timezone: str | None = None, name: str | None = None) -> ParsedSchedule:
        """Return everything gathered as the parsed schedule."""
        return ParsedSchedule(
            self.sessions, timezone, name or None, self.skipped, skipped_keys=self.skipped_keys, warnings=self.warnings
        )
