"""The program files organizers send: Excel, Sessionize, Indico, CSVs with any sensible header; previews."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.importers import ImportOptions, ScheduleFormatError, detect_format, parse
from conference.schedule.importers.columns import from_header
from conference.schedule.models import ImportRun, Session
from conference.schedule.operations import import_schedule
from tests.support.paths import SHARED_FIXTURES
from tests.support.targets_helpers import mark

NEW_YORK = ZoneInfo("America/New_York")
UTC = UTC


def _expected() -> dict:
    """The independent reading of the second batch of shared fixtures, or nothing when they are absent."""
    path = SHARED_FIXTURES / "expected-2.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


EXPECTED = _expected()


def _zone(reading: dict) -> ZoneInfo:
    """The venue's zone as the independent reading names it (stated or inferred), Europe/Paris when unknown."""
    found = re.search(r"\b[A-Z][A-Za-z]+/[A-Za-z_]+", str(reading.get("timezone") or ""))
    return ZoneInfo(found[0] if found else "Europe/Paris")


def _first_day(reading: dict) -> date:
    """The conference's first day as a user would give it: the earliest sample date."""
    return min(date.fromisoformat(sample["date"]) for sample in reading["samples"])


def _plain(text: str) -> str:
    """A title compared without HTML tags and repeated spaces, as the importer stores titles."""
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


def _surname(written: str) -> str:
    """The one word of a printed name that any spelling keeps: "Wiederspan, Bogdan [X]" -> "Wiederspan"."""
    name = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", written).split(",")[0]
    return name.split()[-1]


def _read_fixture(relative: str, shared_fixture):
    """Parse a shared fixture as a user would import it: the venue's zone and the first day given."""
    path = shared_fixture(relative)  # skips, with a message, where the shared fixtures are absent
    reading = EXPECTED[relative]
    options = ImportOptions(timezone=_zone(reading), first_day=_first_day(reading), filename=relative)
    return parse(path.read_bytes(), None, options), reading


def _find(schedule, sample: dict):
    """The session a sample describes: by title, by a talk's title, or by the start of a "Title - Speakers" title."""
    title = _plain(sample["title"])
    for session in schedule.sessions:
        if session.title == title or any(talk.title == title for talk in session.talks):
            return session
        if session.title.startswith(f"{title} - "):
            return session
    raise AssertionError(f"no session titled {title!r}")


NEW_KINDS = {"xlsx", "sessionize", "indico", "csv_headers", "sched"}
NEW_FILES = sorted(name for name in EXPECTED if name.split("/")[0] in NEW_KINDS)


@pytest.mark.parametrize("relative", NEW_FILES or ["(fixtures absent)"])
def test_published_program_imports_with_the_expected_count_and_times(relative, shared_fixture):
    if relative not in EXPECTED:
        pytest.skip("expected-2.json not found")
    schedule, reading = _read_fixture(relative, shared_fixture)
    assert len(schedule.sessions) == reading.get("distinct_sessions", reading["sessions"])
    stated = schedule.timezone not in (None, "UTC")  # a zone the file states becomes the conference's
    zone = ZoneInfo(schedule.timezone) if stated else _zone(reading)
    for sample in reading["samples"]:
        session = _find(schedule, sample)
        talk = next((t for t in session.talks if t.title == _plain(sample["title"]) and t.starts_at), None)
        starts_at, ends_at = (talk.starts_at, talk.ends_at) if talk else (session.starts_at, session.ends_at)
        local = starts_at.astimezone(zone)
        assert (local.date().isoformat(), f"{local:%H:%M}") == (sample["date"], sample["start"])
        assert f"{ends_at.astimezone(zone):%H:%M}" == (sample["end"] or sample["start"])
        if sample["room"]:
            assert session.room == sample["room"]
        people = " ".join(person.name for person in (talk.speakers if talk else session.speakers))
        for written in sample["speakers"]:
            if not written.startswith("...") and relative.split("/")[0] != "sched":
                assert _surname(written) in people


