"""Programs as tables (CSV, TSV, Excel): find the header, read every row by its columns' meaning, group talks.

Rows are numbered as a spreadsheet shows them. The header is the first row that names at least two
fields (title rows above it may state the date and zone); columns no header names are read from their
content. Rows that hold no time are headings ("Aug 6, day 1, Mon: ..." sets the day), zone notes, or
the talks of the session above them. Talk-level programs (one row per presentation, repeating the
session's code and time) become one session each, with its talks kept in order. A time-only end at or
before the start ends the next day ("11 PM - 12:30 AM") unless the session would last over 12 hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from .cells import cell, glued, hour_range, is_time, time_span, title_text
from .collector import Collector, InvalidRecord, file_error
from .columns import meaning
from .days import leading_day
from .header import find_header, read_talks, row_people
from .layout import Table
from .merged import Merged
from .records import ImportOptions, ParsedSchedule, TalkRecord
from .rows import Group, RowReader
from .text import with_filename
from .transposed import rooms_as_rows
from .zones import read_zone

__all__ = ["find_header", "read_table", "read_talks"]

_LONGEST_PARENT = timedelta(hours=4)  #: the longest session whose rows below may be its talks
_PERSON_FIELDS = ("first_name", "last_name", "affiliation", "role")
_MANY_MISFITS = 5  #: rows that fit no session, from which a table that has fewer sessions is misread


def read_table(
    rows: list[Sequence[Any]], options: ImportOptions, records_only: bool = False, merged: Sequence[Merged] = ()
) -> ParsedSchedule:
    """Parse a program table; wall-clock times are in the zone a row or the file states, else options.timezone.

    merged: a workbook's merged ranges (0-based, inclusive), whose value carries to the cells they cover.
    records_only: every row is a session (a data file's, not a sheet laid out with headings and talk rows), so
    a row without a start is refused, never read as a heading or as a talk of the session above.

    A grid with rooms as rows and times as columns is read as the list of sessions it holds (transposed.py).
    A table whose header repeats its time column ("Monday Timings", "Monday, July 28", "Monday Room", then
    the same for Tuesday) is several tables side by side, one per day: each is read on its own.
    :raise ScheduleFormatError: for a table without usable header, without a zone, or with a bad row.
    """
    if (listed := rooms_as_rows(rows, options, merged)) is not None:
        parsed = _read_one_table(listed, options, records_only, ())
        note = "rooms as rows and times as columns: each filled cell read as a session (rows counted as listed)"
        parsed.warnings.insert(0, with_filename(options.filename, note))
        return parsed
    groups = _column_groups(rows, options)
    if len(groups) < 2:
        return _read_one_table(rows, options, records_only, merged)
    parts = [
        _read_one_table([row[start:end] for row in rows], options, records_only, _shifted(merged, start, end))
        for start, end in groups
    ]
    parsed = parts[0]
    for part in parts[1:]:
        parsed.sessions += part.sessions
        parsed.skipped += part.skipped
        parsed.warnings += part.warnings
    zones = {part.timezone for part in parts}
    parsed.timezone = zones.pop() if len(zones) == 1 else None
    return parsed


def _column_groups(rows: list[Sequence[Any]], options: ImportOptions) -> list[tuple[int, int]]:
    """Return the column ranges of side-by-side tables: each starts at a repeated time column."""
    if not rows:
        return []
    header = rows[find_header(rows, options.mapping)]
    starts = [i for i, name in enumerate(header) if isinstance(name, str) and (meaning(name) or ("",))[0] == "start"]
    if len(starts) < 2:
        return []
    bounds = [0, *starts[1:], max(len(row) for row in rows)]
    widths = [end - start for start, end in zip(bounds, bounds[1:], strict=False)]
    if min(widths) < 3 or max(widths) - min(widths) > 1:
        return []  # "Time" beside "Start Time" is one table, not a day per column group
    return list(zip(bounds, bounds[1:], strict=False))


def _shifted(merged: Sequence[Merged], start: int, end: int) -> list[Merged]:
    """Return the merged ranges within columns start to end, numbered from start."""
    return [
        (top, max(left, start) - start, bottom, min(right, end - 1) - start)
        for top, left, bottom, right in merged
        if left < end and right >= start
    ]


def _read_one_table(rows: list[Sequence[Any]], options: ImportOptions, records_only: bool, merged) -> ParsedSchedule:
    """Parse one table of sessions (see `read_table`)."""
    collector = Collector(options)
    table = Table(rows, options, collector, merged)
    reader = RowReader(table)
    groups: dict[Any, Group] = {}
    last: Group | None = None
    start_index = table.columns.index["start"]
    for number, row in table.body:
        if not any(row):  # blank and spacer rows (a cell of spaces is caught below, as untimed and empty)
            continue
        ref = f"row {number}"
        with collector.record(ref, partial(_identify, table, row)):
            start_value = row[start_index] if cell(row, start_index) else None
            if isinstance(start_value, str) and (hours := hour_range(start_value)):
                start_value = hours
            if start_value is not None and (half := cell(row, table.columns.index.get("meridiem"))):
                joined = f"{cell(row, start_index)} {half}"  # unless the start says its half itself
                start_value = joined if time_span(joined, table.first_day) else start_value
            title = title_text(cell(row, table.columns.index["title"]))
            talk_title = title_text(cell(row, table.columns.talk.get("title")))
            span = time_span(start_value, table.first_day)
            if span is None and records_only:
                raise InvalidRecord(f"cannot read {cell([start_value], 0)!r} as a time" if start_value else "no start")
            if span is None:
                filled = [i for i in range(len(row)) if cell(row, i)]
                if filled:
                    last = _untimed(row, filled, ref, title or talk_title, start_value, table, reader, groups, last)
                continue
            entries = table.entries(row, title)
            if not any(title for title, _, _ in entries):
                raise InvalidRecord("no title")
            times = None
            for title, room, day in entries:
                if times is None or day is not None:
                    table.day = day or table.day  # a day grid's column dates its cell
                    times = reader.times(row, start_value, span)
                starts_at, ends_at = times
                code = cell(row, table.columns.index.get("code"))
                key = (code or (title, starts_at)) if reader.talk_level else (ref, room, day)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = reader.session(row, ref, title, starts_at, ends_at, room)
                people = row_people(reader.columns, row) or reader.bracketed(title)
                group.add_people(people)
                if talk_title:
                    talk_code = cell(row, table.columns.talk.get("code"))
                    group.talks.append(TalkRecord(talk_title, starts_at, ends_at, talk_code, people))
                last = group
    if not reader.talk_level and not table.grid:
        groups = _timed_talks(groups, collector)
    _check_fit(table, len(groups))
    if unread := table.columns.unread():
        collector.warn("", f"columns not imported: {', '.join(unread)}")
    if reader.point_rows:
        collector.warn("", f"{reader.point_rows} rows give a start but no end; they are kept as starting times")
    for group in groups.values():
        session = group.session()
        with collector.record(session.source_ref, lambda session=session: (session.external_id, session.title)):
            collector.add(session)
    stated = next(iter(reader.zones)) if len(reader.zones) == 1 else None
    parsed = collector.result(timezone=stated or None)
    parsed.columns = table.columns.described()
    return parsed


def _timed_talks(groups: dict[Any, Group], collector: Collector) -> dict[Any, Group]:
    """Return the groups, each run of rows that fills a session in order, from its start and within its end
    and room, taken as the session's talks ("09:00-10:30 Symposium" over "09:00-09:30 Talk", "09:30-10:00 Talk").

    Two rows at least, under a session of at most _LONGEST_PARENT: a day's frame ("Exhibits 08:00-17:00") or a
    lunch inside a poster session is no symposium.
    """
    items = list(groups.items())
    kept: dict[Any, Group] = {}
    index = 0
    while index < len(items):
        key, group = items[index]
        kept[key] = group
        record, run = group.record, []
        cursor = record.starts_at
        span = record.ends_at - record.starts_at
        for _, other in items[index + 1 :] if timedelta(0) < span <= _LONGEST_PARENT else ():
            inner = other.record
            first = not run
            if (inner.starts_at != cursor if first else inner.starts_at < cursor) or inner.ends_at > record.ends_at:
                break
            if inner.room not in ("", record.room) or other.talks or inner.ends_at <= inner.starts_at:
                break
            run.append(other)
            cursor = inner.ends_at
        if len(run) < 2:
            index += 1
            continue
        for other in run:
            inner = other.record
            group.talks.append(TalkRecord(inner.title, inner.starts_at, inner.ends_at, inner.code, tuple(other.people)))
            group.add_people(other.people)
        collector.warn(record.source_ref, f"the {len(run)} rows below it fill its time in order: read as its talks")
        index += 1 + len(run)
    return kept


def _check_fit(table: Table, sessions: int) -> None:
    """Refuse a table most of whose rows fit no session: it is laid out otherwise than its columns were read.

    :raise ScheduleFormatError: saying what was found and which options settle the reading.
    """
    left_out = table.left_out
    if len(left_out) < _MANY_MISFITS or len(left_out) <= sessions:
        return
    read = ", ".join(f"{name} <- {header!r}" for name, header in table.columns.described().items())
    raise file_error(
        table.options,
        f"{len(left_out)} rows fit no session ({left_out[0]}, {left_out[1]}, ...) against {sessions} that do, "
        f"reading {read}: the table is likely laid out otherwise (a grid, a header further down, another sheet); "
        "name the columns with --map, the sheet with --sheet, or the format with --format",
    )


def _identify(table: Table, row: Sequence[Any]) -> tuple[str, str]:
    """Return the (code, title) of a row, read alone so that a row broken elsewhere keeps its session."""
    index = table.columns.index
    return cell(row, index.get("code")), title_text(cell(row, index["title"]))


def _untimed(row, filled, ref, title, start_value, table: Table, reader: RowReader, groups, last):
    """Read a row without a time: a glued "10:15-10:30 Break", a day heading, a zone note, or a talk.

    Returns the group later untimed rows belong to.
    """
    texts = [cell(row, i) for i in filled]
    if table.repeats_header(row):
        return None
    index = table.columns.index
    try:
        day = table.date_cell(row)
        dated = True
    except InvalidRecord:
        day, dated = None, False  # "Total" where dates are: a footer, no talk of the session above
    if day is not None:
        table.day = day  # a day's block that writes its date on a row of its own ("Monday, May 17 | Plenary day")
        if not set(filled) - {index["date"], index["title"]}:
            if title:
                table.collector.warn(ref, f"no time: read as the heading of {day}, {title!r}")
            return None
    if len(filled) == 1 and isinstance(row[filled[0]], str):
        text = texts[0]
        if found := glued(text, table.first_day):
            start, end, label = found
            starts_at, ends_at = reader.times(row, f"{cell([start.clock], 0)}-{cell([end.clock], 0)}")
            group = groups[ref] = reader.session(row, ref, label, starts_at, ends_at)
            return group
        if day := leading_day(text, table.first_day):
            if table.day is not None and day < table.day:
                table.collector.warn(ref, f"heading {text!r} goes back to {day}; kept {table.day}, as the rows run on")
            else:
                table.day = day
            return None
        if len(text) <= 40 and (zone := read_zone(text)) is not None:
            table.zone = zone
            return None
    # a talk row has no time of its own; one whose time cell cannot be read is a session with a broken time
    talk = title and dated and start_value is None and last is not None
    if talk and not any(is_time(row[i], table.first_day) for i in filled if i != index.get("date")):
        people = row_people(reader.columns, row)
        last.talks.append(TalkRecord(title, code=cell(row, table.columns.talk.get("code")), speakers=people))
        last.add_people(people)
        return last
    people_columns = {i for i, _ in reader.columns.people} | {index.get(n) for n in _PERSON_FIELDS}
    if not title and last is not None and not set(filled) - people_columns:
        last.add_people(row_people(reader.columns, row))  # one more speaker under merged session cells
        return last
    if start_value is not None and title:
        raise InvalidRecord(f"cannot read {cell([start_value], 0)!r} as a time")
    if title and dated and (last is not None or filled != [index["title"]]):
        raise InvalidRecord("no start time")  # a lone title above every session is a heading or a note
    table.collector.warn(ref, f"not a session, left out: {' | '.join(texts)[:80]}")
    table.left_out.append(ref)
    return last
