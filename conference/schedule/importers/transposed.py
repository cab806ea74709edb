"""Grids written the other way round: rooms as rows and times as columns ("Room | 09:00 | 10:00", then "Hall A |
Opening | Keynote"), turned into a plain list of sessions (date, time, room, title) that the table reader reads.

A time column's slot ends where the next one starts ("09:00" before "10:00" is 09:00-10:00); a header cell that is a
range keeps its own end. The column left of the times names the lanes ("Room", "Salle", or nothing: rooms; "Track":
tracks); a date column, and day headings on rows of their own, date the rows below them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cells import cell, is_date, is_time, time_span
from .columns import meaning
from .header import find_header
from .merged import Merged
from .records import ImportOptions

_HEADER_ROWS = 40  #: how far down the row of times may sit
_SAMPLE = 50  #: rows below it read to see that its columns hold titles, not more times


def rooms_as_rows(rows: list[Sequence[Any]], options: ImportOptions, merged: Sequence[Merged] = ()):
    """Return a grid of rooms as rows read as a list of sessions (header "Date, Time, Room, Title"), else None.

    A title merged over several time columns (a workbook's) lasts until the last one's slot ends.
    """
    at = next((index for index, row in enumerate(rows[:_HEADER_ROWS]) if _times(row, options)), None)
    if at is None or options.mapping:
        return None  # no row of times, or a table the user maps
    header = find_header(rows, options.mapping)
    if header < at and "start" in {found[0] for value in rows[header] if (found := _named(value))}:
        return None  # a table with a time column, whose rows may hold a start and an end
    times = _times(rows[at], options)
    if not _titles_below(rows[at + 1 : at + 1 + _SAMPLE], times, options):
        return None
    lanes = min(times) - 1
    lane_field = (_named(rows[at][lanes]) or ("room",))[0]
    date = next((i for i in range(lanes) if (_named(rows[at][i]) or ("",))[0] == "date"), None)
    slots = _slots(rows[at], times, options)
    spans = {(top, left): right for top, left, _, right in merged if right > left}
    listed: list[list[Any]] = [list(row) for row in rows[:at]]
    listed.append(["Date", "Time", "Track" if lane_field == "track" else "Room", "Title"])
    for number, row in enumerate(rows[at + 1 :], start=at + 1):
        lane = cell(row, lanes)
        filled = [index for index in range(len(row)) if cell(row, index)]
        if not lane or not set(filled) & set(times):
            if filled:
                listed.append([row[filled[0]], "", "", ""])  # a day heading, a note: read as the table reads them
            continue
        day = row[date] if date is not None else ""
        for index in times:
            last = max((i for i in times if i <= spans.get((number, index), index)), default=index)
            if cell(row, index):
                until = slots[last][1]
                listed.append([day, f"{slots[index][0]}-{until}" if until else slots[index][0], lane, row[index]])
    return listed


def _named(value: Any) -> tuple[str, int] | None:
    """Return the field a header cell names, None for any other cell."""
    return meaning(value) if isinstance(value, str) and value.strip() else None


def _times(row: Sequence[Any], options: ImportOptions) -> list[int]:
    """Return the columns of a row of times, two at least, right of a lane column: [] for any other row."""
    filled = [index for index in range(len(row)) if cell(row, index)]
    timed = [index for index in filled if is_time(row[index], options.first_day)]
    if len(timed) < 2 or timed[0] == 0 or timed != [index for index in filled if index >= timed[0]]:
        return []
    starts = [time_span(row[index], options.first_day)[0].clock for index in timed]
    return timed if starts == sorted(starts) and len(set(starts)) == len(starts) else []


def _titles_below(rows: list[Sequence[Any]], times: list[int], options: ImportOptions) -> bool:
    """Whether the time columns hold titles below their header (not more times, as a headerless list's would)."""
    values = [row[index] for row in rows for index in times if cell(row, index)]
    titles = [v for v in values if not is_time(v, options.first_day) and not is_date(v, options.first_day)]
    return bool(values) and len(titles) > len(values) / 2


def _slots(row: Sequence[Any], times: list[int], options: ImportOptions) -> dict[int, tuple[str, str]]:
    """Return each time column's slot as (start, end) text: its own range, else to the next column's start."""
    slots = {}
    for index, following in zip(times, [*times[1:], None], strict=True):
        start, end = time_span(row[index], options.first_day)
        until = end or (time_span(row[following], options.first_day)[0] if following is not None else None)
        slots[index] = (f"{start.clock:%H:%M}", f"{until.clock:%H:%M}" if until else "")
    return slots