def test_talk_level_rows_become_sessions_that_keep_their_talks(shared_fixture):
    schedule, _ = _read_fixture("csv_headers/prototypingaccorg_acc_asia2021_agenda.csv", shared_fixture)
    (session,) = [s for s in schedule.sessions if s.code == "101"]
    assert session.title == "Nothing Left Behind: Drug Coated Balloon in Coronary Intervention"
    assert [talk.code for talk in session.talks][:3] == ["101_01", "101_02", "101_03"]
    assert session.talks[0].speakers[0].name == "Bruno Scheller (Germany)"
    assert {person.name for talk in session.talks for person in talk.speakers} <= {p.name for p in session.speakers}
    assert schedule.timezone == "Asia/Singapore"  # the TimeZone column says SGT on every row


def test_indico_times_are_read_in_each_date_objects_own_zone(shared_fixture):
    schedule, _ = _read_fixture("indico/abstract-ranker_acat2024_event1330797_contributions.json", shared_fixture)
    assert schedule.timezone == "US/Eastern"
    assert len(schedule.warnings) == 4  # the contributions not on the timetable are named, not imported


def test_poster_sheets_named_by_session_code_become_its_talks(shared_fixture):
    schedule, reading = _read_fixture("xlsx/pisa-conf-rt2026_program_poster_sessions.xlsx", shared_fixture)
    assert sum(len(session.talks) for session in schedule.sessions) == reading["posters"]
    first = min(schedule.sessions, key=lambda s: s.starts_at)
    assert first.talks[0].speakers[0].affiliation == "European Spallation Source"


# --- columns by meaning --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Session #", "code"),
        ("No.", "code"),
        ("#", "code"),
        ("Abstract ID", "code"),
        ("uid", "code"),
        ("Session", "code"),
        ("name", "title"),
        ("Content", "title"),
        ("Presentation Title", "title"),
        ("start_date", "date"),
        ("Day", "date"),
        ("starttime", "start"),
        ("StartTime", "start"),
        ("hour", "start"),
        ("From", "start"),
        ("Monday Timings", "start"),
        ("finish", "end"),
        ("To", "end"),
        ("Hall", "room"),
        ("Venue", "room"),
        ("Presentation ID", "code"),
        ("id", "code"),
        ("Code", "code"),
        ("Session Timezone", "timezone"),
        ("Time Zone", "timezone"),
        ("Affiliation", "affiliation"),
    ],
)
def test_header_is_recognised_by_meaning(header, field):
    columns = from_header([header, "Other"], {})
    assert columns.index.get(field) == 0


@pytest.mark.parametrize(
    ("header", "role"), [("Session Chair", "chair"), ("Moderator", "moderator"), ("Faculty", "presenter")]
)
def test_people_columns_keep_their_role(header, role):
    assert from_header([header], {}).people == [(0, role)]


def table(text: str, **options):
    """Parse an inline table of a conference in New York."""
    options.setdefault("timezone", NEW_YORK)
    return parse(text.encode(), None, ImportOptions(filename="program.csv", **options))


def test_columns_without_telling_headers_are_read_by_content():
    schedule = table("Talk,Held,Slot,Where\nLithium,2027-05-15,9:00 AM - 10:30 AM,Room 1\n")
    (session,) = schedule.sessions
    assert (session.title, session.room) == ("Lithium", "Room 1")
    assert session.starts_at == datetime(2027, 5, 15, 13, 0, tzinfo=UTC)
    assert schedule.columns["date"] == "column 2, by content"


def test_session_number_header_gives_the_code():
    (session,) = table("Session #,Title,Date,Start,End\nS 12,A,2027-05-15,08:00,09:00\n").sessions
    assert (session.code, session.external_id) == ("S 12", "S 12")


