"""Files that declare or expand into far more than any program (endless recurrences, spreadsheet bombs, huge
files) are refused in one line, quickly and in bounded memory, and recorded as failed imports."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from conference.accounts.models import User
from conference.extensions import db
from conference.schedule.importers import limits
from conference.schedule.models import ImportRun, Session
from tests.support.bounded import parse_bounded
from tests.support.schedule_helpers import cli_import as cli
from tests.support.schedule_helpers import refused


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(Session))


def last_run() -> ImportRun:
    return db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(1)).one()


def _upload(client, data: bytes, name: str):
    form = {"file": (io.BytesIO(data), name), "timezone": "America/New_York"}
    return client.post("/api/v1/conferences/apa-2027/imports", data=form, content_type="multipart/form-data")


def _only_recurring(*lines: str, uid="tick") -> str:
    """A calendar of one recurring event and nothing else: a new conference has no days to expand it over."""
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\n"
        f"UID:{uid}\nDTSTART:20990515T130000Z\nDTEND:20990515T131500Z\nSUMMARY:Tick\n"
        + "".join(f"{line}\n" for line in lines)
        + "END:VEVENT\nEND:VCALENDAR\n"
    )


@pytest.mark.parametrize(
    "rule",
    [
        "RRULE:FREQ=SECONDLY",
        "RRULE:FREQ=MINUTELY;COUNT=999999999;BYSETPOS=2",
        "RRULE:FREQ=HOURLY;UNTIL=21001231T000000Z;BYMONTH=2;BYMONTHDAY=30",
        "RRULE:FREQ=DAILY;BYHOUR=13;BYSETPOS=2",
        "RRULE:FREQ=MONTHLY;BYDAY=6MO",
        "RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31",
    ],
    ids=["secondly", "minutely-bysetpos", "hourly-february-30", "daily-bysetpos", "sixth-monday", "april-31"],
)
def test_an_endless_recurrence_in_a_new_conference_is_refused_in_bounded_time_and_memory(tmp_path, rule):
    line = parse_bounded(tmp_path, _only_recurring(rule).encode(), "clock.ics")
    assert line.startswith("refused: clock.ics: UID tick: the recurrence"), line


def test_without_conference_days_a_first_occurrence_is_looked_for_only_within_31_days(runner, tmp_path):
    hourly = _only_recurring("RRULE:FREQ=HOURLY;COUNT=999999999", "EXDATE:20990515T130000Z", uid="hourly")
    yearly = _only_recurring("RRULE:FREQ=YEARLY", "EXDATE:20990515T130000Z", uid="yearly")
    both = hourly.replace("END:VCALENDAR\n", yearly[yearly.index("BEGIN:VEVENT") :])
    result = cli(runner, tmp_path, both, name="series.ics")
    assert result.exit_code == 0, result.output
    assert "only each one's first occurrence" in result.output
    assert [moment.hour for moment in db.session.scalars(select(Session.starts_at))] == [14]


def test_a_rule_that_never_matches_is_refused_on_upload_with_422_and_recorded(auth):
    client, _ = auth.admin()
    ics = _only_recurring("RRULE:FREQ=DAILY;BYMONTH=2,4;BYMONTHDAY=31")
    response = _upload(client, ics.encode(), "never.ics")
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert "never.ics: UID tick" in error["message"] and "no day its months have" in error["message"]
    assert list(error["fields"]) == ["file"]
    assert sessions() == 0 and last_run().filename == "never.ics" and last_run().error


def test_many_recurrence_rules_are_refused_naming_the_event(runner, tmp_path):
    events = "".join(
        f"BEGIN:VEVENT\nUID:e{n}\nDTSTART:20990515T{n % 24:02d}0000Z\nDTEND:20990515T{n % 24:02d}3000Z\n"
        f"RRULE:FREQ=WEEKLY;BYDAY=MO\nSUMMARY:E{n}\nEND:VEVENT\n"
        for n in range(limits.MAX_RULES + 1)
    )
    ics = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{events}END:VCALENDAR\n"
    result = cli(runner, tmp_path, ics, name="rules.ics")
    refused(result, "rules.ics", f"UID e{limits.MAX_RULES}", "too many recurrence rules")
    assert sessions() == 0 and last_run().error


def test_more_than_a_few_rules_that_may_rarely_match_are_refused(runner, tmp_path):
    events = "".join(
        f"BEGIN:VEVENT\nUID:e{n}\nDTSTART:20990515T{n:02d}0000Z\nDTEND:20990515T{n:02d}3000Z\n"
        f"RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5\nSUMMARY:E{n}\nEND:VEVENT\n"
        for n in range(limits.MAX_RARE_RULES + 1)
    )
    ics = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{events}END:VCALENDAR\n"
    line = refused(cli(runner, tmp_path, ics, name="rare.ics"), f"rare.ics: UID e{limits.MAX_RARE_RULES}: too many")
    assert f"the limit is {limits.MAX_RARE_RULES} a file" in line
    assert sessions() == 0 and last_run().error


def test_a_yearly_rule_repeating_a_day_its_month_lacks_is_refused(runner, tmp_path):
    ics = _only_recurring("RRULE:FREQ=YEARLY;BYMONTH=2").replace("20990515T13", "20990530T13")
    refused(cli(runner, tmp_path, ics, name="feb.ics"), "feb.ics: UID tick", "names no day its months have")


def test_an_rdate_flood_is_refused_naming_the_event(runner, tmp_path):
    rdates = ",".join(
        f"2099{month:02d}{day:02d}T{hour:02d}0000Z"
        for month in range(1, 13)
        for day in range(1, 29)
        for hour in range(24)
    )
    ics = _only_recurring(f"RDATE:{rdates}", "EXDATE:20990515T130000Z")
    refused(cli(runner, tmp_path, ics, name="rdates.ics"), "rdates.ics", "UID tick", "RDATE and EXDATE values")
    assert sessions() == 0 and last_run().error


def test_a_flood_of_rdate_values_is_refused_before_icalendar_reads_it(tmp_path):
    ics = _only_recurring("RDATE:" + ",".join(["20990516T130000Z"] * 1_100_000))  # 18 MB: 35 s in icalendar
    line = parse_bounded(tmp_path, ics.encode(), "flood.ics", cpu_seconds=10)
    limit = limits.MAX_RECURRENCE_DATES
    assert line == f"refused: flood.ics: UID tick: too many RDATE and EXDATE values: the limit is {limit} a file"


def test_a_calendar_with_more_events_than_any_program_is_refused_before_it_is_parsed(runner, tmp_path):
    event = "BEGIN:VEVENT\nUID:u{0}\nDTSTART:20990515T100000Z\nDTEND:20990515T110000Z\nSUMMARY:T{0}\nEND:VEVENT\n"
    events = "".join(event.format(n) for n in range(limits.MAX_EVENTS + 1))
    ics = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n{events}END:VCALENDAR\n"
    refused(cli(runner, tmp_path, ics, name="many.ics"), f"many.ics: the file has {limits.MAX_EVENTS + 1} events")
    assert sessions() == 0 and last_run().error


# --- spreadsheets ---------------------------------------------------------------------------------------------

PROGRAM = [
    ["Session Title", "Date", "Start Time", "End Time", "Location"],
    ["Opening", "2099-05-15", "08:00", "09:00", "Hall A"],
    ["Closing", "2099-05-15", "17:00", "18:00", "Hall A"],
]


def _workbook(rows=PROGRAM) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(data: bytes, replace: dict | None = None, added: dict[str, bytes] | None = None) -> bytes:
    """Return the workbook with some parts replaced (a callable gets the old part) and extra parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            new = (replace or {}).get(info.filename, part)
            target.writestr(info.filename, new(part) if callable(new) else new)
        for name, part in (added or {}).items():
            target.writestr(name, part)
    return out.getvalue()


