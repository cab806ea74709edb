"""Schedule importers: each format is parsed into the same plain records, which one writer stores."""
from __future__ import annotations

import logging

from . import csv, frab, ics, pretalx
from .collector import UNREADABLE, file_error
from .records import ImportOptions, ParsedSchedule, ScheduleFormatError
from .text import decode_text, with_filename

logger = logging.getLogger(__name__)

PARSERS = {"csv": csv.parse, "ics": ics.parse, "frab-xml": frab.parse, "pretalx-json": pretalx.parse}

__all__ = ["PARSERS", "ImportOptions", "ParsedSchedule", "ScheduleFormatError", "decode_text", "detect_format", "parse"]


def _format_of(text: str, filename: str = "") -> str:
    """Return the format a decoded file is in, judged by how it starts, as uploads often have wrong names.

    :raise ScheduleFormatError: when it is none of the known formats.
    """
    start = text.lstrip()
    if start[:6].upper() == "BEGIN:":
        return "ics"
    if start.startswith("<"):
        if "<schedule" in start[:4096]:
            return "frab-xml"
        message = "an XML or HTML file without <schedule>: not a frab schedule.xml"
        raise ScheduleFormatError(with_filename(filename, message))
    if start.startswith(("{", "[")):
        return "pretalx-json"
    if any(delimiter in start.split("\n", 1)[0] for delimiter in csv.DELIMITERS):
        return "csv"
    message = "unknown format: not CSV with a header row, iCalendar, frab XML or schedule JSON"
    raise ScheduleFormatError(with_filename(filename, message))


def detect_format(data: bytes) -> str:
    """Return "csv", "ics", "frab-xml" or "pretalx-json" from the content of a file.

    :raise ScheduleFormatError: for an empty file, one that is not UTF-8, or one of no known format.
    """
    return _format_of(decode_text(data))


def parse(data: bytes, fmt: str | None, options: ImportOptions) -> ParsedSchedule:
    """Parse a schedule file in format fmt (detected from the content when None) into plain records.

    :raise ScheduleFormatError: for an unknown format or a file that cannot be imported.
    """
    text = decode_text(data, options.filename)
    if fmt is None:
        fmt = _format_of(text, options.filename)
    if fmt not in PARSERS:
        raise file_error(options, f"unknown format {fmt!r}; formats are {', '.join(PARSERS)}")
    try:
        parsed = PARSERS[fmt](text, options)
    except ScheduleFormatError:
        raise
    except (RecursionError, *UNREADABLE) as exc:  # a parser met something no check foresaw: still one line
        logger.warning("unreadable %s file %r", fmt, options.filename, exc_info=True)
        raise file_error(options, f"cannot be read as {fmt} ({exc.__class__.__name__}: {exc})") from None
    if not parsed.sessions:
        reason = f"; {len(parsed.skipped)} records could not be read" if parsed.skipped else ""
        raise file_error(options, f"the file has no sessions{reason}: nothing was imported")
    parsed.format = fmt
    return parsed

