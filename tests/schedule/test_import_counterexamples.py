"""Programs as other societies publish them, none tuned to: each is read right, or refused in one line that
says what settles it; a file that reads two ways shows both readings in the dry run."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.importers import ImportOptions, ScheduleFormatError, parse
from conference.schedule.models import Session

ROME = ZoneInfo("Europe/Rome")
FIRST_DAY = date(2027, 5, 15)


def _workbook(**sheets: list[list]) -> bytes:
    """An .xlsx with one sheet per keyword, in order, rows as given; a sheet's "merged" key lists its merges."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            if isinstance(row, str):
                sheet.merge_cells(row)
            else:
                sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


_API_DUMP = {
    "data": [
        {
            "id": 11,
            "attributes": {
                "title": "Opening",
                "starts_at": "2027-05-15T09:00:00+02:00",
                "ends_at": "2027-05-15T10:00:00+02:00",
                "location": {"name": "Hall A"},
                "speakers": [{"name": "Ann Lee", "organization": {"name": "Uni X"}}],
            },
        },
        {
            "id": 12,
            "attributes": {
                "title": "Keynote",
                "starts_at": "2027-05-15T10:30:00+02:00",
                "ends_at": "2027-05-15T11:30:00+02:00",
                "location": {"name": "Hall B"},
                "speakers": [{"name": "Bo Chen"}],
            },
        },
    ]
}

#: file name -> (content, the first two sessions as (title, start, end, room) in Rome, or the refusal's words)
FILES = {
    "society_headers.csv": (
        "Session Name,Session Start,Session End,Location,Presenters\n"
        "Opening Ceremony,05/15/2027 9:00 AM,05/15/2027 10:00 AM,Main Hall,Jane Roe\n"
        "Sleep & Memory,05/15/2027 10:30 AM,05/15/2027 12:00 PM,Room 2,John Doe; Ann Lee\n",
        [("Opening Ceremony", "05-15 09:00", "05-15 10:00", "Main Hall")],
    ),
    "title_rows.csv": (
        "ESRS Congress 2027 — Scientific Programme,,,\nAll times CEST,,,\n,,,\nDate,Time,Title,Room\n"
        "2027-05-15,09:00-10:00,Welcome,Auditorium\n2027-05-15,10:30-12:00,Symposium A,Hall 1\n",
        [("Welcome", "05-15 09:00", "05-15 10:00", "Auditorium")],
    ),
    "two_line_header.csv": (
        "Session,,When,,Where\nTitle,Speaker,Date,Time,Room\n"
        "Welcome,Ann Lee,15/05/2027,09:00-10:00,Aula Magna\nKeynote,Bo Chen,15/05/2027,10:00-11:00,Aula Magna\n",
        [("Welcome", "05-15 09:00", "05-15 10:00", "Aula Magna")],
    ),
    "time_ranges_no_end.csv": (
        "Date,Time,Session,Chair\nMay 15,9:00 - 10:30,Plenary on insomnia,Dr. A. Smith\n"
        "May 16,9:00 - 10:30,Poster walk,Dr. C. Brown\n",
        [("Plenary on insomnia", "05-15 09:00", "05-15 10:30", ""), ("Poster walk", "05-16 09:00", "05-16 10:30", "")],
    ),
    "pdf_export_spacers.csv": (
        "Programme,,,\n,,,\nTime,Title,Speaker,Room\n,,,\n08:30 – 09:00,Registration,,Foyer\n\n"
        "09:00 – 10:00,Opening lecture,Prof. K. Weber,Hall A\n,,,\nPage 1 of 2,,,\n10:30 – 11:30,Round table,Panel,Hall B\n",
        [
            ("Registration", "05-15 08:30", "05-15 09:00", "Foyer"),
            ("Opening lecture", "05-15 09:00", "05-15 10:00", "Hall A"),
        ],
    ),
    "semicolon_decimal_commas.csv": (
        "Datum;Beginn;Dauer (h);Titel;Raum\n15.05.2027;09:00;1,5;Eröffnung;Saal 1\n15.05.2027;11:00;0,75;Schlaf;Saal 2\n",
        [("Eröffnung", "05-15 09:00", "05-15 10:30", "Saal 1"), ("Schlaf", "05-15 11:00", "05-15 11:45", "Saal 2")],
    ),
    "program.tsv": (
        "Date\tStart\tEnd\tTitle\tRoom\n2027-05-15\t09:00\t10:00\tOpening\tHall A\n",
        [("Opening", "05-15 09:00", "05-15 10:00", "Hall A")],
    ),
    "second_sheet.xlsx": (
        _workbook(
            Cover=[["European Sleep Meeting 2027"], ["Programme overview: see the next sheet"]],
            Programme=[
                ["Date", "Start", "End", "Title", "Room"],
                [datetime(2027, 5, 15), time(9), time(10), "Opening", "Hall A"],
            ],
        ),
        [("Opening", "05-15 09:00", "05-15 10:00", "Hall A")],
    ),
    "api_dump.json": (
        json.dumps(_API_DUMP),
        [("Opening", "05-15 09:00", "05-15 10:00", "Hall A"), ("Keynote", "05-15 10:30", "05-15 11:30", "Hall B")],
    ),
    "weekdays.csv": (
        "Day,Time,Title\nSat,09:00-10:00,Opening\nSun,09:00-10:00,Second day\n",
        [("Opening", "05-15 09:00", "05-15 10:00", ""), ("Second day", "05-16 09:00", "05-16 10:00", "")],
    ),
    "portuguese.csv": (
        "Data,Horário,Atividade,Local\n15/05/2027,das 9h às 10h30,Abertura,Auditório\n",
        [("Abertura", "05-15 09:00", "05-15 10:30", "Auditório")],
    ),
    "military_times.csv": (
        "Day,Time,Event,Location\n1,0800-0900,Breakfast,Mess\n2,1300-1400,Lecture,Rm 1193\n",
        [("Breakfast", "05-15 08:00", "05-15 09:00", "Mess"), ("Lecture", "05-16 13:00", "05-16 14:00", "Rm 1193")],
    ),
    "rooms_as_rows.xlsx": (
        _workbook(
            Grid=[
                ["Saturday 15 May 2027"],
                ["Room", time(9), time(10), time(11), time(12)],
                ["Hall A", "Opening", "Keynote", None, "Lunch"],
                ["Hall B", None, "Workshop (two slots)", None, None],
                "C4:D4",
            ]
        ),
        [("Opening", "05-15 09:00", "05-15 10:00", "Hall A"), ("Keynote", "05-15 10:00", "05-15 11:00", "Hall A")],
    ),
    "start_and_end_datetimes.csv": (
        "Start Date,End Date,Title\n2027-05-15 09:00,2027-05-15 10:00,Opening\n2027-05-16 09:00,2027-05-17 12:00,Course\n",
        [("Opening", "05-15 09:00", "05-15 10:00", ""), ("Course", "05-16 09:00", "05-17 12:00", "")],
    ),
    "day_numbers_without_first_day.csv": (
        "Day,Time,End,Title\nDay 1,9:00 AM,10:00 AM,Opening\n",
        "'Day 1' numbers the day: give the conference's first day with --first-day",
    ),
    "slashed_both_ways.csv": (
        "Date,Time,Title\n05/06/2027,09:00,Opening\n",
        "read as month/day (2027-05-06) or day/month (2027-06-05): give the first day",
    ),
}
#: files whose dates need no first day, read as an organizer without one uploads them
_UNDATED = ("day_numbers_without_first_day.csv", "slashed_both_ways.csv")


