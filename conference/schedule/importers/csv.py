"""Spreadsheet programs saved as text (CSV, or TSV and semicolons as Excel writes them in some locales)."""
from __future__ import annotations

import csv
from collections.abc import Iterator

from .collector import file_error
from .records import ImportOptions, ParsedSchedule
from .table import read_table

DELIMITERS = (",", ";", "\t")


def delimiter(text: str) -> str:
    """Return the separator the first lines use most consistently: a `.csv` that holds tabs is TSV."""
    lines = [line for line in text.lstrip("\n").split("\n", 5)[:5] if line.strip()] or [""]
    return max(DELIMITERS, key=lambda mark: (min(line.count(mark) for line in lines), lines[0].count(mark)))


def parse(text: str, options: ImportOptions) -> ParsedSchedule:
    """Parse a CSV program into sessions, reading its columns by meaning.

    :raise ScheduleFormatError: for a file without usable header, without a zone, or with a bad row.
    """
    reader = csv.reader(_lines(text), delimiter=delimiter(text))
    shared: dict[str, str] = {}
    try:
        # Rooms, dates, times and tracks repeat on thousands of rows: one string each, not one per cell.
        rows = [[shared.setdefault(value, value) if len(value) <= 64 else value for value in row] for row in reader]
    except csv.Error as exc:  # e.g. a cell beyond the csv module's size limit
        raise file_error(options, f"line {reader.line_num}: {exc}") from None
    return read_table(rows, options)


def _lines(text: str) -> Iterator[str]:
    """Yield the text's lines with their line ends: a StringIO would copy all of it at four bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end
