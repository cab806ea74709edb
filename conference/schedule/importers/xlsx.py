"""Excel workbooks (.xlsx), read with openpyxl in read-only mode: the sheet of sessions is read as a table.

The sheet is the one given (`--sheet`), else the one whose header names the most fields of a program; when
other sheets look as much like one, they are the program's other days when no two share a day (all are
read), else a different program, and the user chooses.
Cells keep the types Excel stores (dates, times, numbers), which the table reader takes as they are.
A sheet named by a session's code (as poster-screen tools keep one sheet per session) lists its talks.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from . import limits
from .collector import file_error
from .columns import meaning
from .merged import Merged
from .records import ImportOptions, ParsedSchedule, Reading, ScheduleFormatError, UncertainReading, counted, differ
from .table import find_header, read_table, read_talks
from .text import with_filename

_NEEDED = {"title", "start", "date"}


def _rows(sheet, used: int, filename: str) -> list[tuple]:
    """Return a sheet's rows as tuples of values as wide as its widest, trailing empty rows dropped.

    The rows are the cells the sheet holds, not the size its dimension tag claims ("A1:XFD1048576" makes
    openpyxl pad every row to 16,384 cells); used is the cells, padding included, of the sheets read before.
    :raise ScheduleFormatError: for a sheet beyond the row, column, cell or text limits.
    """
    sheet.reset_dimensions()
    rows: list[tuple] = []
    width = 0
    prefix = f"sheet {sheet.title!r} row"
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        width = max(width, len(row))
        limits.check_row(prefix, number, width, used + number * width, filename)
        for column, value in enumerate(row, start=1):
            if value.__class__ is str and len(value) > limits.MAX_CELL_CHARS:
                what = f"sheet {sheet.title!r} cell {get_column_letter(column)}{number} holds {len(value)} characters"
                raise limits.too_large(filename, what, f"{limits.MAX_CELL_CHARS} characters a cell")
        rows.append(tuple(row))
    while rows and not any(value not in (None, "") for value in rows[-1]):
        rows.pop()
    return [row if len(row) == width else row + (None,) * (width - len(row)) for row in rows]


def _merged(archive: zipfile.ZipFile, sheet, rows: list[tuple], filename: str) -> list[Merged]:
    """Return a sheet's merged ranges (0-based, inclusive) within its rows, which read-only openpyxl does not read.

    :raise ScheduleFormatError: for ranges that cover more cells than the sheet has: filling them would grow it.
    """
    found: list[Merged] = []
    covered, cells = 0, len(rows) * (len(rows[0]) if rows else 0)
    with archive.open(sheet._worksheet_path) as part:  # the part openpyxl read the sheet's rows from
        for _, element in iterparse(part):
            if element.tag.endswith("}mergeCell") and (ref := element.get("ref", "")):
                first_col, first_row, last_col, last_row = range_boundaries(ref)
                merged = (first_row - 1, first_col - 1, min(last_row, len(rows)) - 1, last_col - 1)
                covered += max(0, merged[2] - merged[0] + 1) * (merged[3] - merged[1] + 1)
                if covered > cells:
                    raise limits.too_large(filename, f"sheet {sheet.title!r} merges {covered} cells", f"{cells}")
                found.append(merged)
            element.clear()
    return found


def _sheet_rows(sheets: dict[str, Any], only: str | None, archive: zipfile.ZipFile, filename: str):
    """Return the rows and the merged ranges of every sheet (or only of the one named), by name, within the
    workbook's cell limit."""
    rows: dict[str, list[tuple]] = {}
    merged: dict[str, list[Merged]] = {}
    used = 0
    for name, sheet in sheets.items():
        if only is None or name == only:
            rows[name] = _rows(sheet, used, filename)
            merged[name] = _merged(archive, sheet, rows[name], filename)
            used += len(rows[name]) * len(rows[name][0]) if rows[name] else 0
    return rows, merged


def _score(rows: list[Sequence[Any]]) -> tuple[int, int]:
    """How much a sheet looks like a program: (fields its header names, rows below the header)."""
    if not rows:
        return 0, 0
    at = find_header(rows)
    names = {found[0] for value in rows[at] if isinstance(value, str) and (found := meaning(value))}
    if not names & {"start"} and not names & _NEEDED - {"title"}:
        return 0, 0
    return len(names), len(rows) - at


