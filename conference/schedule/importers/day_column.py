"""A table's date column: whether its bare numbers count days or name days of the month, and whether its
"05/06/2027" dates are day or month first, decided once from the whole column."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .collector import MAX_DAYS, InvalidRecord, file_error
from .days import day_number, numbered_day
from .records import ImportOptions, Reading, UncertainReading
from .text import with_filename

_LONGEST_GAP = 7  #: days: a program with a week between two of its days is misread
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def _year(text: str) -> int:
    """Return the year a date writes in two digits ("27" is 2027, "95" 1995, as strptime reads them) or four."""
    year = int(text)
    return year + (2000 if year < 69 else 1900) if len(text) == 2 else year


def _compact(days: list[date]) -> bool:
    """Whether sorted days run as a conference's do: within MAX_DAYS, and no gap of a week or more."""
    gaps = [(later - earlier).days for earlier, later in zip(days, days[1:], strict=False)]
    return (days[-1] - days[0]).days < MAX_DAYS and max(gaps, default=0) < _LONGEST_GAP


def counted_days(days: list[date]) -> str:
    """Return the days a reading gives: "2027-05-06 to 2027-05-07"."""
    return f"{days[0]} to {days[-1]}" if days[0] != days[-1] else f"{days[0]}"


class DayColumn:
    """How one date column writes its days; each reading is settled by the column's first cell that needs it."""

    def __init__(self, header: str, texts: list[str], options: ImportOptions) -> None:
        self.header = header  #: as messages name it
        self.texts = texts  #: the column's cells, row by row
        self.options = options
        self.first_day = options.first_day
        self.day_numbers: bool | None = None  #: whether bare numbers count days from 1
        self.day_first: bool | None = None  #: whether "05/06/2027" dates are day first

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
            found = [m for text in self.texts if (m := _SLASHED.match(text))]
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
            choices = [
                Reading(f"dates {label}", {"first_day": readings[order][0]})
                for order, label in ((False, "month first"), (True, "day first"))
            ]
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
            found = [n for text in self.texts if (n := day_number(text)) is not None]
            first, header = self.first_day, self.header
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