def _sheet_with(rows_xml: bytes) -> bytes:
    """Return the workbook whose first sheet's rows are rows_xml."""
    sheet = "xl/worksheets/sheet1.xml"
    rows = b"<sheetData>" + rows_xml + b"</sheetData>"
    pattern = re.compile(rb"<sheetData>.*</sheetData>|<sheetData/>", re.S)
    return _rewrite(_workbook(), {sheet: lambda part: pattern.sub(rows, part)})


def _streamed_part(name: str, head: bytes, body: bytes, times: int, tail: bytes) -> bytes:
    """Return the demo workbook with part name replaced by head + body * times + tail, written in pieces."""
    base = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        with target.open(name, "w", force_zip64=True) as part:
            part.write(head)
            for _ in range(times):
                part.write(body)
            part.write(tail)
    return out.getvalue()


def test_a_dimension_tag_claiming_every_cell_is_not_trusted(tmp_path):
    data = _rewrite(
        _workbook(),
        {
            "xl/worksheets/sheet1.xml": lambda part: re.sub(
                rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', part
            ).replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
        },
    )
    assert len(data) < 10_000
    line = parse_bounded(tmp_path, data, "dimension.xlsx")
    rows = limits.MAX_ROWS
    assert line == f"refused: dimension.xlsx: sheet 'Sheet' row {rows + 1}: the limit is {rows} rows"


def test_one_huge_shared_string_is_refused_before_it_is_read(tmp_path):
    strings = _streamed_part(
        "xl/sharedStrings.xml",
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
        b"x" * 2**20,
        120,
        b"</t></si></sst>",
    )
    assert len(strings) < 2_000_000
    line = parse_bounded(tmp_path, strings, "string.xlsx")
    assert line.startswith("refused: string.xlsx: xl/sharedStrings.xml unpacks"), line
    assert "limit is 150 to 1" in line


