"""Programs as tables (CSV, TSV, Excel): find the header, read every row by its columns' meaning, group talks.

Rows are numbered as a spreadsheet shows them. The header is the first row that names at least two
fields (title rows above it may state the date and zone); columns no header names are read from their
content. Rows that hold no time are headings ("Aug 6, day 1, Mon: ..." sets the day), zone notes, or
the talks of the session above them. Talk-level programs (one row per presentation, repeating the
session's code and time) become one session each, with its talks kept in order. A time-only end at or
before the start ends the next day ("11 PM - 12:30 AM") unless the session would last over 12 hours.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import partial
from typing import Any

from .collector import MAX_DAYS, Collector, InvalidRecord, file_error
from .columns import MAPPABLE, Columns, from_header, meaning, normal
from .days import as_date, day_number, leading_day, numbered_day, read_day
from .people import display_name, parse_people, role_of
from .records import (
    ImportOptions, ParsedSchedule, Reading, ScheduleFormatError, SessionRecord, SpeakerRecord, TalkRecord,
    UncertainReading,
)  # fmt: skip
from .text import plain_text, with_filename
from .times import date_and_time, parse_duration, parse_moment, split_range, to_utc
from .zones import read_zone, split_zone, zone_name

_EMPTY = frozenset({"", "NA", "N/A"})
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIALS = (32874, 73051)  #: the serials of 1990-01-01 and 2100-01-01: the program dates there can be
_REQUIRED = ("title", "start")
_HEADER_ROWS = 40  #: how far down a header may sit below title rows
_SAMPLE = 200  #: rows read to infer columns from content
_LONGEST_OVERNIGHT = timedelta(hours=12)
_NAMED = re.compile(r"\b(noon|midday|midnight)\b", re.I)
_LOOSE_ENDS = re.compile(r"[\s+–—-]+$")  # "20:00+", "09:00–11:00—"
_BRACKETED = re.compile(r"\[([^\[\]]+)\]\s*$")
_PADDED_HOUR = re.compile(r"^0\d[:.]")
_MERIDIEM = re.compile(r"\d\s*[ap]\.?\s*m\b", re.I)
_TITLE_WORDS = 3  #: words from which a cell reads as a title, not a code
_MANY_MISFITS = 5  #: rows that fit no session, from which a table that has fewer sessions is misread
_LONGEST_GAP = 7  #: days: a program with a week between two of its days is misread
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def cell(row: Sequence[Any], index: int | None) -> str:
    """Return a cell as text; missing, blank and "NA" cells are all empty."""
    if index is None or index >= len(row):
        return ""
    value = row[index]
    if value.__class__ is str:
        text = value.strip()
    elif value is None:
        return ""
    else:
        text = str(int(value) if isinstance(value, float) and value.is_integer() else value)  # Excel's 101.0 is 101
    return "" if len(text) <= 3 and text.upper() in _EMPTY else text


def _spreadsheet_clock(value: Any) -> time | None:
    """Return the time of an Excel time cell (time, a 1899 datetime, or a day fraction), rounded to the second."""
    if isinstance(value, datetime) and value.year <= 1900:
        value = value.time()
    if isinstance(value, time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + round(value.microsecond / 1e6)
    elif isinstance(value, float) and 0 <= value < 1:
        seconds = round(value * 86400)
    else:
        return None
    seconds = min(seconds, 86399)
    return time(seconds // 3600, seconds // 60 % 60, seconds % 60)


def _serial_day(value: Any) -> date | None:
    """Return the day an Excel date serial names (45795 is 2025-05-18) in a date column whose format was lost."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return None


def _wordy(values: list[str]) -> bool:
    """Whether a column holds words rather than codes: most filled cells are three words or more."""
    filled = [value for value in values if value]
    return bool(filled) and sum(len(value.split()) >= _TITLE_WORDS for value in filled) > len(filled) / 2


