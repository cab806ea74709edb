"""Schedule importers: each format is parsed into the same plain records, which one writer stores."""

from __future__ import annotations

import logging

from . import csv, discovery, frab, ics, indico, limits, pretalx, sessionize, xlsx
from .collector import UNREADABLE, file_error
from .detect import binary_format, load_json, text_format
from .indico import LEVEL_LABELS, LEVELS
from .records import ImportOptions, ParsedSchedule, ScheduleFormatError
from .text import Decoded, decode_text, decoded_lines, read_text, with_filename

logger = logging.getLogger(__name__)

TEXT_PARSERS = {"ics": ics.parse, "frab-xml": frab.parse, "pretalx-json": pretalx.parse, "json": discovery.parse}
JSON_PARSERS = {"sessionize-json": sessionize.parse, "indico-json": indico.parse}
PARSERS = ("csv", *TEXT_PARSERS, *JSON_PARSERS, "xlsx")  #: every format name, for --format and the upload
#: How the app's upload form names each format (served by GET /api/v1/meta).
FORMAT_LABELS = {
    "csv": "CSV or TSV",
    "ics": "iCalendar",
    "frab-xml": "frab XML",
    "pretalx-json": "pretalx JSON",
    "sessionize-json": "Sessionize JSON",
    "indico-json": "Indico JSON",
    "xlsx": "Excel workbook",
    "json": "Program JSON or JavaScript data",
}

__all__ = [
    "FORMAT_LABELS",
    "LEVEL_LABELS",
    "LEVELS",
    "PARSERS",
    "ImportOptions",
    "ParsedSchedule",
    "ScheduleFormatError",
    "decode_text",
    "detect_format",
    "parse",
]


def detect_format(data: bytes) -> str:
    """Return the format of a file ("csv", "xlsx", "ics", ...) from its content.

    :raise ScheduleFormatError: for an empty file, one in no known encoding, or one of no known format.
    """
    return binary_format(data, "") or text_format(decode_text(data), "")[0]


def parse(data: bytes, fmt: str | None, options: ImportOptions) -> ParsedSchedule:
    """Parse a schedule file in format fmt (detected from the content when None) into plain records.

    :raise ScheduleFormatError: for an unknown format or a file that cannot be imported.
    """
    limits.check_file_size(len(data), options.filename)
    if fmt is not None and fmt not in PARSERS:
        raise file_error(options, f"unknown format {fmt!r}; formats are {', '.join(PARSERS)}")
    found = binary_format(data, options.filename)
    try:
        if found or fmt == "xlsx":
            parsed = xlsx.parse(data, options)
            fmt = "xlsx"
        else:
            fmt, body, stray, decoded = _read_text(data, fmt, options.filename)
            if fmt == "csv":
                parsed = csv.parse(decoded_lines(data, decoded), options)
            elif fmt in JSON_PARSERS:
                parsed = JSON_PARSERS[fmt](load_json(body, options.filename)[0], options)
            else:
                parsed = TEXT_PARSERS[fmt](body, options)
            if stray:
                parsed.warnings.insert(
                    0, with_filename(options.filename, f"{stray} characters around the program ignored")
                )
            if notice := decoded.notice(options.filename):
                parsed.warnings.insert(0, notice)
    except ScheduleFormatError:
        raise
    except (RecursionError, *UNREADABLE) as exc:  # a parser met something no check foresaw: still one line
        logger.warning("unreadable %s file %r", fmt, options.filename, exc_info=True)
        raise file_error(options, f"cannot be read as {fmt} ({exc.__class__.__name__}: {exc})") from None
    if not parsed.sessions:
        reason = f"; {len(parsed.skipped)} records could not be read" if parsed.skipped else ""
        if not reason and parsed.warnings:  # all-day events only, rows that are no sessions: say what was there
            first, more = parsed.warnings[0].removeprefix(f"{options.filename}: "), len(parsed.warnings) - 1
            reason = f" ({first}{f', and {more} more notes' if more else ''})"
        raise file_error(options, f"the file has no sessions{reason}: nothing was imported")
    parsed.format = fmt
    return parsed


def _read_text(data: bytes, fmt: str | None, filename: str) -> tuple[str, str | None, int, Decoded]:
    """Return a text file's format (fmt when given), the text of its program, how many characters around it
    are stray, and how it was decoded.

    A CSV file's text is not returned: its rows are read line by line from data, so that a large program's
    whole text is not held beside its rows and records.
    """
    decoded = read_text(data, filename)
    text = decoded.text
    fmt, body = text_format(text, filename) if fmt is None else (fmt, text)
    if fmt == "csv":
        return fmt, None, 0, decoded
    return fmt, body, len(text.strip()) - len(body.strip()), decoded
