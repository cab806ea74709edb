"""Spreadsheet programs: a header row, then one session per row (APA-program style, Excel, voctosched).

Rows are numbered as a spreadsheet shows them, the header being row 1. A time-only end at or before
the start on the clock ends the next day ("11 PM - 12:30 AM"), unless that would make the session
longer than 12 hours: "10:00 - 09:00" is a typo, reported as an end before the start.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from .collector import Collector, InvalidRecord, file_error
from .people import parse_people
from .records import ImportOptions, ParsedSchedule, ScheduleFormatError, SessionRecord
from .times import parse_duration, parse_moment, parse_timed, split_range, to_utc

_ALIASES = {
    "code": ("session number", "session code", "session id", "session no", "code", "id", "number"),
    "title": ("session title", "title", "session name", "talk title"),
    "abstract": ("abstract", "description", "session description", "summary"),
    "kind": ("session type", "format", "type", "session format", "kind"),
    "track": ("track", "topic", "category", "topic area", "theme"),
    "room": ("location", "room", "venue", "room name"),
    "date": ("date", "session date"),
    "start": ("start time", "start", "starts", "begin", "time", "session time"),
    "end": ("end time", "end", "ends", "finish"),
    "duration": ("duration", "length", "duration minutes", "duration min"),
    "speakers": ("speakers", "presenters", "faculty", "persons", "people", "authors"),
}
FIELDS = tuple(_ALIASES)
DELIMITERS = (",", ";", "\t")  # Excel writes semicolons or tabs in some locales
_FIELD_OF_HEADER = {alias: field for field, aliases in _ALIASES.items() for alias in aliases}
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
_EMPTY = frozenset({"", "NA", "N/A"})
_REQUIRED = ("title", "start")
_LONGEST_OVERNIGHT = timedelta(hours=12)


def _normal(header: str) -> str:
    """Return a header as compared with the aliases: "Speaker(s)" and "SPEAKERS" are both "speakers"."""
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", header.lower().replace("(s)", "s")).split())


class _Columns:
    """Which column holds each field, from the header aliases and the caller's mapping."""

    def __init__(self, header: list[str], options: ImportOptions, collector: Collector) -> None:
        self.header = header
        self.options = options
        normalized = [_normal(name) for name in header]
        found: dict[str, list[int]] = {}
        for index, name in enumerate(normalized):
            if name in _FIELD_OF_HEADER:
                found.setdefault(_FIELD_OF_HEADER[name], []).append(index)
        for field, name in options.mapping.items():
            if field not in FIELDS:
                known = ", ".join(FIELDS)
                raise file_error(options, f"unknown field {field!r} in the column mapping; fields are {known}")
            if (wanted := _normal(name)) not in normalized:
                raise self.unmappable([f"{field} (mapped to {name!r})"])
            mapped = normalized.index(wanted)
            found = {other: [i for i in indexes if i != mapped] for other, indexes in found.items()}
            found[field] = [mapped]
        missing = [field for field in _REQUIRED if not found.get(field)]
        if missing:
            raise self.unmappable(missing)
        used = {index for indexes in found.values() for index in indexes}
        unknown = [name for index, name in enumerate(header) if name.strip() and index not in used]
        if unknown:
            collector.warn("", f"columns not imported: {', '.join(unknown)}")
        self.abstract = found.pop("abstract", [])  # "Abstract" and "Description" columns are both kept
        for field, indexes in found.items():
            for index in indexes[1:]:
                read_from = header[indexes[0]]
                collector.warn("", f"column {header[index]!r} not imported: {field} is read from {read_from!r}")
        self.index = {field: indexes[0] for field, indexes in found.items() if indexes}

    def unmappable(self, fields: list[str]) -> ScheduleFormatError:
        """Return the error for fields no column holds, listing the header so the user can map them."""
        return file_error(
            self.options,
            f"no column for {', '.join(fields)}; the header has: {', '.join(h for h in self.header if h.strip())}. "
            f"Name the columns in the mapping (field=header); fields are {', '.join(FIELDS)}",
        )


def _cell(row: list[str], index: int | None) -> str:
    """Return a cell's text; missing, blank and "NA" cells are all empty."""
    if index is None or index >= len(row):
        return ""
    value = row[index].strip()
    return "" if len(value) <= 3 and value.upper() in _EMPTY else value