def _read(name: str):
    """Parse one of FILES in Rome, the conference starting on FIRST_DAY unless the file is one that must say it."""
    content, _ = FILES[name]
    data = content if isinstance(content, bytes) else content.encode()
    first_day = None if name in _UNDATED else FIRST_DAY
    return parse(data, None, ImportOptions(filename=name, timezone=ROME, first_day=first_day))


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_program_is_read_right_or_refused_in_one_line(name):
    expected = FILES[name][1]
    if isinstance(expected, str):
        with pytest.raises(ScheduleFormatError) as refused:
            _read(name)
        message = str(refused.value)
        assert expected in message and "\n" not in message and message.startswith(f"{name}: ")
        return
    parsed = _read(name)
    found = [
        (s.title, f"{s.starts_at.astimezone(ROME):%m-%d %H:%M}", f"{s.ends_at.astimezone(ROME):%m-%d %H:%M}", s.room)
        for s in parsed.sessions
    ]
    assert found[: len(expected)] == expected


def test_the_rooms_as_rows_grid_reads_a_title_merged_over_two_slots_as_one_session():
    parsed = _read("rooms_as_rows.xlsx")
    workshop = next(s for s in parsed.sessions if s.title == "Workshop (two slots)")
    assert (
        workshop.room,
        f"{workshop.starts_at.astimezone(ROME):%H:%M}",
        f"{workshop.ends_at.astimezone(ROME):%H:%M}",
    ) == (
        "Hall B",
        "10:00",
        "12:00",
    )


def test_nested_speaker_objects_of_an_api_dump_are_people_with_their_affiliation():
    opening = _read("api_dump.json").sessions[0]
    assert [(p.name, p.affiliation) for p in opening.speakers] == [("Ann Lee", "Uni X")]


def test_the_dry_run_of_dates_that_read_both_ways_shows_both_readings(runner, tmp_path):
    path = tmp_path / "program.csv"
    path.write_text(FILES["slashed_both_ways.csv"][0])
    args = ["schedule", "import", str(path), "--conference", "apa-2027", "--timezone", "Europe/Rome", "--dry-run"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("uncertain reading: program.csv: dates like 05/06 read as month/day")
    assert [cell.strip() for cell in lines[1].split(" | ")] == ["--first-day 2027-05-06", "--first-day 2027-06-05"]
    assert [cell.strip() for cell in lines[2].split(" | ")] == ["1 sessions", "1 sessions"]
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0
