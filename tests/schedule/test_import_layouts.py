"""Layouts and clocks programs are written in: merged Excel cells, "0900" clocks, Italian and other range words,
grids with rooms as rows, and an end date column beside the start date."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from conference.schedule.importers import ImportOptions, ScheduleFormatError, parse

ROME = ZoneInfo("Europe/Rome")
FIRST_DAY = date(2027, 5, 15)


def _read(data: str | bytes, filename: str = "program.csv", **options):
    """Parse a file in Rome's zone, the conference starting on FIRST_DAY unless given otherwise."""
    options.setdefault("timezone", ROME)
    options.setdefault("first_day", FIRST_DAY)
    return parse(data.encode() if isinstance(data, str) else data, None, ImportOptions(filename=filename, **options))


def _sessions(parsed) -> list[tuple[str, str, str, str]]:
    """(title, start, end, room) of each session as Rome's clocks show them."""
    return [
        (s.title, f"{s.starts_at.astimezone(ROME):%m-%d %H:%M}", f"{s.ends_at.astimezone(ROME):%m-%d %H:%M}", s.room)
        for s in parsed.sessions
    ]


def _workbook(rows: list[list], merged: tuple[str, ...] = ()) -> bytes:
    """An .xlsx file of one sheet holding rows, with the given ranges merged."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Program"
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_merged_date_room_and_shared_time_cells_carry_to_every_row_they_cover():
    data = _workbook(
        [
            ["Date", "Time", "Room", "Title", "Speaker"],
            [datetime(2027, 5, 15), "09:00-10:00", "Hall A", "Opening", "Ann Lee"],
            [None, "10:30-11:30", None, "Keynote", "Bo Chen"],
            [None, "10:30-11:30", "Hall B", "Workshop", "Cy Diaz"],
            [datetime(2027, 5, 16), "09:00-10:00", "Hall A", "Day two", "Di Ek"],
            [None, None, "Hall B", "Parallel", "Ed Fo"],
            [None, "11:00-12:00", "Hall A", "Symposium", "Fa Go"],
            [None, None, None, None, "Gi Ha"],
        ],
        ("A2:A4", "C2:C3", "A5:A8", "B5:B6", "B7:B8", "C7:C8", "D7:D8"),
    )
    parsed = _read(data, "program.xlsx")
    assert _sessions(parsed) == [
        ("Opening", "05-15 09:00", "05-15 10:00", "Hall A"),
        ("Keynote", "05-15 10:30", "05-15 11:30", "Hall A"),
        ("Workshop", "05-15 10:30", "05-15 11:30", "Hall B"),
        ("Day two", "05-16 09:00", "05-16 10:00", "Hall A"),
        ("Parallel", "05-16 09:00", "05-16 10:00", "Hall B"),
        ("Symposium", "05-16 11:00", "05-16 12:00", "Hall A"),
    ]
    assert [p.name for p in parsed.sessions[-1].speakers] == ["Fa Go", "Gi Ha"]


def test_a_time_merged_over_talk_rows_in_its_own_room_leaves_them_talks():
    data = _workbook(
        [
            ["Date", "Time", "Room", "Title"],
            [datetime(2027, 5, 15), "09:00-10:30", "Hall A", "Symposium on sleep"],
            [None, None, None, "Talk one"],
            [None, None, None, "Talk two"],
        ],
        ("A2:A4", "B2:B4", "C2:C4"),
    )
    [session] = _read(data, "program.xlsx").sessions
    assert (session.title, session.room, [t.title for t in session.talks]) == (
        "Symposium on sleep",
        "Hall A",
        ["Talk one", "Talk two"],
    )


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("0900", "09:00", "10:00"),
        ("0900-1000", "09:00", "10:00"),
        ("0900–1000", "09:00", "10:00"),
        ("930 - 1045", "09:30", "10:45"),
    ],
)
def test_four_digit_clocks_in_a_time_column_are_times(cell, start, end):
    text = f"Date,Time,End,Title,Room\n2027-05-15,{cell},1000,Opening,1015\n2027-05-15,1030,1200,Keynote,1193\n"
    parsed = _read(text)
    assert _sessions(parsed) == [
        ("Opening", f"05-15 {start}", f"05-15 {end}", "1015"),
        ("Keynote", "05-15 10:30", "05-15 12:00", "1193"),
    ]


def test_an_unnamed_column_of_four_digit_ranges_is_the_time_and_rooms_stay_numbers():
    parsed = _read("Date,Slot,Title,Room\n2027-05-15,0900-1000,Opening,1015\n2027-05-15,1030-1200,Keynote,1193\n")
    assert _sessions(parsed) == [
        ("Opening", "05-15 09:00", "05-15 10:00", "1015"),
        ("Keynote", "05-15 10:30", "05-15 12:00", "1193"),
    ]


def test_a_year_in_the_time_column_is_refused_not_read_as_a_clock():
    with pytest.raises(ScheduleFormatError, match="row 2: cannot read '0900' as a time"):
        _read("Date,Time,Title\n2027-05-15,0900,Opening\n2027-05-15,2027,Keynote\n")


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("ore 9.00", "09:00", "09:00"),
        ("ore 9", "09:00", "09:00"),
        ("dalle 9.00 alle 10.30", "09:00", "10:30"),
        ("dalle 9 alle 10", "09:00", "10:00"),
        ("dalle ore 9 alle ore 10", "09:00", "10:00"),
        ("de 9h à 10h", "09:00", "10:00"),
        ("von 9 bis 10 Uhr", "09:00", "10:00"),
        ("de 9:00 a 10:00", "09:00", "10:00"),
        ("das 9h às 10h", "09:00", "10:00"),
        ("um 14 Uhr", "14:00", "14:00"),
    ],
)
def test_range_and_clock_words_of_five_languages(cell, start, end):
    parsed = _read(f"Data,Orario,Titolo\n2027-05-15,{cell},Apertura\n2027-05-15,11:00,Plenaria\n")
    assert _sessions(parsed)[0] == ("Apertura", f"05-15 {start}", f"05-15 {end}", "")


def test_a_grid_of_rooms_as_rows_and_times_as_columns_is_read_slot_by_slot():
    parsed = _read(
        "Room,09:00,10:00,11:00-12:30\nHall A,Opening,Keynote,Lunch symposium\nHall B,,Workshop on X,Panel\n"
    )
    assert _sessions(parsed) == [
        ("Opening", "05-15 09:00", "05-15 10:00", "Hall A"),
        ("Keynote", "05-15 10:00", "05-15 11:00", "Hall A"),
        ("Lunch symposium", "05-15 11:00", "05-15 12:30", "Hall A"),
        ("Workshop on X", "05-15 10:00", "05-15 11:00", "Hall B"),
        ("Panel", "05-15 11:00", "05-15 12:30", "Hall B"),
    ]
    assert "rooms as rows and times as columns" in parsed.warnings[0]


def test_a_rooms_as_rows_grid_takes_its_days_from_headings_and_a_date_column():
    headed = _read(",9h00,10h00\nLundi 17 mai 2027,,\nAmphi A,Ouverture,Atelier\nMardi 18 mai 2027,,\nAmphi A,Bilan,\n")
    assert [(title, start) for title, start, _, _ in _sessions(headed)] == [
        ("Ouverture", "05-17 09:00"),
        ("Atelier", "05-17 10:00"),
        ("Bilan", "05-18 09:00"),
    ]
    dated = _read("Date,Room,9:00,10:00\n2027-05-15,Lisbon,Opening,Talk\n,Porto,,Talk 2\n2027-05-16,Lisbon,Day two,\n")
    assert [(title, start, room) for title, start, _, room in _sessions(dated)] == [
        ("Opening", "05-15 09:00", "Lisbon"),
        ("Talk", "05-15 10:00", "Lisbon"),
        ("Talk 2", "05-15 10:00", "Porto"),
        ("Day two", "05-16 09:00", "Lisbon"),
    ]


def test_a_list_whose_rows_start_and_end_with_times_is_no_rooms_as_rows_grid():
    parsed = _read("Date,Start,End,Title\n2027-05-15,09:00,10:00,Opening\n2027-05-15,10:00,11:00,Keynote\n")
    assert [title for title, *_ in _sessions(parsed)] == ["Opening", "Keynote"]


def test_an_end_date_column_ends_sessions_past_midnight_and_over_days():
    parsed = _read(
        "Start Date,Start Time,End Date,End Time,Title,Room\n"
        "2027-05-15,22:00,2027-05-16,01:00,Night session,Hall\n"
        "2027-05-15,09:00,2027-05-17,17:00,Poster exhibit,Foyer\n"
        "2027-05-16,09:00,2027-05-16,10:00,Talk,Hall\n"
    )
    assert _sessions(parsed) == [
        ("Night session", "05-15 22:00", "05-16 01:00", "Hall"),
        ("Poster exhibit", "05-15 09:00", "05-17 17:00", "Foyer"),
        ("Talk", "05-16 09:00", "05-16 10:00", "Hall"),
    ]


def test_an_end_day_column_of_day_numbers_and_an_end_date_with_its_time():
    by_day = _read("Day,Start,End day,End,Title\n1,20:00,2,02:00,Hackathon\n")
    assert _sessions(by_day) == [("Hackathon", "05-15 20:00", "05-16 02:00", "")]
    stamped = _read("Fecha,Hora,Fecha de fin,Título\n2027-05-15,09:00,2027-05-16 12:00,Taller\n")
    assert _sessions(stamped) == [("Taller", "05-15 09:00", "05-16 12:00", "")]


def test_an_unnamed_column_of_year_ranges_beside_a_time_column_stays_text():
    parsed = _read(
        "Date,Time,Title,Funding\n2027-05-15,09:00-10:00,Opening,2020-2025\n2027-05-15,11:00,Keynote,2015-2020\n"
    )
    assert _sessions(parsed) == [
        ("Opening", "05-15 09:00", "05-15 10:00", ""),
        ("Keynote", "05-15 11:00", "05-15 11:00", ""),
    ]
