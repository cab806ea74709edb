"""Excel workbooks (.xlsx), read with openpyxl in read-only mode: the sheet of sessions is read as a table.

The sheet is the one given (`--sheet`), else the one whose header names the most fields of a program.
Cells keep the types Excel stores (dates, times, numbers), which the table reader takes as they are.
A sheet named by a session's code (as poster-screen tools keep one sheet per session) lists its talks.
"""
from __future__ import annotations

import io
import warnings
import zipfile
from xml.etree.ElementTree import ParseError
from typing import Any, Sequence

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from . import limits
from .collector import file_error
from .columns import meaning
from .records import ImportOptions, ParsedSchedule, ScheduleFormatError
from .table import find_header, read_table, read_talks
from .text import with_filename

_NEEDED = {"title", "start", "date"}


def _rows(sheet, budget: list[int], filename: str) -> list[Sequence[Any]]:
    """Return a sheet's rows as tuples of values as wide as its widest, trailing empty rows dropped.

    The rows are the cells the sheet holds, not the size its dimension tag claims ("A1:XFD1048576" makes
    openpyxl pad every row to 16,384 cells); budget holds the cells, padding included, that the workbook's
    sheets may still take.
    :raise ScheduleFormatError: for a sheet beyond the row, column, cell or text limits.
    """
    sheet.reset_dimensions()
    rows: list[tuple] = []
    width = 0
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        width = max(width, len(row))
        if number > limits.MAX_ROWS:
            raise limits.too_large(filename, f"sheet {sheet.title!r} has more than {limits.MAX_ROWS} rows", "rows")
        if width > limits.MAX_COLUMNS:
            what = f"sheet {sheet.title!r} row {number} has {width} columns"
            raise limits.too_large(filename, what, f"{limits.MAX_COLUMNS} columns")
        if number * width > budget[0]:
            what = f"sheet {sheet.title!r} has {number} rows of {width} cells by row {number}"
            raise limits.too_large(filename, what, f"{limits.MAX_CELLS} cells a workbook")
        for column, value in enumerate(row, start=1):
            if value.__class__ is str and len(value) > limits.MAX_CELL_CHARS:
                what = f"sheet {sheet.title!r} cell {get_column_letter(column)}{number} holds {len(value)} characters"
                raise limits.too_large(filename, what, f"{limits.MAX_CELL_CHARS} characters a cell")
        rows.append(tuple(row))
    while rows and not any(value not in (None, "") for value in rows[-1]):
        rows.pop()
    budget[0] -= len(rows) * width
    return [row if len(row) == width else row + (None,) * (width - len(row)) for row in rows]


def _score(rows: list[Sequence[Any]]) -> tuple[int, int]:
    """How much a sheet looks like a program: (fields its header names, rows below the header)."""
    if not rows:
        return 0, 0
    at = find_header(rows)
    names = {found[0] for value in rows[at] if isinstance(value, str) and (found := meaning(value))}
    if not names & {"start"} and not names & _NEEDED - {"title"}:
        return 0, 0
    return len(names), len(rows) - at


def _sheets(data: bytes, options: ImportOptions) -> dict[str, list[Sequence[Any]]]:
    """Return every sheet's rows (or only the one asked for), by sheet name.

    :raise ScheduleFormatError: for a damaged workbook or a sheet it does not have.
    """
    try:
        limits.check_archive(zipfile.ZipFile(io.BytesIO(data)), options.filename)
        budget = [limits.MAX_CELLS]
        with warnings.catch_warnings():  # openpyxl warns about Excel extensions it drops; they hold no sessions
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = {sheet.title: sheet for sheet in workbook.worksheets}
                wanted = {name.casefold(): name for name in sheets}.get(options.sheet.casefold(), "")
                rows = {name: _rows(sheet, budget, options.filename) for name, sheet in sheets.items() if not options.sheet or name == wanted}
            finally:
                workbook.close()
    except ScheduleFormatError:
        raise  # a limit's own refusal, a ValueError too
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
        raise file_error(options, f"an Excel workbook that cannot be read ({exc})") from None
    if options.sheet and not rows:
        raise file_error(options, f"no sheet {options.sheet!r}; the sheets are {', '.join(sheets)}")
    return rows


def parse(data: bytes, options: ImportOptions) -> ParsedSchedule:
    """Parse the program sheet of a workbook into sessions.

    :raise ScheduleFormatError: for a damaged workbook, a missing sheet, or none that holds sessions.
    """
    sheets = _sheets(data, options)
    scores = {name: _score(rows) for name, rows in sheets.items()}
    best = max(scores, key=scores.get)
    if scores[best][0] == 0 and not options.sheet:
        raise file_error(options, f"an Excel workbook without a sheet of sessions (sheets: {', '.join(sheets)})")
    parsed = read_table(sheets[best], options)
    _talks_from_session_sheets(parsed, sheets, best, options)
    parsed.warnings.insert(0, with_filename(options.filename, f"read sheet {best!r}"))
    return parsed


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
