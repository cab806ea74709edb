"""Importing a program file: parse it, create or update its conference, write it, keep a record."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from ..collector import collector_paused
from ..extensions import db
from ..sync.operations import retrying
from ..timeutil import zone
from . import importers
from .importers.collector import MAX_DAYS
from .importers.records import ImportOptions, ParsedSchedule, ScheduleFormatError, UncertainReading
from .importers.text import with_filename
from .models import Conference, ImportRun
from .preview import PREVIEW_SESSIONS, Choices, Interpretation, Preview
from .queries import get_conference
from .signals import program_imported
from .writer import ImportResult, write_sessions

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
#: the share of a program's scheduled sessions an import may cancel without being told to
CANCEL_SHARE = 0.25
#: options of `read_and_write` that change only messages, not the program written
UNWRITTEN_OPTIONS = ("filename", "progress")


def import_schedule(data: bytes, *, force: bool = False, user_id: int | None = None, **options) -> ImportResult:
    """Parse a file and write it as the complete program of a conference (created when new), and keep a
    record of the run (by user_id).

    The file and options of the conference's last import are recognised by their digest and not read
    again (the result says `same_file`), unless force. Takes the keyword options of `read_and_write`.
    Flushes only; the caller commits, or rolls back and calls `record_failed_import`.
    :raise ScheduleFormatError: for anything in the file or arguments that cannot be imported.
    """
    file_sha256 = hashlib.sha256(data).hexdigest()  # once: a large file takes tens of milliseconds
    digest = import_digest(file_sha256, options)
    conference = get_conference(options["slug"])
    if conference is not None and conference.import_digest == digest and not force:
        result = _same_file(conference)
    else:
        with collector_paused():
            conference, result, _ = read_and_write(data, **options)
        conference.import_digest = digest
    _record_run(conference, file_sha256, result, options.get("filename", ""), user_id)
    return result


def import_digest(file_sha256: str, options: dict) -> str:
    """Return a sha256 of the file (given by its own) and of the options that change what importing it writes."""
    given = {key: value for key, value in options.items() if value and key not in UNWRITTEN_OPTIONS}
    return hashlib.sha256(f"{json.dumps(given, sort_keys=True, default=str)}\0{file_sha256}".encode()).hexdigest()


def _same_file(conference: Conference) -> ImportResult:
    """What importing the last imported file again would do, without reading it: change nothing."""
    last = db.session.scalars(
        select(ImportRun)
        .where(ImportRun.conference_id == conference.id, ImportRun.error.is_(None))
        .order_by(ImportRun.id.desc())
        .limit(1)
    ).one()
    result = ImportResult(
        conference.slug, last.format, unchanged=last.created + last.updated + last.unchanged, same_file=True
    )
    retrying(lambda: program_imported.send(conference))  # users' records made since may name its people
    return result


def preview_import(data: bytes, **options) -> Preview | Choices:
    """Return what importing the file would do, writing nothing: the import runs in a savepoint rolled back.

    A file that reads two ways is previewed both ways, each with the option that chooses it.
    Takes the keyword options of `read_and_write`.
    :raise ScheduleFormatError: for anything that would make the import fail.
    """
    try:
        return _preview(data, options)
    except UncertainReading as exc:
        interpretations = []
        for reading in exc.readings[:2]:
            try:
                interpretations.append(Interpretation(reading, _preview(data, {**options, **reading.choice})))
            except ScheduleFormatError as failure:
                interpretations.append(Interpretation(reading, None, str(failure)))
        return Choices(str(exc), interpretations)


def _preview(data: bytes, options: dict) -> Preview:
    """Return what importing the file with these options would do (see `preview_import`)."""
    savepoint = db.session.begin_nested()
    try:
        with collector_paused():
            conference, result, parsed = read_and_write(data, **options)
        zone = conference.tz
    finally:
        savepoint.rollback()
    first = sorted(parsed.sessions, key=lambda session: session.starts_at)[:PREVIEW_SESSIONS]
    return Preview(result, parsed.columns, first, zone)


def read_and_write(
    data: bytes,
    *,
    slug: str,
    name: str | None = None,
    timezone: str | None = None,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
    allow_cancel: bool = False,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    first_day: date | None = None,
    sheet: str = "",
    level: str = "",
) -> tuple[Conference, ImportResult, ParsedSchedule]:
    """Parse a file and write it into its conference; first_day completes dates without a year, weekdays and
    "Day 2".

    Unless allow_cancel, an import that would cancel more than CANCEL_SHARE of the scheduled sessions
    is refused: a cut-off or wrong file must not empty a program. Flushes only; the caller commits,
    or rolls back and calls `record_failed_import`.
    :raise ScheduleFormatError: for anything in the file or arguments that cannot be imported.
    """
    if not SLUG.fullmatch(slug):
        raise _error(filename, f"{slug!r} is not a valid conference slug (lower-case letters, digits and dashes)")
    conference = get_conference(slug)
    given_zone = _zone_or_error(timezone, filename) if timezone else None
    options = ImportOptions(
        timezone=given_zone or (conference.tz if conference else None),
        mapping=mapping or {},
        skip_invalid=skip_invalid,
        first_day=first_day or (conference.starts_on if conference else None),
        last_day=conference.ends_on if conference else None,
        filename=filename,
        sheet=sheet,
        level=level,
    )
    parsed = importers.parse(data, fmt, options)
    _check_span(parsed, filename)
    conference = _conference_for(conference, slug, name, parsed, given_zone and timezone, filename)
    result = write_sessions(
        conference,
        parsed.sessions,
        skipped_keys=parsed.skipped_keys,
        max_cancelled_share=None if allow_cancel else CANCEL_SHARE,
        filename=filename,
        progress=progress,
    )
    # Features link their users' records to its speakers and programs; a user's edit to one of those
    # records meanwhile makes the links try again, rather than fail the import.
    retrying(lambda: program_imported.send(conference))
    result.format = parsed.format
    result.skipped, result.warnings = parsed.skipped, parsed.warnings + result.warnings
    return conference, result, parsed


def _record_run(
    conference: Conference, file_sha256: str, result: ImportResult, filename: str, user_id: int | None
) -> None:
    """Keep the record of a successful import."""
    db.session.add(
        ImportRun(
            conference_id=conference.id,
            user_id=user_id,
            filename=filename,
            sha256=file_sha256,
            format=result.format,
            created=result.created,
            updated=result.updated,
            cancelled=result.cancelled,
            unchanged=result.unchanged,
            skipped=len(result.skipped),
        )
    )
    db.session.flush()


def record_failed_import(slug: str, file_sha256: str, fmt: str | None, filename: str, error: str, user_id=None) -> None:
    """Keep a trace of a failed import (after the rollback), so admins can see what went wrong."""
    conference = get_conference(slug)
    db.session.add(
        ImportRun(
            conference_id=conference.id if conference else None,
            user_id=user_id,
            filename=filename,
            sha256=file_sha256,
            format=fmt or "",
            error=error,
        )
    )
    db.session.flush()


def _error(filename: str, message: str) -> ScheduleFormatError:
    """An import error that names the file, like the parsers' own."""
    return ScheduleFormatError(with_filename(filename, message))


