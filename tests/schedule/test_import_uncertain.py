"""A file that reads two ways is refused with the options that settle it; previews show both readings."""

from __future__ import annotations

import io
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.importers import ImportOptions, ScheduleFormatError, parse
from conference.schedule.importers.records import UncertainReading
from conference.schedule.models import ImportRun, Session

NEW_YORK = ZoneInfo("America/New_York")
AMBIGUOUS = "Date,Time,Title\n05/06/2027,9:00-10:00,Opening\n05/06/2027,11:00-12:00,Plenary\n"


def _workbook(**sheets: list[list]) -> bytes:
    """Return an .xlsx with one sheet per keyword, rows as given."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def _two_programs() -> bytes:
    """A workbook with two sheets that both read as programs of one day, with different sessions."""
    header = ["Date", "Start", "End", "Title"]
    return _workbook(
        Monday=[header, ["2027-05-17", "09:00", "10:00", "Opening"], ["2027-05-17", "10:00", "11:00", "Plenary"]],
        Tuesday=[
            header,
            ["2027-05-17", "09:00", "10:00", "Workshop"],
            ["2027-05-17", "13:00", "14:00", "Posters"],
            ["2027-05-17", "15:00", "16:00", "Closing"],
        ],
    )


def _read(data: bytes, filename: str, **options):
    """Parse a file the way an organizer uploads it, in New York."""
    return parse(data, None, ImportOptions(timezone=NEW_YORK, filename=filename, **options))


def test_two_sheets_holding_different_programs_are_refused_naming_both_and_the_option():
    with pytest.raises(UncertainReading) as caught:
        _read(_two_programs(), "program.xlsx")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("program.xlsx: two sheets read as programs")
    assert "sheet 'Tuesday' reads as 3 sessions, on 2027-05-17" in message and "sheet 'Monday' as 2 sessions" in message
    assert "--sheet 'Tuesday' or --sheet 'Monday'" in message
    assert len(_read(_two_programs(), "program.xlsx", sheet="Tuesday").sessions) == 3


def test_dates_that_read_both_ways_are_refused_until_the_first_day_settles_them():
    with pytest.raises(UncertainReading) as caught:
        _read(AMBIGUOUS.encode(), "program.csv")
    message = str(caught.value)
    assert "dates like 05/06 read as month/day (2027-05-06) or day/month (2027-06-05)" in message
    assert "--first-day 2027-05-06 or --first-day 2027-06-05" in message
    settled = _read(AMBIGUOUS.encode(), "program.csv", first_day=date(2027, 6, 5))
    assert {s.starts_at.astimezone(NEW_YORK).date() for s in settled.sessions} == {date(2027, 6, 5)}


def test_dates_whose_days_run_as_a_conference_only_one_way_are_read_that_way():
    day_first = "Date,Time,Title\n05/06/2027,9:00-10:00,Opening\n06/06/2027,9:00-10:00,Closing\n"
    month_first = "Date,Time,Title\n05/06/2027,9:00-10:00,Opening\n05/07/2027,9:00-10:00,Closing\n"
    assert [s.starts_at.date() for s in _read(day_first.encode(), "p.csv").sessions] == [
        date(2027, 6, 5),
        date(2027, 6, 6),
    ]
    assert [s.starts_at.date() for s in _read(month_first.encode(), "p.csv").sessions] == [
        date(2027, 5, 6),
        date(2027, 5, 7),
    ]


def test_a_table_most_of_whose_rows_fit_no_session_is_refused_with_what_settles_it():
    rows = "".join(f",,Note {n}: bring your badge\n" for n in range(6))
    text = "Date,Time,Title,Notes\n2027-05-15,9:00-10:00,Opening,\n" + rows.replace(",,Note", ",,,Note")
    with pytest.raises(ScheduleFormatError) as caught:
        _read(text.encode(), "program.csv")
    message = str(caught.value)
    assert "\n" not in message and "6 rows fit no session (row 3, row 4, ...) against 1 that do" in message
    assert "--map" in message and "--sheet" in message and "--format" in message


def test_the_dry_run_shows_both_readings_side_by_side_with_their_counts(runner, tmp_path):
    path = tmp_path / "program.xlsx"
    path.write_bytes(_two_programs())
    args = ["schedule", "import", str(path), "--conference", "apa-2027", "--timezone", "America/New_York", "--dry-run"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("uncertain reading: program.xlsx: two sheets read as programs")
    assert [cell.strip() for cell in lines[1].split(" | ")] == ["--sheet 'Tuesday'", "--sheet 'Monday'"]
    assert [cell.strip() for cell in lines[2].split(" | ")] == ["3 sessions", "2 sessions"]
    assert [cell.strip() for cell in lines[5].split(" | ")] == ["05-17 09:00 Workshop", "05-17 09:00 Opening"]
    assert db.session.scalar(select(func.count()).select_from(Session)) == 0


def test_the_upload_preview_answers_both_readings_with_the_fields_that_choose_them(auth):
    client, _ = auth.admin()
    data = {"file": (io.BytesIO(AMBIGUOUS.encode()), "program.csv"), "timezone": "America/New_York", "dry_run": "true"}
    response = client.post("/api/v1/conferences/apa-2027/imports", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["dry_run"] is True and "read as month/day" in body["uncertain"]
    readings = body["interpretations"]
    assert [(r["choose"], r["created"]) for r in readings] == [
        ({"first_day": "2027-05-06"}, 2),
        ({"first_day": "2027-06-05"}, 2),
    ]
    assert [r["sessions"][0]["starts_at"] for r in readings] == [
        "2027-05-06T09:00:00-04:00",
        "2027-06-05T09:00:00-04:00",
    ]
    assert (
        db.session.scalar(select(func.count()).select_from(Session)),
        db.session.scalar(select(func.count()).select_from(ImportRun)),
    ) == (0, 0)


def test_the_conferences_days_choose_the_order_of_dates_that_read_both_ways():
    parsed = _read(AMBIGUOUS.encode(), "program.csv", first_day=date(2027, 5, 5), last_day=date(2027, 5, 9))
    assert {s.starts_at.astimezone(NEW_YORK).date() for s in parsed.sessions} == {date(2027, 5, 6)}


def test_sheets_that_each_hold_other_days_are_one_program():
    header = ["Date", "Start", "End", "Title"]
    data = _workbook(
        Monday=[header, ["2027-05-17", "09:00", "10:00", "Opening"]],
        Tuesday=[header, ["2027-05-18", "09:00", "10:00", "Workshop"], ["2027-05-18", "13:00", "14:00", "Posters"]],
    )
    parsed = _read(data, "program.xlsx")
    assert [s.title for s in parsed.sessions] == ["Opening", "Workshop", "Posters"]
    assert parsed.warnings[0] == "program.xlsx: read sheets 'Monday', 'Tuesday' as one program, a day each"
