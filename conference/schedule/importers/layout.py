"""A program table's layout: its header and columns (named, mapped or inferred from content), the day and
zone that rows above the header state, room grids, and 12-hour clocks written without am/pm."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, time, tzinfo
from typing import Any

from .cells import (
    Moment,
    cell,
    colon_clock,
    colon_clocks,
    heading_day,
    hour_range,
    is_date,
    is_time,
    read_span,
    serial_day,
    title_text,
)
from .collector import Collector, InvalidRecord, file_error
from .columns import MAPPABLE, from_header, mapped_headers, meaning, normal, qualifier
from .day_column import DayColumn
from .days import as_date, leading_day, read_day
from .header import find_header, pair_names
from .merged import Merged, fill_merged
from .records import ImportOptions, ScheduleFormatError
from .zones import read_zone

_REQUIRED = ("title", "start")
_SAMPLE = 200  #: rows read to infer columns from content
_PADDED_HOUR = re.compile(r"^0\d[:.]")
_MERIDIEM = re.compile(r"\d\s*[ap]\.?\s*m\b", re.I)
_TITLE_WORDS = 3  #: words from which a cell reads as a title, not a code
_HALF_DAY = re.compile(r"^\s*[ap]\.?\s*m\.?\s*$", re.I)  #: "AM", "p.m."
_LANE_WORDS = 3  #: the most words of a lane's name ("Lisbon", "Sala Porto")


def _wordy(values: list[str]) -> bool:
    """Whether a column holds words rather than codes: most filled cells are three words or more, or words
    without digits that are not all capitals ("Opening Plenary", "Lunch"; codes are "S12", "1A", "SYM")."""
    filled = [value for value in values if value]
    worded = sum(
        len(value.split()) >= _TITLE_WORDS or not any(ch.isdigit() for ch in value) and not value.isupper()
        for value in filled
    )
    return bool(filled) and worded > len(filled) / 2


class Table:
    """One table's columns and what the rows above and within it state (day, zone, 12-hour clock)."""

    def __init__(
        self, rows: list[Sequence[Any]], options: ImportOptions, collector: Collector, merged: Sequence[Merged] = ()
    ) -> None:
        self.options = options
        self.collector = collector
        self.first_day = options.first_day
        at = find_header(rows, options.mapping) if rows else 0
        self.header_row = at
        self.columns = from_header(list(rows[at]) if rows else [], options.mapping)
        self._check_mapping()
        self.body = list(enumerate(rows[at + 1 :], start=at + 2))  #: (row number, row)
        self.day: date | None = None  #: from a title row above the header or a heading row
        self.day_columns: dict[str, DayColumn] = {}  #: how the date (and end date) column writes days, once needed
        self.left_out: list[str] = []  #: rows that fit no session
        self.zone: tzinfo | None = None  #: stated above the header or in a zone note
        self._read_title_rows(rows[:at])
        self._read_header_day()
        self.lane_days = self._day_lanes()  #: {column: day} of a time x day grid
        self.grid = dict.fromkeys(self.lane_days, "") or self._room_grid()
        self._read_colon_clocks()
        self._infer([row for _, row in self.body[:_SAMPLE]])
        self._read_header_zone()
        self._timed_rows_above(rows[:at])
        pair_names(self.columns)
        self.body = fill_merged(self.body, self.columns.index, merged)
        missing = [name for name in _REQUIRED if name not in self.columns.index]
        if missing:
            raise self.unmappable(missing)
        self._check_lanes([row for _, row in self.body[:_SAMPLE]])
        self.afternoon = self._twelve_hour_without_meridiem([row for _, row in self.body[:_SAMPLE]])

    def unmappable(self, fields: list[str], hint: str = "") -> ScheduleFormatError:
        """Return the error for fields no column holds, listing the header so the user can map them."""
        header = ", ".join(" ".join(h.split()) for h in self.columns.header if h.strip())
        hint = hint or f"Name the columns in the mapping (field=header); fields are {', '.join(MAPPABLE)}"
        return file_error(self.options, f"no column for {', '.join(fields)}; the header has: {header}. {hint}")

    def _check_mapping(self) -> None:
        """Refuse a mapping that names an unknown field or a header the table does not have.

        :raise ScheduleFormatError: naming the field or header.
        """
        for name, header in mapped_headers(self.options.mapping):
            if name not in MAPPABLE:
                known = ", ".join(MAPPABLE)
                raise file_error(self.options, f"unknown field {name!r} in the column mapping; fields are {known}")
            if normal(header) not in {normal(h) for h in self.columns.header}:
                raise self.unmappable([f"{name} (mapped to {header!r})"])

    def _check_lanes(self, sample: list[Sequence[Any]]) -> None:
        """Refuse a table whose title was taken by content from one of several columns under short names no field
        has, all holding titles ("Time, Lisbon, Porto, Faro"): rooms of a grid, or fields only the user can name.

        :raise ScheduleFormatError: naming both mappings.
        """
        columns = self.columns
        title = columns.index["title"]
        if columns.grid or "title" in self.options.mapping or meaning(columns.header[title]) is not None:
            return
        used = columns.used() - {title}
        lanes = [
            index
            for index, name in enumerate(columns.header)
            if index not in used
            and name.strip()
            and len(name.split()) <= _LANE_WORDS
            and meaning(name) is None
            and self._titles_in(index, sample)
        ]
        if len(lanes) < 2:
            return
        names = [" ".join(columns.header[index].split()) for index in lanes]
        raise file_error(
            self.options,
            f"the columns {', '.join(names)} all hold titles: as rooms of a grid, --map room={'|'.join(names)}; "
            f"or name the title column, e.g. --map title={names[0]}",
        )

    def _titles_in(self, index: int, sample: list[Sequence[Any]]) -> bool:
        """Whether a column holds titles: text with letters, not times or dates, in most of its filled cells."""
        values = [row[index] for row in sample if cell(row, index)]
        titles = [
            value
            for value in values
            if isinstance(value, str)
            and any(ch.isalpha() for ch in value)
            and not is_time(value, self.first_day)
            and not is_date(value, self.first_day)
        ]
        return bool(values) and len(titles) > len(values) / 2

    def _read_title_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Take the date and zone that title rows above the header state ("Time Zone: AKDT", a date cell)."""
        for row in rows:
            texts = [cell(row, i) for i in range(len(row))]
            filled = [text for text in texts if text]
            if len(filled) == 1 and (day := heading_day(filled[0], self.first_day)):
                self.day = day  # "Jeudi 20 mai" above the header: the first day's heading
                continue
            for index, value in enumerate(row):
                if self.day is None and (day := as_date(value)):
                    self.day = day
                found = meaning(texts[index]) if texts[index] else None
                if found and found[0] in ("timezone", "date"):
                    following = next((texts[i] for i in range(index + 1, len(texts)) if texts[i]), "")
                    if found[0] == "timezone" and (zone := read_zone(following)):
                        self.zone = zone
                    elif found[0] == "date" and following and self.day is None:
                        self.day = leading_day(following, self.first_day)

    def _day_lanes(self) -> dict[int, date]:
        """Return {column: day} when several columns are headed by dates and none names the title: a time x day
        grid ("Time, Saturday May 15 2027, Sunday May 16 2027"), each day's column holding that day's titles."""
        columns = self.columns
        if "title" in columns.index:
            return {}
        days = {
            index: day
            for index, name in enumerate(columns.header)
            if name.strip() and meaning(name) is None and (day := heading_day(name, self.first_day))
        }
        if len(days) < 2:
            return {}
        columns.index["title"], columns.rooms, columns.grid = next(iter(days)), list(days), True
        return days

    def _room_grid(self) -> dict[int, str]:
        """Return {column: room} when several columns are rooms and none names the title: a day x room grid.

        Each room column then holds the titles of that room's sessions.
        """
        columns = self.columns
        if len(columns.rooms) < 2 or "title" in columns.index:
            return {}
        del columns.index["room"]
        columns.index["title"] = columns.rooms[0]
        columns.grid = True
        return {index: " ".join(columns.header[index].split()) for index in columns.rooms}

    def _timed_rows_above(self, rows: list[Sequence[Any]]) -> None:
        """Read rows above the header that hold a time where the header has its time column (a first day
        printed before the header that later days repeat)."""
        start = self.columns.index.get("start")
        above = [(n, row) for n, row in enumerate(rows, start=1) if start is not None and start < len(row)]
        timed = [(n, row) for n, row in above if isinstance(row[start], str) and is_time(row[start], self.first_day)]
        self.body[:0] = timed

    def repeats_header(self, row: Sequence[Any]) -> bool:
        """Whether a row repeats the header (a grid's room names again for the next day) or continues it ("Time"
        where the times are, under lanes "Track 1", "Track 2"); takes its room names."""
        names = [meaning(value) if isinstance(value, str) else None for value in row]
        start = self.columns.index["start"]
        under_time = start < len(names) and names[start] is not None and names[start][0] == "start"
        if not under_time and (sum(1 for name in names if name) < 2 or not any(n and n[0] == "start" for n in names)):
            return False
        for index in self.grid:
            if index < len(row) and (name := cell(row, index)):
                self.grid[index] = " ".join(name.split())
        return True

    def entries(self, row: Sequence[Any], title: str) -> list[tuple[str, str | None, date | None]]:
        """Return (title, room, day) of each session a row holds: one, or one per filled room or day column of a
        grid (day None: the row's own).

        A room grid's row that fills only its first room column spans the rooms (a merged plenary cell).
        """
        if not self.grid:
            return [(title, None, None)]
        filled = [index for index in self.grid if cell(row, index)]
        if filled == [next(iter(self.grid))] and not self.lane_days:
            return [(title, "", None)]
        return [(title_text(cell(row, index)), self.grid[index], self.lane_days.get(index)) for index in filled]

    def _read_colon_clocks(self) -> None:
        """Rewrite "0900" and "0900-1000" as "09:00" and "09:00-10:00" in a column that writes its times so: the
        start or end column, else an unnamed one of such ranges only (a room "1015" or a year is left alone)."""
        named = {self.columns.index.get(name) for name in ("start", "end")} - {None}
        used = self.columns.used()
        for index in range(max((len(row) for _, row in self.body), default=0)):
            values = [cell(row, index) for _, row in self.body[:_SAMPLE]]
            if (index in named or not named and index not in used) and colon_clocks(values, index in named):
                self.body = [(number, _with_colon(row, index)) for number, row in self.body]

    def _read_header_zone(self) -> None:
        """Take the zone a time column's header states ("Time (EDT)", "Start [CET]") when nothing above it does."""
        for name in ("start", "end", "date"):
            index = self.columns.index.get(name)
            if self.zone is None and index is not None and (stated := qualifier(self.columns.header[index])):
                self.zone = read_zone(stated)

    def _read_header_day(self) -> None:
        """Take the day a header cell names ("Monday, July 28" above a day's column of titles)."""
        for name in self.columns.header:
            if name.strip() and meaning(name) is None:
                try:
                    day = leading_day(name, self.first_day)
                except InvalidRecord:
                    continue
                if day is not None:
                    self.day = day
                    return

    def _infer(self, sample: list[Sequence[Any]]) -> None:
        """Name the columns the header does not from what they hold: times, dates, the longest text."""
        columns = self.columns
        used = columns.used()
        width = max((len(row) for row in sample), default=len(columns.header))
        columns.header += [""] * (width - len(columns.header))
        free = [i for i in range(width) if i not in used]

        def share(index: int, test) -> float:
            values = [row[index] for row in sample if index < len(row) and cell(row, index)]
            return sum(1 for value in values if test(value, self.first_day)) / len(values) if values else 0.0

        for name, test in (("start", is_time), ("end", is_time), ("date", is_date)):
            if name in columns.index:
                continue
            candidates = [i for i in free if share(i, test) >= 0.6]
            if name == "end":
                candidates = [i for i in candidates if i > columns.index.get("start", width)]
            if candidates:
                columns.index[name] = candidates[0]
                columns.inferred.add(name)
                free.remove(candidates[0])
        if "start" not in columns.index and "date" in columns.index and share(columns.index["date"], is_time) >= 0.6:
            columns.index["start"] = columns.index.pop("date")  # "Start Date" of "2027-05-15 09:00": the start
        halves = [i for i in free if share(i, lambda value, _: _HALF_DAY.match(str(value)) is not None) == 1]
        if halves:  # "9:00" beside "PM": the start's half of the day in a column of its own
            columns.index["meridiem"] = halves[0]
            free.remove(halves[0])
        if "title" not in columns.index:
            self._infer_title(sample, free)

    def _infer_title(self, sample: list[Sequence[Any]], free: list[int]) -> None:
        """Without a title column, the column of longest text (a description, topic or unnamed one) is the title;
        a "Session" column that holds sentences, not codes, is one too."""
        columns = self.columns
        candidates = columns.abstracts + [columns.index[n] for n in ("track", "kind") if n in columns.index] + free
        if "code" in columns.index and _wordy([cell(row, columns.index["code"]) for row in sample]):
            candidates.append(columns.index["code"])

        def length(index: int) -> float:
            values = [cell(row, index) for row in sample]
            filled = [v for v in values if v and not is_time(v, self.first_day)]
            return sum(map(len, filled)) / len(values) if values else 0.0

        best = max(candidates, key=length, default=None)
        if best is None or length(best) == 0:
            return
        columns.index = {name: index for name, index in columns.index.items() if index != best}
        columns.abstracts = [index for index in columns.abstracts if index != best]
        columns.index["title"] = best
        columns.inferred.add("title") if not columns.header[best].strip() else None

    def date_cell(self, row: Sequence[Any], name: str = "date") -> date | None:
        """Return the date in a row's date column (or its end date's: name), None when it has none.

        :raise InvalidRecord: for a date cell that reads as no date.
        """
        index = self.columns.index.get(name)
        if index is None or not (text := cell(row, index)):
            return None
        if name not in self.day_columns:
            header = self.columns.header[index].strip() or f"column {index + 1}"
            columns = dict.fromkeys((self.columns.index.get("date", index), index))  # an end day counts as the date
            values = [cell(row, column) for column in columns for _, row in self.body]
            self.day_columns[name] = DayColumn(header, values, self.options)
        column = self.day_columns[name]
        day = as_date(row[index]) or serial_day(row[index]) or column.numbered(text) or column.slashed(text)
        day = day or read_day(text, self.first_day) or leading_day(text, self.first_day)
        if day is None:
            raise InvalidRecord(f"cannot read {text!r} as a date or time")
        return day

    def _twelve_hour_without_meridiem(self, sample: list[Sequence[Any]]) -> bool:
        """Whether start times are written 12-hour with no am/pm ("1:00-2:00" after "11:00-12:00" is afternoon)."""
        if "meridiem" in self.columns.index:
            return False
        hours = []
        for row in sample:
            value = row[self.columns.index["start"]] if self.columns.index["start"] < len(row) else None
            if not isinstance(value, str) or not value.strip():
                continue
            if _MERIDIEM.search(value) or _PADDED_HOUR.match(value.strip()):
                return False  # "2 pm" says which half; "01:30" is a 24-hour clock
            value = hour_range(value) or value
            try:
                start, end = read_span(value, self.first_day)
            except InvalidRecord:
                continue
            hours += [m.clock.hour for m in (start, end) if m and m.clock]
        return bool(hours) and max(hours) <= 12 and min(hours) <= 6 and any(hour >= 8 for hour in hours)

    def clock(self, moment: Moment) -> time | None:
        """Return a moment's time of day, afternoon hours moved past noon in a 12-hour table without am/pm."""
        clock = moment.clock
        if clock is not None and self.afternoon and 1 <= clock.hour <= 6:
            return clock.replace(hour=clock.hour + 12)
        return clock


def _with_colon(row: Sequence[Any], index: int) -> Sequence[Any]:
    """Return the row with its cell at index written as a clock with a colon, when it is one without."""
    found = colon_clock(cell(row, index))
    if found is None:
        return row
    row = list(row)
    row[index] = found
    return row