def _sheets(data: bytes, options: ImportOptions) -> tuple[dict[str, list[Sequence[Any]]], dict[str, list[Merged]]]:
    """Return every sheet's rows and merged ranges (or only the one asked for's), by sheet name.

    :raise ScheduleFormatError: for a damaged workbook or a sheet it does not have.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        limits.check_archive(archive, options.filename)
        with warnings.catch_warnings():  # openpyxl warns about Excel extensions it drops; they hold no sessions
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = {sheet.title: sheet for sheet in workbook.worksheets}
                wanted = {name.casefold(): name for name in sheets}.get(options.sheet.casefold(), "")
                rows, merged = _sheet_rows(sheets, wanted if options.sheet else None, archive, options.filename)
            finally:
                workbook.close()
    except ScheduleFormatError:
        raise  # a limit's own refusal, a ValueError too
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
        raise file_error(options, f"an Excel workbook that cannot be read ({exc})") from None
    if options.sheet and not rows:
        raise file_error(options, f"no sheet {options.sheet!r}; the sheets are {', '.join(sheets)}")
    return rows, merged


def parse(data: bytes, options: ImportOptions) -> ParsedSchedule:
    """Parse the program sheet of a workbook into sessions.

    :raise ScheduleFormatError: for a damaged workbook, a missing sheet, or none that holds sessions.
    """
    sheets, merged = _sheets(data, options)
    scores = {name: _score(rows) for name, rows in sheets.items()}
    best = max(scores, key=scores.get)
    if scores[best][0] == 0 and not options.sheet:
        raise file_error(options, f"an Excel workbook without a sheet of sessions (sheets: {', '.join(sheets)})")
    parsed = read_table(sheets[best], options, merged=merged[best])
    rivals = [name for name in sheets if name != best and scores[name][0] == scores[best][0]]
    days = _day_sheets(parsed, best, rivals, sheets, merged, options) if not options.sheet else []
    if days:
        merged = days[0][1]
        for _, part in days[1:]:
            merged.sessions += part.sessions
            merged.skipped += part.skipped
            merged.warnings += part.warnings
        read = ", ".join(repr(name) for name, _ in days)
        merged.warnings.insert(0, with_filename(options.filename, f"read sheets {read} as one program, a day each"))
        return merged
    _check_rival(parsed, best, rivals, sheets, merged, options)
    _talks_from_session_sheets(parsed, sheets, best, options)
    parsed.warnings.insert(0, with_filename(options.filename, f"read sheet {best!r}"))
    return parsed


def _day_sheets(parsed: ParsedSchedule, best: str, rivals: list[str], sheets: dict[str, list], merged, options):
    """Return [(sheet, parsed)] in workbook order when the best sheet and its rivals are a program's days, one
    sheet each (no two share a day); else []."""
    parts = {best: parsed}
    for rival in rivals:
        try:
            parts[rival] = read_table(sheets[rival], options, merged=merged[rival])
        except ScheduleFormatError:
            return []
    days = {name: {session.starts_at.date() for session in part.sessions} for name, part in parts.items()}
    every = [day for found in days.values() for day in found]
    if len(parts) < 2 or not all(days.values()) or len(every) != len(set(every)):
        return []
    return [(name, parts[name]) for name in sheets if name in parts]


def _check_rival(parsed: ParsedSchedule, best: str, rivals: list[str], sheets: dict[str, list], merged, options):
    """Refuse a workbook whose best sheet has a rival whose header names as many fields but reads as another one
    (other sessions or times, on a day it shares): which is the program is the user's choice, not ours.

    :raise UncertainReading: naming both sheets and what each holds.
    """
    for rival in rivals:
        try:
            other = read_table(sheets[rival], options, merged=merged[rival])
        except ScheduleFormatError:
            continue
        if other.sessions and differ(parsed, other):
            readings = [Reading(f"sheet {name!r}", {"sheet": name}) for name in (best, rival)]
            found = f"sheet {best!r} reads as {counted(parsed)}, sheet {rival!r} as {counted(other)}"
            raise UncertainReading(
                with_filename(
                    options.filename,
                    f"two sheets read as programs ({found}): choose one with "
                    f"{readings[0].option()} or {readings[1].option()}",
                ),
                readings,
            )


def _talks_from_session_sheets(parsed: ParsedSchedule, sheets: dict[str, list], read: str, options) -> None:
    """Add the talks listed on sheets named by a session's code to that session."""
    by_code = {session.code: session for session in parsed.sessions if session.code}
    for name, rows in sheets.items():
        session = by_code.get(name.strip())
        if name == read or session is None or not rows:
            continue
        talks = read_talks(rows, options)
        session.talks += tuple(talks)
        people = list(session.speakers)
        people += [person for talk in talks for person in talk.speakers if person not in people]
        session.speakers = tuple(people)