def test_tab_separated_file_named_csv_is_read_as_tsv():
    (session,) = table("Title\tDate\tStart\tEnd\nA, B and C\t2027-05-15\t08:00\t09:00\n").sessions
    assert session.title == "A, B and C"


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [("Europe/Rome", 7), ("CEST", 7), ("EDT", 13), ("UTC-4", 13), ("GMT+2", 7), ("AKDT (UTC-8)", 17)],
)
def test_per_row_time_zone_by_name_abbreviation_or_offset(zone, utc_hour):
    (session,) = table(f'Title,Date,Start,End,Timezone\nA,2027-05-15,09:00,10:00,"{zone}"\n', timezone=None).sessions
    assert session.starts_at == datetime(2027, 5, 15, utc_hour, 0, tzinfo=UTC)


def test_zone_written_after_the_time_is_the_venues_zone_all_year():
    schedule = table("Date,Time,Title\n12/16/20,2:30 PM EDT,Winter talk\n", timezone=None)
    (session,) = schedule.sessions
    assert session.starts_at == datetime(2020, 12, 16, 19, 30, tzinfo=UTC)  # 2:30 PM in New York, on EST
    assert (schedule.timezone, session.ends_at) == ("America/New_York", session.starts_at)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("Monday", date(2027, 5, 17)),
        ("Day 2", date(2027, 5, 16)),
        ("May 16", date(2027, 5, 16)),
        ("Sun, May 16", date(2027, 5, 16)),
    ],
)
def test_dates_as_weekdays_or_day_numbers_resolve_against_the_first_day(day, expected):
    (session,) = table(f'Title,Day,Start,End\nA,"{day}",08:00,09:00\n', first_day=date(2027, 5, 15)).sessions
    assert session.starts_at.astimezone(NEW_YORK).date() == expected


def test_weekday_without_a_first_day_says_what_to_give():
    with pytest.raises(ScheduleFormatError, match=r"^program.csv: row 2: 'Monday' names a weekday.*--first-day"):
        table("Title,Day,Start,End\nA,Monday,08:00,09:00\n")


def test_day_headings_set_the_date_and_untimed_rows_are_talks_of_the_session_above():
    text = (
        "Time,Title,Authors\nSat May 15: Opening day,,\n9:00-10:30,Session 1,(Chair) Ana Ruiz\n"
        ",Paper one,Bo Chen\n,Paper two,Cy Diaz\n11 am - noon,Lunch,\n"
    )
    schedule = table(text, first_day=date(2027, 5, 15))
    first, lunch = schedule.sessions
    assert first.starts_at == datetime(2027, 5, 15, 13, 0, tzinfo=UTC)
    assert [talk.title for talk in first.talks] == ["Paper one", "Paper two"]
    assert [(p.name, p.role) for p in first.speakers] == [
        ("Ana Ruiz", "chair"),
        ("Bo Chen", "presenter"),
        ("Cy Diaz", "presenter"),
    ]
    assert (lunch.starts_at.hour, lunch.ends_at.hour) == (15, 16)


def test_twelve_hour_times_without_am_pm_run_into_the_afternoon():
    text = "Date,Time,Item\n2027-05-15,11:00-12:00,Morning\n2027-05-15,1:00-2:30,Afternoon\n"
    _, afternoon = table(text).sessions
    assert afternoon.starts_at.astimezone(NEW_YORK).time() == time(13, 0)