def _year(text: str) -> int:
    """Return the year a date writes in two digits ("27" is 2027, "95" 1995, as strptime reads them) or four."""
    year = int(text)
    return year + (2000 if year < 69 else 1900) if len(text) == 2 else year


def _compact(days: list[date]) -> bool:
    """Whether sorted days run as a conference's do: within MAX_DAYS, and no gap of a week or more."""
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:])]
    return (days[-1] - days[0]).days < MAX_DAYS and max(gaps, default=0) < _LONGEST_GAP


def counted_days(days: list[date]) -> str:
    """Return the days a reading gives: "2027-05-06 to 2027-05-07"."""
    return f"{days[0]} to {days[-1]}" if days[0] != days[-1] else f"{days[0]}"


def _clean(text: str) -> str:
    """Return a time cell with "noon" as a clock and stray trailing dashes or "+" dropped."""
    return _LOOSE_ENDS.sub("", _NAMED.sub(lambda m: "12:00 am" if m[1].lower() == "midnight" else "12:00 pm", text))


@dataclass
class _Moment:
    """A start or end as a cell gives it: a date, a time of day, or both, and a zone it states."""

    day: date | None
    clock: time | None
    zone: tzinfo | None = None


def _moment(text: str, first_day: date | None) -> _Moment:
    """Read one end of a time cell: "08:00", "2027-05-15 08:00", "Mon, Jul 28 08:00", "2:30 PM EDT".

    :raise InvalidRecord: when it is none of these.
    """
    text, zone = split_zone(text)
    try:
        day, clock = parse_moment(text)
        return _Moment(day, clock, zone)
    except InvalidRecord:
        pass
    if (parts := date_and_time(text)) and (day := read_day(parts[0], first_day)):
        return _Moment(day, parts[1], zone)
    if day := read_day(text, first_day):
        return _Moment(day, None, zone)
    raise InvalidRecord(f"cannot read {text!r} as a date or time")


def _span(value: Any, first_day: date | None) -> tuple[_Moment, _Moment | None]:
    """Read a start cell, which may hold a range ("9:00 AM – 10:30 AM", "Mon, Jul 28 08:00–17:30").

    :raise InvalidRecord: when it reads as no time.
    """
    if (clock := _spreadsheet_clock(value)) is not None:
        return _Moment(None, clock), None
    if isinstance(value, datetime):
        return _Moment(value.date(), value.time()), None
    if isinstance(value, date):
        return _Moment(value, None), None
    text, zone = split_zone(_clean(str(value).strip()))
    if parts := split_range(text):
        start, end = _moment(parts[0], first_day), _moment(parts[1], first_day)
        start.zone = end.zone = start.zone or end.zone or zone
        return start, end
    start = _moment(text, first_day)
    start.zone = start.zone or zone
    return start, None


def _glued(text: str, first_day: date | None) -> tuple[_Moment, _Moment, str] | None:
    """Read "10:15-10:30 Break": a range with the item's name after it, written in one cell."""
    words = text.split()
    for count in range(min(len(words) - 1, 6), 0, -1):
        head = " ".join(words[:count])
        if not any(ch.isdigit() for ch in head) or not split_range(_clean(head)):
            continue
        try:
            start, end = _span(head, first_day)
        except InvalidRecord:
            continue
        if end is not None and start.clock is not None and end.clock is not None:
            return start, end, " ".join(words[count:])
    return None


def _time_span(value: Any, first_day: date | None) -> tuple[_Moment, _Moment | None] | None:
    """Return the start and end a cell reads as, if it names a time of day; else None."""
    if value is None or value == "":
        return None
    try:
        span = _span(value, first_day)
    except InvalidRecord:
        glued = _glued(value, first_day) if isinstance(value, str) else None
        span = glued[:2] if glued else None  # "09:00–10:00 — Morning Plenary Lecture": a slot's label
    return span if span and span[0].clock is not None else None


def _is_time(value: Any, first_day: date | None) -> bool:
    """Whether a cell reads as a time of day or a range of them."""
    return _time_span(value, first_day) is not None