def test_sheet_xml_expanding_hundreds_of_times_is_refused(tmp_path):
    row = b'<row><c t="inlineStr"><is><t>Opening</t></is></c><c><v>1</v></c></row>'
    data = _streamed_part(
        "xl/worksheets/sheet1.xml",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        row * 1000,
        2000,
        b"</sheetData></worksheet>",
    )
    line = parse_bounded(tmp_path, data, "rows.xlsx")
    assert line.startswith("refused: rows.xlsx: xl/worksheets/sheet1.xml unpacks"), line


@pytest.mark.parametrize(
    ("rows_xml", "words"),
    [
        (
            b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, limits.MAX_ROWS + 2)),
            [f"sheet 'Sheet' row {limits.MAX_ROWS + 1}: the limit is {limits.MAX_ROWS} rows"],
        ),
        (
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="XFD1"><v>1</v></c></row>',
            ["sheet 'Sheet' row 1 has 16384 columns", f"{limits.MAX_COLUMNS} columns"],
        ),
        (
            b'<row r="1"><c r="ALL1"><v>1</v></c></row>'
            + b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 2002)),
            ["sheet 'Sheet' row 2001 makes 2001000 cells", f"the limit is {limits.MAX_CELLS} cells a file"],
        ),
        (
            b'<row r="1"><c r="B1" t="inlineStr"><is><t>' + b"ab" * 20_000 + b"</t></is></c></row>",
            ["cell B1 holds 40000 characters", "32767 characters a cell"],
        ),
    ],
    ids=["rows", "columns", "cells", "cell-text"],
)
def test_sheets_beyond_the_row_column_and_text_limits_are_refused(runner, tmp_path, rows_xml, words):
    refused(cli(runner, tmp_path, _sheet_with(rows_xml), name="big.xlsx"), "big.xlsx", "the limit is", *words)
    assert sessions() == 0 and last_run().filename == "big.xlsx" and last_run().error


def test_a_workbook_bomb_upload_answers_422_naming_file_and_is_recorded(auth):
    client, _ = auth.admin()
    data = _rewrite(_workbook(), added={"xl/media/filler.bin": b"\0" * 50_000_000})
    response = _upload(client, data, "bomb.xlsx")
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["message"].startswith("bomb.xlsx: xl/media/filler.bin unpacks") and list(error["fields"]) == ["file"]
    assert sessions() == 0 and last_run().filename == "bomb.xlsx" and last_run().error


def test_a_csv_of_millions_of_empty_rows_is_refused_in_bounded_memory(tmp_path):
    data = b"Title,Date,Start Time\n" + b",\n" * 9_000_000
    line = parse_bounded(tmp_path, data, "rows.csv")
    assert line == f"refused: rows.csv: row {limits.MAX_ROWS + 1}: the limit is {limits.MAX_ROWS} rows"


# --- any file --------------------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_by_the_cli_before_it_is_read(runner, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.write(b"Title,Date,Start Time\n")
        file.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: takes no disk
    result = runner.invoke(args=["schedule", "import", str(path), "--conference", "apa-2027", "--timezone", "UTC"])
    refused(result, "huge.csv: the file is 20.0 MB", "the limit is 20 MB")
    assert last_run().filename == "huge.csv" and len(last_run().sha256) == 64 and last_run().error


def test_an_upload_over_the_import_size_limit_answers_422(make_app):
    app = make_app(MAX_CONTENT_LENGTH=limits.MAX_FILE_BYTES + 2**20)
    client = app.test_client()
    client.post("/api/v1/auth/register", json={"email": "a@example.org", "password": "long enough pw", "name": "A"})
    with app.app_context():
        db.session.scalars(select(User)).one().role = "admin"
        db.session.commit()
    line = b"Opening,05/15/2099,8:00 AM\n"
    data = b"Title,Date,Start Time\n" + line * (limits.MAX_FILE_BYTES // len(line) + 1)
    response = _upload(client, data, "huge.csv")
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]["fields"] == {"file": ["huge.csv: the file is 20.0 MB: the limit is 20 MB"]}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Session)) == 0
        assert last_run().filename == "huge.csv"


def test_an_upload_over_the_request_limit_is_413_naming_the_file_field_and_the_limit(make_app):
    app = make_app(MAX_CONTENT_LENGTH=2**20)
    client = app.test_client()
    client.post("/api/v1/auth/register", json={"email": "a@example.org", "password": "long enough pw", "name": "A"})
    with app.app_context():
        db.session.scalars(select(User)).one().role = "admin"
        db.session.commit()
    response = _upload(client, b"Title,Date,Start Time\n" * 60_000, "big.csv")
    assert response.status_code == 413
    message = "The upload is larger than the limit of 1 MB."
    assert response.get_json()["error"] == {"status": 413, "message": message, "fields": {"file": [message]}}