# --- Excel -------------------------------------------------------------------------------------------


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    """An .xlsx file with these sheets of rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_excel_header_below_title_rows_with_typed_date_and_time_cells():
    data = workbook(
        ("Notes", [["Hotel", "Address"]]),
        (
            "Program",
            [
                ["APA 2027 program", None, datetime(2027, 5, 15)],
                ["Time zone:", "EDT"],
                [],
                ["Start", "End", "Session title", "Speakers"],
                [time(8, 0), 0.375 + 1 / 24 / 2, "Lithium today", "Jane Doe, MD (Yale)"],
                [],
                [time(9, 30), time(10, 0), "Break", None],
            ],
        ),
    )
    schedule = parse(data, None, ImportOptions(filename="program.xlsx"))
    lithium, pause = schedule.sessions
    assert schedule.format == "xlsx" and schedule.timezone == "America/New_York"
    assert lithium.starts_at == datetime(2027, 5, 15, 12, 0, tzinfo=UTC)
    assert lithium.ends_at == datetime(2027, 5, 15, 13, 30, tzinfo=UTC)
    assert lithium.speakers[0].affiliation == "Yale"
    assert pause.title == "Break"


def test_excel_sheet_can_be_named():
    data = workbook(
        ("A", [["Title", "Date", "Start", "End"], ["One", "2027-05-15", "08:00", "09:00"]]),
        (
            "B",
            [
                ["Title", "Date", "Start", "End"],
                ["Two", "2027-05-15", "08:00", "09:00"],
                ["Three", "2027-05-15", "10:00", "11:00"],
            ],
        ),
    )
    # two sheets of one header and different sessions: which is the program is asked, no longer guessed
    with pytest.raises(ScheduleFormatError, match="two sheets read as programs .* --sheet 'B' or --sheet 'A'$"):
        parse(data, None, ImportOptions(timezone=NEW_YORK))
    assert [s.title for s in parse(data, None, ImportOptions(timezone=NEW_YORK, sheet="b")).sessions] == [
        "Two",
        "Three",
    ]
    assert [s.title for s in parse(data, None, ImportOptions(timezone=NEW_YORK, sheet="a")).sessions] == ["One"]
    with pytest.raises(ScheduleFormatError, match="^p.xlsx: no sheet 'C'; the sheets are A, B$"):
        parse(data, None, ImportOptions(timezone=NEW_YORK, sheet="C", filename="p.xlsx"))


# --- detection and refusals ----------------------------------------------------------------------------


def _zip(**files: str) -> bytes:
    """A ZIP archive holding these files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (_zip(**{"program.csv": "Title\n"}), "a ZIP archive"),
        (b"<!DOCTYPE html>\n<html><body>Program</body></html>", "an HTML page"),
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an old Excel .xls"),
        (
            workbook(("Hotels", [["Hotel", "Address"], ["Hilton", "1 Main St"]])),
            "an Excel workbook without a sheet of sessions",
        ),
        (_zip(**{"xl/workbook.xml": "<workbook"}), "an Excel workbook that cannot be read"),
    ],
    ids=lambda value: value if isinstance(value, str) else "file",  # archives hold the time they were made
)
def test_unreadable_file_is_refused_in_one_line_saying_what_it_looks_like(data, looks_like):
    with pytest.raises(ScheduleFormatError) as error:
        parse(data, None, ImportOptions(timezone=NEW_YORK, filename="upload.bin"))
    message = str(error.value)
    assert message.startswith("upload.bin: ") and looks_like in message and "\n" not in message


def test_stray_lines_before_a_calendar_are_tolerated():
    text = "Exported by MyCalendar\r\nBEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    text += "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:A\r\n"
    text += "DTSTART:20270515T120000Z\r\nDTEND:20270515T130000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert detect_format(text.encode()) == "ics"
    schedule = parse(text.encode(), None, ImportOptions(filename="feed.ics"))
    assert len(schedule.sessions) == 1
    assert schedule.warnings[0] == "feed.ics: 23 characters around the program ignored"


def test_json_with_text_around_it_is_read():
    session = {
        "id": "1",
        "title": "A",
        "startsAt": "2027-05-15T08:00:00",
        "endsAt": "2027-05-15T09:00:00",
        "speakers": [],
        "roomId": 1,
    }
    body = {"sessions": [session], "speakers": [], "rooms": [{"id": 1, "name": "Hall"}]}
    data = f"callback({json.dumps(body)});\n".encode()
    (session,) = parse(data, None, ImportOptions(timezone=NEW_YORK)).sessions
    assert (session.title, session.room, session.starts_at.hour) == ("A", "Hall", 12)