class _RowReader:
    """Turns one row into a session."""

    def __init__(self, columns: _Columns, zone: ZoneInfo) -> None:
        self.columns = columns
        self.zone = zone

    def session(self, row: list[str], ref: str) -> SessionRecord:
        """Return the session in row.

        :raise InvalidRecord: for a row without title or times, or with unreadable ones.
        """
        index = self.columns.index
        title = " ".join(_cell(row, index["title"]).split())
        if not title:
            raise InvalidRecord("no title")
        starts_at, ends_at = self._times(row)
        code = _cell(row, index.get("code"))
        speakers = _cell(row, index.get("speakers"))
        return SessionRecord(
            external_id=code,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            code=code,
            abstract="\n\n".join(text for i in self.columns.abstract if (text := _cell(row, i))),
            kind=_cell(row, index.get("kind")),
            track=_cell(row, index.get("track")),
            room=_cell(row, index.get("room")),
            speakers=parse_people(speakers) if speakers else (),
            source_ref=ref,
        )

    def identify(self, row: list[str]) -> tuple[str, str]:
        """Return the (code, title) of a row, read alone so that a row broken elsewhere keeps its session."""
        index = self.columns.index
        return _cell(row, index.get("code")), _cell(row, index["title"])

    def _times(self, row: list[str]) -> tuple[datetime, datetime]:
        """Return start and end in UTC from the date, start, end and duration cells."""
        index = self.columns.index
        start_text = _cell(row, index["start"])
        if not start_text:
            raise InvalidRecord("no start time")
        end_text = _cell(row, index.get("end"))
        if parts := split_range(start_text):
            start_text, end_text = parts[0], end_text or parts[1]
        day, clock = parse_timed(start_text, "start")
        if day is None:
            day = self._date(row)
        starts_at = to_utc(datetime.combine(day, clock), self.zone)
        if end_text:
            return starts_at, self._end(day, starts_at, start_text, end_text)
        duration = _cell(row, index.get("duration"))
        if not duration:
            raise InvalidRecord("no end time or duration")
        return starts_at, starts_at + parse_duration(duration)

    def _date(self, row: list[str]) -> date:
        """Return the date cell's date, for a start cell that holds only a time."""
        if "date" not in self.columns.index:
            raise self.columns.unmappable(["date"])
        text = _cell(row, self.columns.index["date"])
        if not text:
            raise InvalidRecord("no date")
        day, _ = parse_moment(text)
        if day is None:
            raise InvalidRecord(f"date {text!r} is a time, not a date")
        return day

    def _end(self, day: date, starts_at: datetime, start_text: str, end_text: str) -> datetime:
        """Return the end in UTC; a time-only end that is not after the start ends overnight."""
        end_day, clock = parse_timed(end_text, "end")
        ends_at = to_utc(datetime.combine(end_day or day, clock), self.zone)
        if end_day is None and ends_at <= starts_at:
            overnight = to_utc(datetime.combine(day + timedelta(days=1), clock), self.zone)
            if overnight - starts_at <= _LONGEST_OVERNIGHT:
                return overnight
        if ends_at < starts_at or end_day is None and ends_at == starts_at:
            relation = "is before" if ends_at < starts_at else "is the same as"
            raise InvalidRecord(f"end {end_text} {relation} start {start_text}")
        return ends_at


def _delimiter(first_line: str) -> str:
    """Return the separator the header row uses most."""
    return max(DELIMITERS, key=first_line.count)


def parse(text: str, options: ImportOptions) -> ParsedSchedule:
    """Parse a CSV program; dates and times in it are wall-clock times in options.timezone.

    :raise ScheduleFormatError: for a file without usable header, without a zone, or with a bad row.
    """
    if options.timezone is None:
        raise file_error(options, "times in a CSV file carry no zone: a --timezone is needed (e.g. America/New_York)")
    collector = Collector(options)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.lstrip("\n").split("\n", 1)[0]))
    reader: _RowReader | None = None
    try:
        for number, row in enumerate(rows, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if reader is None:
                reader = _RowReader(_Columns(row, options, collector), options.timezone)
                continue
            ref = f"row {number}"
            with collector.record(ref, partial(reader.identify, row)):
                collector.add(reader.session(row, ref))
    except csv.Error as exc:  # e.g. a cell beyond the csv module's size limit
        raise file_error(options, f"line {rows.line_num}: {exc}") from None
    return collector.result()
