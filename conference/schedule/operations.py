"""Importing a program file: parse it, create or update its conference, write it, keep a record."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from sqlalchemy import select

from ..extensions import db
from ..sync.operations import retrying
from ..timeutil import zone
from . import importers
from .importers.records import ImportOptions, ParsedSchedule, ScheduleFormatError
from .importers.text import with_filename
from .models import Conference, ImportRun
from .signals import program_imported
from .writer import ImportResult, write_sessions

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def get_conference(slug: str) -> Conference | None:
    """The conference with this slug, if any."""
    return db.session.scalars(select(Conference).where(Conference.slug == slug)).one_or_none()


def import_schedule(
    data: bytes,
    *,
    slug: str,
    name: str | None = None,
    timezone: str | None = None,
    fmt: str | None = None,
    mapping: dict[str, str] | None = None,
    skip_invalid: bool = False,
    filename: str = "",
    user_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Parse a file and write it as the complete program of a conference (created when new).

    Flushes only; the caller commits, or rolls back and calls `record_failed_import`.
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
        first_day=conference.starts_on if conference else None,
        last_day=conference.ends_on if conference else None,
        filename=filename,
    )
    parsed = importers.parse(data, fmt, options)
    conference = _conference_for(conference, slug, name, parsed, given_zone and timezone, filename)
    result = write_sessions(conference, parsed.sessions, progress=progress)
    # Features link their users' records to its speakers and programs; a user's edit to one of those
    # records meanwhile makes the links try again, rather than fail the import.
    retrying(lambda: program_imported.send(conference))
    result.format = parsed.format
    result.skipped, result.warnings = parsed.skipped, parsed.warnings + result.warnings
    db.session.add(
        ImportRun(
            conference_id=conference.id,
            user_id=user_id,
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            format=parsed.format,
            created=result.created,
            updated=result.updated,
            cancelled=result.cancelled,
            unchanged=result.unchanged,
            skipped=len(result.skipped),
        )
    )
    db.session.flush()
    return result


def record_failed_import(slug: str, data: bytes, fmt: str | None, filename: str, error: str, user_id=None) -> None:
    """Keep a trace of a failed import (after the rollback), so admins can see what went wrong."""
    conference = get_conference(slug)
    db.session.add(
        ImportRun(
            conference_id=conference.id if conference else None,
            user_id=user_id,
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
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
    conference: Conference | None, slug: str, name: str | None, parsed: ParsedSchedule, given_zone: str | None,
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