# --- end to end: CLI preview, upload preview, talks in the API and the agenda ---------------------------

PROGRAM = """Session #,Session Title,Presentation Title,Date,Start,End,Room,Presenter
S1,Psychosis update,Early signs,05/15/2099,8:00 AM,9:30 AM,Room 1,"Jane Doe, MD (Yale School of Medicine)"
S1,Psychosis update,Family work,05/15/2099,8:00 AM,9:30 AM,Room 1,"John Roe, DO (Mount Sinai)"
S2,Addiction care,,05/15/2099,10:00 AM,11:00 AM,Room 2,Ann Lee
"""


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_dry_run_prints_format_columns_counts_and_first_sessions_and_writes_nothing(runner, tmp_path):
    path = tmp_path / "program.csv"
    path.write_text(PROGRAM, encoding="utf-8")
    args = ["schedule", "import", str(path), "--conference", "apa-2099", "--timezone", "America/New_York"]
    result = runner.invoke(args=[*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "format: csv"
    assert "code <- 'Session #'" in lines[1] and "talk title <- 'Presentation Title'" in lines[1]
    assert lines[2] == "would create 2, update 0, cancel 0, leave 0 unchanged"
    first = "  2099-05-15 08:00-09:30  [S1] Psychosis update | Room 1 | Jane Doe, John Roe | 2 talks"
    assert lines[4] == first
    assert (_count(Session), _count(ImportRun)) == (0, 0)


def test_unreadable_file_in_the_cli_is_one_line_naming_it_and_changes_nothing(runner, tmp_path):
    good, bad = tmp_path / "program.csv", tmp_path / "program-v2.csv"
    good.write_text(PROGRAM, encoding="utf-8")
    bad.write_bytes(_zip(**{"program.csv": PROGRAM}))
    args = ["--conference", "apa-2099", "--timezone", "America/New_York"]
    assert runner.invoke(args=["schedule", "import", str(good), *args]).exit_code == 0
    result = runner.invoke(args=["schedule", "import", str(bad), *args])
    assert result.exit_code != 0
    assert result.stderr.strip().splitlines()[-1].startswith("Error: program-v2.csv: the file is a ZIP archive")
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count()).where(Session.status == "scheduled")) == 2


def test_upload_dry_run_answers_the_preview_as_json_and_writes_nothing(auth):
    client, _ = auth.admin()
    data = {"file": (io.BytesIO(PROGRAM.encode()), "program.csv"), "timezone": "America/New_York", "dry_run": "true"}
    response = client.post("/api/v1/conferences/apa-2099/imports", data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["dry_run"], body["format"], body["created"], body["columns"]["code"]) == (True, "csv", 2, "Session #")
    assert body["sessions"][0]["starts_at"] == "2099-05-15T08:00:00-04:00"
    assert body["sessions"][0]["talks"] == 2
    assert _count(Session) == 0


def test_session_api_and_agenda_show_the_talk_a_target_speaker_gives(auth):
    import_schedule(PROGRAM.encode(), slug="apa-2099", timezone="America/New_York", filename="program.csv")
    db.session.commit()
    client, _ = auth.register()
    session = db.session.scalars(select(Session).where(Session.code == "S1")).one()
    shown = client.get(f"/api/v1/sessions/{session.id}").get_json()
    assert [(t["title"], t["starts_at"]) for t in shown["talks"]] == [
        ("Early signs", "2099-05-15T08:00:00-04:00"),
        ("Family work", "2099-05-15T08:00:00-04:00"),
    ]
    roe = next(s for s in shown["speakers"] if s["name"] == "John Roe")
    mark(client, kind="speaker", speaker_id=roe["id"])
    days = client.get("/api/v1/me/agenda?conference=apa-2099").get_json()["days"]
    (item,) = [item for day in days for item in day["items"]]
    assert [talk["title"] for talk in item["talks"]] == ["Family work"]


