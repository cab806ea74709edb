"""Rows of a program table read as sessions: times in UTC from start, end and duration cells in the row's
zone, the row's day, and the session a row starts or adds its people and talks to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from .cells import Moment, cell, clean_clock, read_span, spreadsheet_clock
from .collector import InvalidRecord, file_error
from .columns import unit
from .layout import Table
from .people import parse_people
from .records import SessionRecord, SpeakerRecord, TalkRecord
from .times import parse_duration, split_range, to_utc
from .zones import read_zone, zone_name

_LONGEST_OVERNIGHT = timedelta(hours=12)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_BRACKETED = re.compile(r"\[([^\[\]]+)\]\s*$")


@dataclass
class Group:
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


class RowReader:
    """Turns rows into sessions by the table's columns."""

    def __init__(self, table: Table) -> None:
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

    def _day(self, row: Sequence[Any], start: Moment) -> date:
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
        start, end = span or read_span(start_value, first_day)
        end_text = split_range(clean_clock(start_text))[1] if end is not None else ""
        if start.clock is None:
            raise InvalidRecord(f"start {start_text!r} has no time of day")
        end_index = self.columns.index.get("end")
        if end is None and (end_text := cell(row, end_index)):
            end, _ = read_span(row[end_index], first_day)
        end = self._end_day(row, end)
        # an ISO time with its UTC offset ("2027-05-15T09:00:00-04:00", "...Z") is a moment already
        zone = start.clock.tzinfo or self._zone(row, start.zone or (end.zone if end else None))
        day = self._day(row, start)
        starts_at = to_utc(datetime.combine(day, self.table.clock(start)), zone)
        if end is not None and end.clock is not None:
            return starts_at, self._end(day, starts_at, zone, end, f"end {end_text} is before start {start_text}")
        if duration := cell(row, index := self.columns.index.get("duration")):
            return starts_at, starts_at + _length(row[index], duration, self.columns.header[index])
        self.point_rows += 1
        return starts_at, starts_at  # a point in time: "2 pm Departure", "2:30 PM EDT"

    def _end_day(self, row: Sequence[Any], end: Moment | None) -> Moment | None:
        """Return the end dated by the row's end date column ("End Date" beside "End Time": a session past midnight,
        an exhibit over days); an end date with its time is the end itself when no end time is given."""
        index = self.columns.index.get("end_date")
        if index is None or not cell(row, index):
            return end
        try:
            found, _ = read_span(row[index], self.table.first_day)
        except InvalidRecord:
            found = Moment(self.table.date_cell(row, "end_date"), None)  # "2" in a column of day numbers
        if end is None:
            return found if found.clock not in (None, time(0)) else None  # Excel's date cell is midnight
        if end.day is None:
            end.day = found.day
        return end

    def _end(self, day: date, starts_at: datetime, zone: tzinfo, end: Moment, before: str) -> datetime:
        """Return the end in UTC; a time-only end before the start on the clock ends in the evening in a 12-hour
        table without am/pm ("6:30-8:00" after lunch), else overnight.

        :raise InvalidRecord: with the message before, for an end before the start.
        """
        clock = self.table.clock(end)
        ends_at = to_utc(datetime.combine(end.day or day, clock), zone)
        if end.day is None and ends_at < starts_at and self.table.afternoon and clock.hour < 12:
            evening = to_utc(datetime.combine(day, clock.replace(hour=clock.hour + 12)), zone)
            if evening >= starts_at:
                return evening
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

    def session(self, row: Sequence[Any], ref: str, title: str, starts_at, ends_at, room: str | None = None) -> Group:
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
        return Group(record)


def _length(value: Any, text: str, header: str) -> timedelta:
    """Return a duration cell's length: a number in the unit its header states ("Dauer (h)": "1,5"), an Excel
    time (whose 0.75 is 18 hours, so never read as one under a header stating a unit), or a written length."""
    stated = unit(header)
    if stated and _NUMBER.match(text):
        return timedelta(**{stated: float(text.replace(",", "."))})
    clock = None if stated else spreadsheet_clock(value)
    return timedelta(hours=clock.hour, minutes=clock.minute) if clock else parse_duration(text)