def _is_date(value: Any, first_day: date | None) -> bool:
    """Whether a cell reads as a date only."""
    if as_date(value):
        return True
    try:
        return isinstance(value, str) and leading_day(value.strip(), first_day) is not None
    except InvalidRecord:
        return False


def find_header(rows: Sequence[Sequence[Any]], mapping: dict[str, str] | None = None) -> int:
    """Return the index of the first row that names two fields or more (by synonym or by the mapping),
    else of the first non-empty row."""
    mapped = {normal(header): name for name, header in (mapping or {}).items()}
    first = None
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        names = {
            mapped.get(normal(value)) or (meaning(value) or ("",))[0] for value in row if isinstance(value, str)
        } - {""}
        if first is None and any(cell(row, i) for i in range(len(row))):
            first = index
        if len(names) >= 2 and names & {"title", "start", "date"}:
            return index
    return 0 if first is None else first


def row_people(columns: Columns, row: Sequence[Any]) -> tuple[SpeakerRecord, ...]:
    """Return everyone a row names: people columns (with their roles) and first/last name columns."""
    index = columns.index
    role_text = cell(row, index.get("role"))
    role = role_of(role_text) if role_text else "presenter"
    found: list[SpeakerRecord] = []
    name = " ".join(f"{cell(row, index.get('first_name'))} {cell(row, index.get('last_name'))}".split())
    if name and (person := display_name(name, role)):
        affiliation = cell(row, index.get("affiliation"))
        found.append(SpeakerRecord(person.name, person.credentials, affiliation or person.affiliation, role))
    for column, column_role in columns.people:
        if text := cell(row, column):
            found.extend(parse_people(text, role if column_role == "presenter" else column_role))
    return tuple(found)


def pair_names(columns: Columns) -> None:
    """A first-name column pairs with the one name column beside it ("FirstName" + "FullName" = a person)."""
    if "first_name" in columns.index and "last_name" not in columns.index and columns.people:
        index, _ = columns.people.pop(0)
        columns.index["last_name"] = index


def read_talks(rows: list[Sequence[Any]], options: ImportOptions) -> list[TalkRecord]:
    """Read a list of talks without times (one sheet per session): each row's title, code and people."""
    at = find_header(rows)
    columns = from_header(list(rows[at]), options.mapping)
    pair_names(columns)
    talks = []
    for row in rows[at + 1 :]:
        title = _title(cell(row, columns.index.get("title")))
        if title:
            code = cell(row, columns.index.get("code"))
            talks.append(TalkRecord(title, code=code, speakers=row_people(columns, row)))
    return talks