def test_side_by_side_day_tables_are_read_one_day_each():
    text = (
        'Monday Timings,"Monday, May 17",Monday Room,Tuesday Timings,"Tuesday, May 18",Tuesday Room\n'
        "09:00–10:00 — Plenary,Opening,Hall A,09:00–10:00 — Plenary,Keynote,Hall B\n"
        "10:30–11:00,Posters,Foyer,,,\n"
    )
    schedule = table(text, first_day=date(2027, 5, 17))
    assert [(s.title, s.room, s.starts_at.astimezone(NEW_YORK).day) for s in schedule.sessions] == [
        ("Opening", "Hall A", 17),
        ("Posters", "Foyer", 17),
        ("Keynote", "Hall B", 18),
    ]


def test_a_time_column_beside_a_start_column_is_not_a_second_day():
    (session,) = table("Date,Time,Start Time,End Time,Title\n2027-05-15,,08:00,09:00,A\n").sessions
    assert session.title == "A"


def test_day_by_room_grid_gives_a_session_per_filled_room():
    data = workbook(
        (
            "Program",
            [
                [None, "Day 1\n15.05", "8:00 - 9:00", "Registration", None],
                [None, None, "Hours", "Room A", "Room B"],
                [None, "Day 2\n16.05", "9:00 – 10:30", "Methods 1", "Business 1"],
                [None, None, "10:30 - 11:00", "Coffee", None],
                [None, None, "Hours", "Room A", "Room C"],
                [None, "Day 3\n17.05", "9:00 - 10:00", "Methods 2", "Education"],
            ],
        )
    )
    schedule = parse(data, None, ImportOptions(timezone=NEW_YORK, first_day=date(2027, 5, 15)))
    found = [(s.title, s.room, s.starts_at.astimezone(NEW_YORK).strftime("%d %H:%M")) for s in schedule.sessions]
    assert found == [
        ("Registration", "", "15 08:00"),
        ("Methods 1", "Room A", "16 09:00"),
        ("Business 1", "Room B", "16 09:00"),
        ("Coffee", "", "16 10:30"),
        ("Methods 2", "Room A", "17 09:00"),
        ("Education", "Room C", "17 09:00"),
    ]


SESSIONIZE_SESSION = {
    "id": "7",
    "title": " Lithium today ",
    "description": "<p>Why</p>",
    "startsAt": "2027-05-15T08:00:00",
    "endsAt": "2027-05-15T09:00:00",
    "speakers": [{"id": "a", "name": "Jane Doe"}],
    "room": "Hall A",
    "categories": [{"name": "Track", "categoryItems": [{"name": "Mood"}]}],
}


@pytest.mark.parametrize(
    "document",
    [
        pytest.param([{"groupId": None, "groupName": "All", "sessions": [SESSIONIZE_SESSION]}], id="view-Sessions"),
        pytest.param(
            [
                {
                    "date": "2027-05-15T00:00:00",
                    "rooms": [{"id": 1, "name": "Hall A", "sessions": [SESSIONIZE_SESSION]}],
                    "timeSlots": [],
                }
            ],
            id="view-GridSmart",
        ),
    ],
)
def test_sessionize_grouped_views_are_read(document):
    schedule = parse(json.dumps(document).encode(), None, ImportOptions(timezone=NEW_YORK))
    assert schedule.format == "sessionize-json"
    (session,) = schedule.sessions
    assert (session.title, session.room, session.track, session.abstract) == ("Lithium today", "Hall A", "Mood", "Why")
    assert (session.starts_at.hour, session.speakers[0].name) == (12, "Jane Doe")


def test_sessionize_times_without_a_zone_ask_for_one():
    data = json.dumps([{"groupId": 1, "sessions": [SESSIONIZE_SESSION]}]).encode()
    with pytest.raises(ScheduleFormatError, match="^all.json: Sessionize times carry no zone: a --timezone is needed"):
        parse(data, None, ImportOptions(filename="all.json"))


