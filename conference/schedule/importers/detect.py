"""Which format a file is in, judged by its content (never its name), and what an unreadable one looks like."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from . import csv, indico, sessionize
from .records import ScheduleFormatError
from .text import storable_json, with_filename

KNOWN = "CSV, Excel, iCalendar, frab XML, pretalx, Sessionize or Indico JSON, or a program's own JSON or .js data"
#: how other files start -> what they look like, for the one line that refuses them
_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls (or other Office 97-2003) file: save it as .xlsx or CSV"),
    (b"%PDF", "a PDF document: export the program as a spreadsheet, CSV or calendar instead"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
    (b"Rar!", "a RAR archive: unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive: unpack it first"),
)
_VCALENDAR = re.compile(r"^BEGIN:VCALENDAR[ \t]*$", re.M | re.I)
_VCALENDAR_END = re.compile(r"^END:VCALENDAR[ \t]*$", re.M | re.I)
_TITLE_LINES = 5  #: lines without a separator a table may start with
_NOISE_LIMIT = 4096  #: how far into a file a calendar or JSON body may start after stray text
#: where a JavaScript file assigns its data: "const program = [", "window.DATA = {", "export default ["
ASSIGNED = re.compile(
    r"(?:\bexport\s+default|\bmodule\.exports\s*=|\b(?:const|let|var)\s+[\w$]+\s*=|[\w$.\]\[\"']+\s*=)\s*(?=[\[{])"
)
_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.I)


def refuse(filename: str, looks_like: str) -> ScheduleFormatError:
    """Return the one-line refusal of a file that is no program format."""
    return ScheduleFormatError(with_filename(filename, f"the file is {looks_like}, not a program ({KNOWN})"))


def binary_format(data: bytes, filename: str) -> str | None:
    """Return "xlsx" for an Excel workbook, None for text; refuse other binary files by what they are.

    :raise ScheduleFormatError: for a ZIP that is no workbook, a PDF, an image, an old .xls, ...
    """
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise refuse(filename, "a damaged ZIP archive") from None
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            raise refuse(filename, "a Word document")
        if "content.xml" in names:
            raise refuse(filename, "an OpenDocument file: save it as .xlsx or CSV")
        raise refuse(filename, "a ZIP archive: unpack it and import the program file inside")
    for signature, looks_like in _SIGNATURES:
        if data.startswith(signature):
            raise refuse(filename, looks_like)
    return None


def load_json(text: str, filename: str) -> tuple[Any, str]:
    """Return the JSON document in text and the text of its body, ignoring stray text before and after it.

    :raise ScheduleFormatError: when no JSON document starts near the beginning.
    """
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0 or start > _NOISE_LIMIT:
        raise ScheduleFormatError(with_filename(filename, "no JSON document in the file"))
    try:
        document, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise ScheduleFormatError(with_filename(filename, f"invalid JSON at line {exc.lineno}: {exc.msg}")) from None
    except RecursionError:
        raise ScheduleFormatError(with_filename(filename, "JSON nested too deeply to be a program")) from None
    return storable_json(document, text[start:end], filename), text[start:end]


def _json_first(start: str) -> bool:
    """Whether a file reads as JSON, maybe after stray text: a brace comes before any CSV separator."""
    brace = min((i for i in (start.find("{"), start.find("[")) if i >= 0), default=-1)
    if brace < 0 or brace > _NOISE_LIMIT:
        return False
    first_line = start.split("\n", 1)[0]
    separators = [i for i in (first_line.find(mark) for mark in csv.DELIMITERS) if i >= 0]
    return not separators or brace < min(separators)


def _calendar_body(text: str) -> str:
    """Return a calendar without what follows its last END:VCALENDAR (a closing "-->" of an HTML comment)."""
    ends = list(_VCALENDAR_END.finditer(text, max(0, len(text) - _NOISE_LIMIT)))
    return text[: ends[-1].end()] + "\n" if ends else text


def text_format(text: str, filename: str) -> tuple[str, str]:
    """Return the format of a decoded file and its text without stray lines before a calendar or JSON body.

    :raise ScheduleFormatError: when it is none of the known formats.
    """
    start = text.lstrip()
    if start[:6].upper() == "BEGIN:":
        return "ics", _calendar_body(text)
    if (match := _VCALENDAR.search(text, 0, _NOISE_LIMIT)) is not None:
        return "ics", _calendar_body(text[match.start() :])
    if _HTML.match(start):
        raise refuse(filename, "an HTML page: save the program file itself, not the web page")
    if start.startswith("<"):
        if "<schedule" in start[:4096]:
            return "frab-xml", text
        message = (
            "an XML file without <schedule>: not a frab schedule.xml, the one XML read; export the program as CSV, "
            "Excel, iCalendar or JSON"
        )
        raise ScheduleFormatError(with_filename(filename, message))
    if _json_first(start):
        try:
            document, body = load_json(text, filename)
        except ScheduleFormatError:
            if ASSIGNED.search(text, 0, _NOISE_LIMIT):  # a .js file: its literal is JSON5, not JSON
                return "json", text
            raise
        if sessionize.is_sessionize(document):
            return "sessionize-json", body
        if indico.event_of(document) is not None:
            return "indico-json", body
        schedule = document.get("schedule") if isinstance(document, dict) else None
        if isinstance(schedule, dict) and "conference" in schedule:  # else a site's own {"schedule": {"days": ...}}
            return "pretalx-json", body
        return "json", body
    # a title line or two ("Programme du congrès", a date) may stand above the header
    first_lines = start.split("\n", _TITLE_LINES + 1)[: _TITLE_LINES + 1]
    if any(delimiter in line for line in first_lines for delimiter in csv.DELIMITERS):
        return "csv", text
    message = f"unknown format: not {KNOWN}"
    raise ScheduleFormatError(with_filename(filename, message))
