"""Spreadsheet programs saved as text (CSV, or TSV and semicolons as Excel writes them in some locales)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from itertools import chain

from . import limits
from .collector import file_error
from .records import ImportOptions, ParsedSchedule
from .table import read_table

DELIMITERS = (",", ";", "\t")


def delimiter(lines: list[str]) -> str:
    """Return the separator the first lines use most consistently: a `.csv` that holds tabs is TSV.

    Title lines without any separator ("Programme du congrès") say nothing and are not counted.
    """
    lines = [line for line in lines if any(mark in line for mark in DELIMITERS)] or [""]
    return max(DELIMITERS, key=lambda mark: (min(line.count(mark) for line in lines), lines[0].count(mark)))


def parse(lines: Iterable[str], options: ImportOptions) -> ParsedSchedule:
    """Parse a CSV program, given as its lines with their line ends, into sessions, reading its columns by meaning.

    :raise ScheduleFormatError: for a file without usable header, without a zone, or with a bad row.
    """
    lines = iter(lines)
    head = _head(lines)
    reader = csv.reader(chain(head, lines), delimiter=delimiter(head))
    shared: dict[str, str] = {}
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in reader:
            cells += len(row)
            limits.check_row("row", len(rows) + 1, len(row), cells, options.filename)
            # Rooms, dates, times and tracks repeat on thousands of rows: one string each, not one per cell.
            rows.append([shared.setdefault(value, value) if len(value) <= 64 else value for value in row])
    except csv.Error as exc:  # e.g. a cell beyond the csv module's size limit
        raise file_error(options, f"line {reader.line_num}: {exc}") from None
    return read_table(rows, options)


def _head(lines: Iterator[str]) -> list[str]:
    """Take the lines up to the fifth after the empty lines a file may start with: they show the separator."""
    head: list[str] = []
    start = 0
    for line in lines:
        head.append(line)
        if line == "\n" and start == len(head) - 1:
            start = len(head)
        elif len(head) - start == 5:
            break
    return head