def _zone_or_error(name: str, filename: str):
    """Resolve a zone given by the user; a bad one is an import error, not a crash."""
    try:
        return zone(name)
    except ValueError as exc:
        raise _error(filename, str(exc)) from None


def _conference_for(
    conference: Conference | None,
    slug: str,
    name: str | None,
    parsed: ParsedSchedule,
    given_zone: str | None,
    filename: str,
) -> Conference:
    """Create or update the conference: a zone stated in the file wins over --timezone."""
    tz_name = parsed.timezone or given_zone or (conference.timezone if conference else None)
    if tz_name is None:
        raise _error(filename, "the file states no time zone: give the conference's zone with --timezone")
    _zone_or_error(tz_name, filename)
    if conference is None:
        conference = Conference(slug=slug, name=name or parsed.name or slug, timezone=tz_name)
        db.session.add(conference)
        db.session.flush()
        return conference
    changes = {"timezone": tz_name, "name": name or conference.name}
    if any(getattr(conference, key) != value for key, value in changes.items()):
        for key, value in changes.items():
            setattr(conference, key, value)
        conference.touch()
    return conference


def _check_span(parsed: ParsedSchedule, filename: str) -> None:
    """Refuse a program longer than any conference, which a mistyped year makes (and every per-day view pays for).

    :raise ScheduleFormatError: naming the first and the last session when they are more than MAX_DAYS apart.
    """
    first = min(parsed.sessions, key=lambda session: session.starts_at)
    last = max(parsed.sessions, key=lambda session: session.starts_at)
    if last.starts_at - first.starts_at > timedelta(days=MAX_DAYS):
        raise _error(
            filename,
            f"{last.source_ref} starts on {last.starts_at:%Y-%m-%d}, {(last.starts_at - first.starts_at).days} days "
            f"after {first.source_ref} ({first.starts_at:%Y-%m-%d}): a conference spans at most {MAX_DAYS} days",
        )