class _Table:
    """One table's columns and what the rows above and within it state (day, zone, 12-hour clock)."""

    def __init__(self, rows: list[Sequence[Any]], options: ImportOptions, collector: Collector) -> None:
        self.options = options
        self.collector = collector
        self.first_day = options.first_day
        at = find_header(rows, options.mapping) if rows else 0
        self.header_row = at
        self.columns = from_header(list(rows[at]) if rows else [], options.mapping)
        self._check_mapping()
        self.body = list(enumerate(rows[at + 1 :], start=at + 2))  #: (row number, row)
        self.day: date | None = None  #: from a title row above the header or a heading row
        self.day_numbers: bool | None = None  #: whether the date column's bare numbers count days from 1
        self.day_first: bool | None = None  #: whether the date column's "05/06/2027" dates are day first
        self.left_out: list[str] = []  #: rows that fit no session
        self.zone: tzinfo | None = None  #: stated above the header or in a zone note
        self._read_title_rows(rows[:at])
        self._read_header_day()
        self.grid = self._room_grid()
        self._infer([row for _, row in self.body[:_SAMPLE]])
        self._timed_rows_above(rows[:at])
        pair_names(self.columns)
        missing = [name for name in _REQUIRED if name not in self.columns.index]
        if missing:
            raise self.unmappable(missing)
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
        for name, header in self.options.mapping.items():
            if name not in MAPPABLE:
                known = ", ".join(MAPPABLE)
                raise file_error(self.options, f"unknown field {name!r} in the column mapping; fields are {known}")
            if normal(header) not in {normal(h) for h in self.columns.header}:
                raise self.unmappable([f"{name} (mapped to {header!r})"])

    def _read_title_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Take the date and zone that title rows above the header state ("Time Zone: AKDT", a date cell)."""
        for row in rows:
            texts = [cell(row, i) for i in range(len(row))]
            filled = [text for text in texts if text]
            if len(filled) == 1 and (day := _heading_day(filled[0], self.first_day)):
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
        timed = [(n, row) for n, row in above if isinstance(row[start], str) and _is_time(row[start], self.first_day)]
        self.body[:0] = timed

    def repeats_header(self, row: Sequence[Any]) -> bool:
        """Whether a row repeats the header (a grid's room names again for the next day); takes its room names."""
        names = [meaning(value) if isinstance(value, str) else None for value in row]
        if sum(1 for name in names if name) < 2 or not any(name and name[0] == "start" for name in names):
            return False
        for index in self.grid:
            if index < len(row) and (name := cell(row, index)):
                self.grid[index] = " ".join(name.split())
        return True

    def entries(self, row: Sequence[Any], title: str) -> list[tuple[str, str | None]]:
        """Return (title, room) of each session a row holds: one, or one per filled room column of a grid.

        A grid row that fills only its first room column spans the rooms (a merged plenary cell).
        """
        if not self.grid:
            return [(title, None)]
        filled = [index for index in self.grid if cell(row, index)]
        if filled == [next(iter(self.grid))]:
            return [(title, "")]
        return [(_title(cell(row, index)), self.grid[index]) for index in filled]

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

        for name, test in (("start", _is_time), ("end", _is_time), ("date", _is_date)):
            if name in columns.index:
                continue
            candidates = [i for i in free if share(i, test) >= 0.6]
            if name == "end":
                candidates = [i for i in candidates if i > columns.index.get("start", width)]
            if candidates:
                columns.index[name] = candidates[0]
                columns.inferred.add(name)
                free.remove(candidates[0])
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
            filled = [v for v in values if v and not _is_time(v, self.first_day)]
            return sum(map(len, filled)) / len(values) if values else 0.0

        best = max(candidates, key=length, default=None)
        if best is None or length(best) == 0:
            return
        columns.index = {name: index for name, index in columns.index.items() if index != best}
        columns.abstracts = [index for index in columns.abstracts if index != best]
        columns.index["title"] = best
        columns.inferred.add("title") if not columns.header[best].strip() else None

    def date_cell(self, row: Sequence[Any]) -> date | None:
        """Return the date in a row's date column, None when it has none.

        :raise InvalidRecord: for a date cell that reads as no date.
        """
        index = self.columns.index.get("date")
        if index is None or not (text := cell(row, index)):
            return None
        day = as_date(row[index]) or _serial_day(row[index]) or self.numbered(text) or self.slashed(text)
        day = day or read_day(text, self.first_day) or leading_day(text, self.first_day)
        if day is None:
            raise InvalidRecord(f"cannot read {text!r} as a date or time")
        return day

    def slashed(self, text: str) -> date | None:
        """Return the day of a "05/06/2027" date in the date column, None for any other text.

        The column decides once which comes first: a part above 12 says so; else the order whose dates run as
        a conference's do (no week without sessions), else the one that holds the first day, else the one within
        the conference's days; else the user chooses.
        :raise UncertainReading: when both orders give a plausible program.
        """
        match = _SLASHED.match(text)
        if match is None:
            return None
        if self.day_first is None:
            index = self.columns.index["date"]
            found = [m for _, row in self.body if (m := _SLASHED.match(cell(row, index)))]
            self.day_first = self._day_first([(int(m[1]), int(m[2]), _year(m[3])) for m in found])
        first, second, year = int(match[1]), int(match[2]), _year(match[3])
        day, month = (first, second) if self.day_first else (second, first)
        try:
            return date(year, month, day)
        except ValueError:
            raise InvalidRecord(f"{text!r} is not a date") from None

    def _day_first(self, dates: list[tuple[int, int, int]]) -> bool:
        """Return whether the column's slashed dates are day first (see `slashed`)."""
        if any(first > 12 for first, _, _ in dates):
            return True
        if any(second > 12 for _, second, _ in dates):
            return False
        readings = {}
        for day_first in (False, True):
            try:
                readings[day_first] = sorted({date(y, *((b, a) if day_first else (a, b))) for a, b, y in dates})
            except ValueError:
                continue
        plausible = [order for order, days in readings.items() if _compact(days)]
        if len(plausible) == 1:
            return plausible[0]
        if self.first_day is not None:
            last = self.options.last_day or self.first_day + timedelta(days=MAX_DAYS - 1)
            first = self.first_day
            for fits in (lambda days: first in days, lambda days: first <= days[0] <= days[-1] <= last):
                holding = [order for order in plausible if fits(readings[order])]
                if len(holding) == 1:
                    return holding[0]
        if len(plausible) == 2 and readings[False] != readings[True]:
            choices = [Reading(f"dates {label}", {"first_day": readings[order][0]})
                       for order, label in ((False, "month first"), (True, "day first"))]  # fmt: skip
            example = next(f"{a:02d}/{b:02d}" for a, b, _ in dates if a != b)
            message = (
                f"dates like {example} read as month/day ({counted_days(readings[False])}) or day/month "
                f"({counted_days(readings[True])}): give the first day, {choices[0].option()} or {choices[1].option()}"
            )
            raise UncertainReading(with_filename(self.options.filename, message), choices)
        return False  # one date read either way is the same day

    def numbered(self, text: str) -> date | None:
        """Return the day a bare number in the date column names, None for any other text.

        The column's first number decides once what they are: 1 numbers the program's days, the first day's
        day of the month makes them days of its month ("30, 31, 1"); anything else is refused
        rather than guessed. :raise ScheduleFormatError: for numbers that are neither, or without a first day.
        """
        number = day_number(text)
        if number is None:
            return None
        if self.day_numbers is None:
            index = self.columns.index["date"]
            found = [n for _, row in self.body if (n := day_number(cell(row, index))) is not None]
            first = self.first_day
            header = self.columns.header[index].strip() or f"column {index + 1}"
            if first is None:
                shown = ", ".join(map(str, sorted(set(found))[:4]))
                hint = "give the conference's first day with --first-day YYYY-MM-DD"
                raise file_error(self.options, f"the {header!r} column numbers the days ({shown}): {hint}")
            if found[0] not in (1, first.day):
                raise file_error(
                    self.options,
                    f"the {header!r} column's numbers start at {found[0]}, neither days counted "
                    f"from 1 nor days of the month from {first:%B} {first.day}: give the right --first-day or map "
                    "a date column (--map date=Header)",
                )
            self.day_numbers = found[0] == 1
        if self.day_numbers:
            return numbered_day(text, number, self.first_day)
        month_start = self.first_day.replace(day=1)
        if number < self.first_day.day:  # "30, 31, 1": the program runs into the next month
            month_start = (month_start + timedelta(days=32)).replace(day=1)
        try:
            return month_start.replace(day=number)
        except ValueError:
            raise InvalidRecord(f"{text!r} is not a day of {month_start:%B %Y}") from None

    def _twelve_hour_without_meridiem(self, sample: list[Sequence[Any]]) -> bool:
        """Whether start times are written 12-hour with no am/pm ("1:00-2:00" after "11:00-12:00" is afternoon)."""
        hours = []
        for row in sample:
            value = row[self.columns.index["start"]] if self.columns.index["start"] < len(row) else None
            if not isinstance(value, str) or not value.strip():
                continue
            if _MERIDIEM.search(value) or _PADDED_HOUR.match(value.strip()):
                return False  # "2 pm" says which half; "01:30" is a 24-hour clock
            try:
                start, end = _span(value, self.first_day)
            except InvalidRecord:
                continue
            hours += [m.clock.hour for m in (start, end) if m and m.clock]
        return bool(hours) and max(hours) <= 12 and min(hours) <= 6 and any(hour >= 8 for hour in hours)

    def clock(self, moment: _Moment) -> time | None:
        """Return a moment's time of day, afternoon hours moved past noon in a 12-hour table without am/pm."""
        clock = moment.clock
        if clock is not None and self.afternoon and 1 <= clock.hour <= 6:
            return clock.replace(hour=clock.hour + 12)
        return clock


@dataclass
class _Group:
    """A session being assembled from one row, or from all rows of a talk-level program that share its code."""

    record: SessionRecord
    talks: list[TalkRecord] = field(default_factory=list)
    people: dict[SpeakerRecord, None] = field(default_factory=dict)  #: in program order, each once

    def add_people(self, people: Iterable[SpeakerRecord]) -> None:
        """Add people once each, in program order."""
        self.people.update(dict.fromkeys(people))

    def session(self) -> SessionRecord:
        """Return the finished session, spanning its talks."""
        record = self.record
        timed = [talk for talk in self.talks if talk.starts_at]
        if timed:
            record.starts_at = min(record.starts_at, *(talk.starts_at for talk in timed))
            record.ends_at = max(record.ends_at, *(talk.ends_at or talk.starts_at for talk in timed))
        record.speakers = tuple(self.people)
        record.talks = tuple(self.talks)
        return record


class _RowReader:
    """Turns rows into sessions by the table's columns."""

    def __init__(self, table: _Table) -> None:
        self.table = table
        self.columns = table.columns
        self.zones: set[str] = set()
        self.point_rows = 0
        self.talk_level = bool(self.columns.talk)
        self.has_people = bool(self.columns.people) or "first_name" in self.columns.index

    def _zone(self, row: Sequence[Any], stated: tzinfo | None) -> tzinfo:
        """Return the zone of a row: its zone column, a zone written with the time, the file's, or the given one."""
        table = self.table
        named = cell(row, self.columns.index.get("timezone"))
        zone = (read_zone(named) if named else None) or stated or table.zone
        if named and zone is None:
            raise InvalidRecord(f"unknown time zone {named!r}")
        if zone is not None:
            self.zones.add(zone_name(zone))
            return zone
        if table.options.timezone is None:
            raise file_error(
                table.options, "times in this file carry no zone: a --timezone is needed (e.g. America/New_York)"
            )
        return table.options.timezone

    def _day(self, row: Sequence[Any], start: _Moment) -> date:
        """Return the row's date: in its start cell, its date column, the heading above it, or the first day."""
        if start.day is not None:
            return start.day
        index = self.columns.index.get("date")
        if (day := self.table.date_cell(row)) is not None:
            self.table.day = day  # a blank date cell below (merged, or left blank) is the same day
            return day
        if self.table.day is not None:
            return self.table.day
        if self.table.first_day is not None:
            return self.table.first_day
        if index is not None:
            raise InvalidRecord("no date")
        hint = "Give the conference's first day (--first-day YYYY-MM-DD) or name the date column (--map date=Header)"
        raise self.table.unmappable(["date"], hint)

    def times(self, row: Sequence[Any], start_value: Any, span=None) -> tuple[datetime, datetime]:
        """Return start and end in UTC from the start cell (maybe a range, read already as span), end and duration."""
        first_day = self.table.first_day
        start_text = cell([start_value], 0)
        start, end = span or _span(start_value, first_day)
        end_text = split_range(_clean(start_text))[1] if end is not None else ""
        if start.clock is None:
            raise InvalidRecord(f"start {start_text!r} has no time of day")
        end_index = self.columns.index.get("end")
        if end is None and (end_text := cell(row, end_index)):
            end, _ = _span(row[end_index], first_day)
        zone = self._zone(row, start.zone or (end.zone if end else None))
        day = self._day(row, start)
        starts_at = to_utc(datetime.combine(day, self.table.clock(start)), zone)
        if end is not None and end.clock is not None:
            return starts_at, self._end(day, starts_at, zone, end, f"end {end_text} is before start {start_text}")
        if duration := cell(row, self.columns.index.get("duration")):
            clock = _spreadsheet_clock(row[self.columns.index["duration"]])
            length = timedelta(hours=clock.hour, minutes=clock.minute) if clock else parse_duration(duration)
            return starts_at, starts_at + length
        self.point_rows += 1
        return starts_at, starts_at  # a point in time: "2 pm Departure", "2:30 PM EDT"

    def _end(self, day: date, starts_at: datetime, zone: tzinfo, end: _Moment, before: str) -> datetime:
        """Return the end in UTC; a time-only end before the start on the clock ends overnight.

        :raise InvalidRecord: with the message before, for an end before the start.
        """
        clock = self.table.clock(end)
        ends_at = to_utc(datetime.combine(end.day or day, clock), zone)
        if end.day is None and ends_at < starts_at:
            overnight = to_utc(datetime.combine(day + timedelta(days=1), clock), zone)
            if overnight - starts_at <= _LONGEST_OVERNIGHT:
                return overnight
        if ends_at < starts_at:
            raise InvalidRecord(before)
        return ends_at

    def bracketed(self, title: str) -> tuple[SpeakerRecord, ...]:
        """Return the people a title names in brackets at its end ("Field sampling [Klein, Montes]").

        Only in tables without people columns, where such a title is the one place that names them.
        """
        if self.has_people or not (match := _BRACKETED.search(title)):
            return ()
        return parse_people(match[1])

    def session(self, row: Sequence[Any], ref: str, title: str, starts_at, ends_at, room: str | None = None) -> _Group:
        """Return the group a timed row starts; room is a grid column's, when the row is a grid's."""
        index = self.columns.index
        code = cell(row, index.get("code"))
        record = SessionRecord(
            external_id=code,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            code=code,
            abstract="\n\n".join(text for i in self.columns.abstracts if (text := cell(row, i))),
            kind=cell(row, index.get("kind")),
            track=cell(row, index.get("track")),
            room=cell(row, index.get("room")) if room is None else room,
            source_ref=ref,
        )
        return _Group(record)


def _title(text: str) -> str:
    """Return a title on one line, without the HTML some exports leave in ("<i>AI</i>", a stray "</b>")."""
    if "<" in text or "&" in text:
        text = plain_text(text)
    return " ".join(text.split())


def read_table(rows: list[Sequence[Any]], options: ImportOptions) -> ParsedSchedule:
    """Parse a program table; wall-clock times are in the zone a row or the file states, else options.timezone.

    A table whose header repeats its time column ("Monday Timings", "Monday, July 28", "Monday Room", then
    the same for Tuesday) is several tables side by side, one per day: each is read on its own.
    :raise ScheduleFormatError: for a table without usable header, without a zone, or with a bad row.
    """
    groups = _column_groups(rows, options)
    if len(groups) < 2:
        return _read_one_table(rows, options)
    parts = [_read_one_table([row[start:end] for row in rows], options) for start, end in groups]
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
    widths = [end - start for start, end in zip(bounds, bounds[1:])]
    if min(widths) < 3 or max(widths) - min(widths) > 1:
        return []  # "Time" beside "Start Time" is one table, not a day per column group
    return list(zip(bounds, bounds[1:]))


def _read_one_table(rows: list[Sequence[Any]], options: ImportOptions) -> ParsedSchedule:
    """Parse one table of sessions (see `read_table`)."""
    collector = Collector(options)
    table = _Table(rows, options, collector)
    reader = _RowReader(table)
    groups: dict[Any, _Group] = {}
    last: _Group | None = None
    start_index = table.columns.index["start"]
    for number, row in table.body:
        if not any(row):  # blank and spacer rows (a cell of spaces is caught below, as untimed and empty)
            continue
        ref = f"row {number}"
        with collector.record(ref, partial(_identify, table, row)):
            start_value = row[start_index] if cell(row, start_index) else None
            title = _title(cell(row, table.columns.index["title"]))
            talk_title = _title(cell(row, table.columns.talk.get("title")))
            span = _time_span(start_value, table.first_day)
            if span is None:
                filled = [i for i in range(len(row)) if cell(row, i)]
                if filled:
                    last = _untimed(row, filled, ref, title or talk_title, start_value, table, reader, groups, last)
                continue
            entries = table.entries(row, title)
            if not any(title for title, _ in entries):
                raise InvalidRecord("no title")
            starts_at, ends_at = reader.times(row, start_value, span)
            for title, room in entries:
                code = cell(row, table.columns.index.get("code"))
                key = (code or (title, starts_at)) if reader.talk_level else (ref, room)
                group = groups.get(key)
                if group is None:
                    group = groups[key] = reader.session(row, ref, title, starts_at, ends_at, room)
                people = row_people(reader.columns, row) or reader.bracketed(title)
                group.add_people(people)
                if talk_title:
                    talk_code = cell(row, table.columns.talk.get("code"))
                    group.talks.append(TalkRecord(talk_title, starts_at, ends_at, talk_code, people))
                last = group
    _check_fit(table, len(groups))
    if unread := table.columns.unread():
        collector.warn("", f"columns not imported: {', '.join(unread)}")
    if reader.point_rows:
        collector.warn("", f"{reader.point_rows} rows give a start but no end; they are kept as starting times")
    for group in groups.values():
        session = group.session()
        with collector.record(session.source_ref, lambda: (session.external_id, session.title)):
            collector.add(session)
    stated = next(iter(reader.zones)) if len(reader.zones) == 1 else None
    parsed = collector.result(timezone=stated or None)
    parsed.columns = table.columns.described()
    return parsed


def _check_fit(table: _Table, sessions: int) -> None:
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


def _identify(table: _Table, row: Sequence[Any]) -> tuple[str, str]:
    """Return the (code, title) of a row, read alone so that a row broken elsewhere keeps its session."""
    index = table.columns.index
    return cell(row, index.get("code")), _title(cell(row, index["title"]))


def _heading_day(text: str, first_day: date | None) -> date | None:
    """Return the day a heading names, None for any other text (or a day that needs a first day not given)."""
    try:
        return leading_day(text, first_day) if len(text) <= 40 else None
    except InvalidRecord:
        return None


def _untimed(row, filled, ref, title, start_value, table: _Table, reader: _RowReader, groups, last):
    """Read a row without a time: a glued "10:15-10:30 Break", a day heading, a zone note, or a talk.

    Returns the group later untimed rows belong to.
    """
    texts = [cell(row, i) for i in filled]
    if table.repeats_header(row):
        return None
    try:
        day = table.date_cell(row)
    except InvalidRecord:
        day = None
    if day is not None:
        table.day = day  # a day's block that writes its date on a row of its own ("Monday, May 17 | Plenary day")
        index = table.columns.index
        if not set(filled) - {index["date"], index["title"]}:
            return None
    if len(filled) == 1 and isinstance(row[filled[0]], str):
        text = texts[0]
        if glued := _glued(text, table.first_day):
            start, end, label = glued
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
    if title and last is not None and not any(_is_time(row[i], table.first_day) for i in filled):
        people = row_people(reader.columns, row)
        last.talks.append(TalkRecord(title, code=cell(row, table.columns.talk.get("code")), speakers=people))
        last.add_people(people)
        return last
    if start_value is not None and title:
        raise InvalidRecord(f"cannot read {cell([start_value], 0)!r} as a time")
    if title:
        raise InvalidRecord("no start time")
    table.collector.warn(ref, f"not a session, left out: {' | '.join(texts)[:80]}")
    table.left_out.append(ref)
    return last