def test_indico_session_slots_keep_their_contributions_as_talks():
    when = {"date": "2027-05-15", "tz": "Europe/Zurich"}
    event = {
        "_fossil": "conferenceMetadataWithSessions",
        "timezone": "Europe/Zurich",
        "title": "Meeting",
        "startDate": {**when, "time": "09:00:00"},
        "sessions": [
            {
                "id": "s1",
                "title": "",
                "session": {"title": "Imaging", "code": "IM"},
                "room": "Hall 1",
                "startDate": {**when, "time": "09:00:00"},
                "endDate": {**when, "time": "10:30:00"},
                "conveners": [{"first_name": "Ana", "last_name": "Ruiz", "affiliation": "CERN"}],
                "contributions": [
                    {
                        "title": "Fast MRI",
                        "startDate": {**when, "time": "09:00:00"},
                        "endDate": {**when, "time": "09:20:00"},
                        "speakers": [{"fullName": "Chen, Bo", "first_name": "Bo", "last_name": "Chen"}],
                    }
                ],
            }
        ],
    }
    schedule = parse(json.dumps({"results": [event]}).encode(), None, ImportOptions())
    (session,) = schedule.sessions
    assert (schedule.format, schedule.timezone) == ("indico-json", "Europe/Zurich")
    assert (session.title, session.code) == ("Imaging", "IM")
    assert session.starts_at == datetime(2027, 5, 15, 7, 0, tzinfo=UTC)
    assert [(p.name, p.role, p.affiliation) for p in session.speakers] == [
        ("Ana Ruiz", "chair", "CERN"),
        ("Bo Chen", "presenter", ""),
    ]
    assert [(t.title, t.ends_at) for t in session.talks] == [("Fast MRI", datetime(2027, 5, 15, 7, 20, tzinfo=UTC))]


def test_upload_of_a_workbook_imports_its_program_sheet(auth):
    client, _ = auth.admin()
    data = workbook(
        (
            "Program",
            [
                ["Session #", "Title", "Date", "Start", "End"],
                ["S1", "Lithium", datetime(2099, 5, 15), time(8, 0), time(9, 0)],
            ],
        )
    )
    form = {"file": (io.BytesIO(data), "program.xlsx"), "timezone": "America/New_York"}
    response = client.post("/api/v1/conferences/apa-2099/imports", data=form, content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["format"], response.get_json()["created"]) == ("xlsx", 1)
    assert db.session.scalars(select(Session.code)).one() == "S1"


def test_excel_date_serial_in_a_date_column_is_a_date():
    data = workbook(("Program", [["Title", "Date", "Start", "End"], ["Lithium", 45795, "08:00", "09:00"]]))
    (session,) = parse(data, None, ImportOptions(timezone=NEW_YORK)).sessions
    assert session.starts_at == datetime(2025, 5, 18, 12, 0, tzinfo=UTC)


def test_mapped_header_below_a_title_row_is_found():
    text = "Programm 2027,,,\nTitel,Datum,Beginn,Ende\nFrühstück,2027-05-15,08:00,09:00\n"
    mapping = {"title": "Titel", "date": "Datum", "start": "Beginn", "end": "Ende"}
    (session,) = table(text, mapping=mapping).sessions
    assert (session.title, session.source_ref) == ("Frühstück", "row 3")


def test_sched_titles_rooms_and_speakers_are_read_apart(shared_fixture):
    relative = "sched/my-kubecon-eu-2026_sched_all.ics"
    if relative not in EXPECTED:
        pytest.skip("expected-2.json not found")
    schedule, reading = _read_fixture(relative, shared_fixture)
    for sample in reading["samples"]:
        (session,) = [s for s in schedule.sessions if s.title == _plain(sample["title"]) and s.room == sample["room"]][
            :1
        ]
        # Sched writes "Title - Name, Job title, Company & Name, ..." and the venue's address after every room
        written = [entry.split(",")[0].strip() for text in sample["speakers"] for entry in text.split(" & ")]
        assert [person.name for person in session.speakers] == written
