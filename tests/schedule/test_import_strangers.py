"""Program files of kinds not seen before, written as societies publish them: each is read right or refused in
one line naming what settles it (issue 21)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from conference.extensions import db
from conference.schedule.importers import ImportOptions, ScheduleFormatError, parse
from conference.schedule.models import Session
from tests.support.schedule_helpers import cli_import

NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")


def _read(text: str, filename: str = "program.csv", **options):
    """Parse a file's text with the conference's zone unless given otherwise."""
    options.setdefault("timezone", NEW_YORK)
    return parse(text.encode(), None, ImportOptions(filename=filename, **options))


def _local(parsed) -> list[tuple[str, str, str]]:
    """Return (title, start, end) of each session in New York time."""
    return [
        (s.title, f"{s.starts_at.astimezone(NEW_YORK):%m-%d %H:%M}", f"{s.ends_at.astimezone(NEW_YORK):%m-%d %H:%M}")
        for s in parsed.sessions
    ]


def test_a_session_column_of_short_titles_is_the_title_not_a_code():
    parsed = _read(
        "Date,Time,Session,Room\n5/16/2027,8:00 a.m. - 9:30 a.m.,Opening Plenary,Hall A\n"
        "5/16/2027,noon - 1:30 p.m.,Lunch Symposium,Hall B\n5/16/2027,2 p.m.–3:30 p.m.,Mood Disorders Update,Room 101\n"
    )
    assert _local(parsed) == [
        ("Opening Plenary", "05-16 08:00", "05-16 09:30"),
        ("Lunch Symposium", "05-16 12:00", "05-16 13:30"),
        ("Mood Disorders Update", "05-16 14:00", "05-16 15:30"),
    ]


@pytest.mark.parametrize("noon", ["12:00 noon", "12 noon", "Noon"])
def test_noon_and_midnight_written_with_their_clock(noon):
    parsed = _read(f"Date,Start,End,Title\n2027-05-16,{noon},1:00 pm,Lunch\n2027-05-16,10 p.m.,12 midnight,Late\n")
    assert _local(parsed) == [("Lunch", "05-16 12:00", "05-16 13:00"), ("Late", "05-16 22:00", "05-17 00:00")]


def test_a_header_on_two_rows_is_read_from_its_lower_row():
    parsed = _read(
        ",Time,,Session,\nDate,Start,End,Title,Room\n2027-05-16,09:00,10:00,Opening,Hall\n"
        "2027-05-16,10:30,12:00,Workshop A,Room 2\n"
    )
    assert [(s.title, s.room) for s in parsed.sessions] == [("Opening", "Hall"), ("Workshop A", "Room 2")]


def test_notes_under_the_header_and_totals_below_the_program_are_left_out_with_a_warning():
    parsed = _read(
        "APA Annual Meeting 2027,,,\nDate,Start,End,Title\n,,,(all times Eastern)\n2027-05-16,09:00,10:00,Opening\n"
        "2027-05-16,10:30,12:00,Workshop A\n,,,\nTotal,,,2\n"
    )
    assert _local(parsed) == [("Opening", "05-16 09:00", "05-16 10:00"), ("Workshop A", "05-16 10:30", "05-16 12:00")]
    assert parsed.sessions[1].talks == ()
    assert any("row 3: not a session" in w for w in parsed.warnings)
    assert any("row 7: not a session" in w and "Total" in w for w in parsed.warnings)


def test_a_dated_row_without_time_is_warned_about_not_silently_dropped():
    parsed = _read("Date,Start,End,Title\n2027-05-16,09:00,10:00,Opening\n2027-05-16,,,Poster walk\n")
    assert [s.title for s in parsed.sessions] == ["Opening"]
    assert any("row 3" in w and "Poster walk" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("header", "values", "lengths"),
    [
        ("Dauer (h)", ("1,5", "0,75"), (90, 45)),
        ("Duration (hours)", ("1.5", "1"), (90, 60)),
    ],
)
def test_a_duration_column_is_read_in_the_unit_its_header_states(header, values, lengths):
    text = (
        f"Datum;Beginn;{header};Titel\n18.05.2027;09:00;{values[0]};Eröffnung\n18.05.2027;11:00;{values[1]};Vortrag\n"
    )
    parsed = _read(text)
    assert [s.ends_at - s.starts_at for s in parsed.sessions] == [timedelta(minutes=m) for m in lengths]
    assert [f"{s.starts_at.astimezone(NEW_YORK):%m-%d %H:%M}" for s in parsed.sessions] == [
        "05-18 09:00",
        "05-18 11:00",
    ]


def test_a_zone_in_the_time_columns_header_is_the_files_zone():
    parsed = _read("Date,Time (CEST),Title\n2027-05-16,9:00-10:00,Opening\n", timezone=None)
    assert parsed.timezone == "Europe/Paris"
    assert parsed.sessions[0].starts_at == datetime(2027, 5, 16, 7, tzinfo=UTC)


def test_program_json_with_utc_offsets_needs_no_zone():
    program = {
        "days": [
            {
                "date": "2027-05-16",
                "rooms": [
                    {
                        "name": "Hall A",
                        "sessions": [
                            {
                                "id": "s1",
                                "title": "Opening",
                                "start": "2027-05-16T09:00:00-04:00",
                                "end": "2027-05-16T10:00:00-04:00",
                                "speakers": [{"name": "Dr. Ann Lee", "affiliation": "Yale"}],
                            },
                            {
                                "id": "s2",
                                "title": "Keynote",
                                "start": "2027-05-16T14:30:00Z",
                                "end": "2027-05-16T15:30:00Z",
                                "speakers": "Bob Smith, Carol Jones",
                            },
                        ],
                    },
                ],
            }
        ]
    }
    parsed = _read(json.dumps(program), "program.json", timezone=None)
    assert _local(parsed) == [("Opening", "05-16 09:00", "05-16 10:00"), ("Keynote", "05-16 10:30", "05-16 11:30")]
    assert [[p.name for p in s.speakers] for s in parsed.sessions] == [["Ann Lee"], ["Bob Smith", "Carol Jones"]]
    assert [s.room for s in parsed.sessions] == ["Hall A", "Hall A"]


def test_program_json_with_unix_timestamps_needs_no_zone():
    program = {"events": [{"name": "Open", "start_time": 1810472400, "end_time": 1810476000}]}
    parsed = _read(json.dumps(program), "program.json", timezone=None)
    assert parsed.sessions[0].starts_at == datetime.fromtimestamp(1810472400, UTC)


@pytest.mark.parametrize("empty", ['""', "null"])
def test_a_program_json_session_without_start_is_refused_not_attached_to_the_one_before(empty):
    sessions = (
        f'[{{"title": "A", "date": "2027-05-16", "start": "09:00", "end": "10:00"}}, '
        f'{{"title": "B", "date": "2027-05-16", "start": {empty}}}, '
        f'{{"title": "C", "start": "11:00", "end": "12:00"}}]'
    )
    with pytest.raises(ScheduleFormatError, match=r"^program.json: session 2: no start"):
        _read(sessions, "program.json", first_day=date(2027, 5, 16))
    parsed = _read(sessions, "program.json", first_day=date(2027, 5, 16), skip_invalid=True)
    assert [(s.title, s.talks) for s in parsed.sessions] == [("A", ()), ("C", ())]
    assert len(parsed.skipped) == 1


def test_a_javascript_file_whose_first_literal_is_not_the_program():
    text = (
        "// generated\nconst rooms = ['Hall A', 'Hall B'];\n"
        "const sessions = [{title: 'Opening', date: '2027-05-16', start: '09:00', end: '10:00',},\n"
        "  /* moved */ {title: 'Close', date: '2027-05-16', start: '16:00', end: '17:00'},];\n"
        "module.exports = {rooms, sessions};\n"
    )
    parsed = _read(text, "program.js")
    assert _local(parsed) == [("Opening", "05-16 09:00", "05-16 10:00"), ("Close", "05-16 16:00", "05-16 17:00")]


_LANES = (
    "Time,Lisbon,Porto,Faro\n09:00-10:00,Opening plenary session,,\n"
    "10:30-11:30,Mood disorders in youth,Sleep and psychosis,Addiction treatment today\n12:00-13:00,Lunch,,\n"
)


def test_a_grid_whose_lanes_are_plain_names_is_refused_naming_both_mappings():
    with pytest.raises(ScheduleFormatError) as refused:
        _read(_LANES, first_day=date(2027, 5, 16))
    message = str(refused.value)
    assert "\n" not in message and message.startswith("program.csv: the columns Lisbon, Porto, Faro all hold titles")
    assert "--map room=Lisbon|Porto|Faro" in message and "--map title=Lisbon" in message


def test_a_grid_whose_room_columns_are_mapped_is_a_session_per_filled_cell():
    parsed = _read(_LANES, first_day=date(2027, 5, 16), mapping={"room": "Lisbon|Porto|Faro"})
    assert [(s.title, s.room, f"{s.starts_at.astimezone(NEW_YORK):%H:%M}") for s in parsed.sessions] == [
        ("Opening plenary session", "", "09:00"),
        ("Mood disorders in youth", "Lisbon", "10:30"),
        ("Sleep and psychosis", "Porto", "10:30"),
        ("Addiction treatment today", "Faro", "10:30"),
        ("Lunch", "", "12:00"),
    ]


def test_the_command_line_names_several_room_columns(runner, tmp_path):
    result = cli_import(
        runner, tmp_path, _LANES, "--map", "room=Lisbon,room=Porto,room=Faro", "--first-day", "2027-05-16"
    )
    assert result.exit_code == 0, result.output
    assert sorted(db.session.scalars(select(Session.title))) == [
        "Addiction treatment today",
        "Lunch",
        "Mood disorders in youth",
        "Opening plenary session",
        "Sleep and psychosis",
    ]


def test_speakers_on_rows_under_merged_session_cells_belong_to_the_session():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Time", "Session", "Speaker", "Room"])
    sheet.append([date(2027, 5, 16), "9:00 AM - 10:30 AM", "Symposium: Early Psychosis", "Ann Lee", "Hall A"])
    sheet.append([None, None, None, "Bob Smith", None])
    sheet.append([None, "11:00 AM - 12:00 PM", "Keynote on Sleep", "Carol Jones", "Hall B"])
    for cells in ("A2:A4", "B2:B3", "C2:C3", "E2:E3"):
        sheet.merge_cells(cells)
    data = io.BytesIO()
    workbook.save(data)
    parsed = parse(data.getvalue(), None, ImportOptions(timezone=NEW_YORK, filename="program.xlsx"))
    assert [(s.title, [p.name for p in s.speakers], s.room) for s in parsed.sessions] == [
        ("Symposium: Early Psychosis", ["Ann Lee", "Bob Smith"], "Hall A"),
        ("Keynote on Sleep", ["Carol Jones"], "Hall B"),
    ]
    assert not any("left out" in warning for warning in parsed.warnings)


#: sessions within a longer one that are no run of its talks: a day's frame, one session inside another,
#: parallel sessions in other rooms
_NOT_TALKS = (
    "2027-05-16,08:00-17:00,Exhibit hall open,\n2027-05-16,08:00-09:00,Breakfast,\n2027-05-16,09:00-10:00,Opening,\n"
    "2027-05-17,13:00-15:00,Poster session,\n2027-05-17,13:00-14:00,Lunch,\n2027-05-17,15:00-16:00,Plenary,\n"
    "2027-05-18,09:00-10:30,Symposium,A\n2027-05-18,09:00-09:45,Workshop,B\n2027-05-18,09:45-10:30,Course,B\n"
)


def test_rows_that_fill_a_session_in_order_are_its_talks_and_sessions_within_a_longer_one_are_not():
    parsed = _read(
        "Date,Time,Title,Speaker,Room\n2027-05-16,09:00-10:30,Symposium: Early Psychosis,Chair: Ann Lee,Hall A\n"
        "2027-05-16,09:00-09:30,Clozapine first,Bob Smith,\n"
        "2027-05-16,09:30-10:10,CBT for psychosis,Carol Jones,Hall A\n"
        "2027-05-16,10:30-11:30,Keynote,Dan Brown,Hall A\n"
    )
    talks = [[(t.title, f"{t.starts_at.astimezone(NEW_YORK):%H:%M}") for t in s.talks] for s in parsed.sessions]
    assert [s.title for s in parsed.sessions] == ["Symposium: Early Psychosis", "Keynote"]
    assert talks == [[("Clozapine first", "09:00"), ("CBT for psychosis", "09:30")], []]
    assert [p.name for p in parsed.sessions[0].speakers] == ["Ann Lee", "Bob Smith", "Carol Jones"]
    separate = _read("Date,Time,Title,Room\n" + _NOT_TALKS)
    assert [len(s.talks) for s in separate.sessions] == [0] * 9


def test_a_program_json_session_holding_timed_talks_is_one_session_with_its_talks():
    program = {
        "sessions": [
            {
                "title": "Symposium",
                "date": "2027-05-16",
                "start": "09:00",
                "end": "10:30",
                "room": "Hall A",
                "talks": [
                    {"title": "Clozapine", "start": "09:00", "end": "09:30"},
                    {"title": "CBT", "start": "09:30", "end": "10:00"},
                ],
            },
            {"title": "Keynote", "date": "2027-05-16", "start": "11:00", "end": "12:00"},
        ]
    }
    parsed = _read(json.dumps(program), "program.json")
    assert [(s.title, s.room, [t.title for t in s.talks]) for s in parsed.sessions] == [
        ("Symposium", "Hall A", ["Clozapine", "CBT"]),
        ("Keynote", "", []),
    ]


@pytest.mark.parametrize(
    ("xml", "found"),
    [
        (
            '<?xml version="1.0"?><program><session id="1"><title>Opening</title><date>2027-05-16</date>'
            "<time>09:00</time></session></program>",
            "an XML file without <schedule>",
        ),
        (
            '<?xml version="1.0"?><schedule><day date="2027-05-16"><session><title>Opening</title><time>09:00</time>'
            "</session></day></schedule>",
            "a <schedule> without <day><room><event> elements",
        ),
    ],
)
def test_xml_of_a_conference_site_that_is_not_frab_is_refused_in_one_line_saying_what_to_export(xml, found):
    with pytest.raises(ScheduleFormatError) as refused:
        _read(xml, "program.xml")
    message = str(refused.value)
    assert message.startswith(f"program.xml: {found}") and "\n" not in message
    assert message.endswith("export the program as CSV, Excel, iCalendar or JSON")


def test_a_column_of_am_and_pm_beside_the_start_says_its_half_of_the_day():
    parsed = _read(
        "Date,Time,AM/PM,Title\n2027-05-16,9:00,AM,Opening\n2027-05-16,8:00,PM,Evening gala\n"
        "2027-05-16,7:30,a.m.,Breakfast\n2027-05-16,1:00 PM,PM,Lunch talk\n"
    )
    assert [(s.title, f"{s.starts_at.astimezone(NEW_YORK):%H:%M}") for s in parsed.sessions] == [
        ("Opening", "09:00"),
        ("Evening gala", "20:00"),
        ("Breakfast", "07:30"),
        ("Lunch talk", "13:00"),
    ]
    assert not any("not imported" in warning for warning in parsed.warnings)


def test_a_calendar_of_all_day_events_only_is_refused_saying_what_it_holds():
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "X-WR-TIMEZONE:America/New_York\r\nBEGIN:VEVENT\r\nUID:d1@google.com\r\nSUMMARY:Registration open\r\n"
        "DTSTART;VALUE=DATE:20270516\r\nDTEND;VALUE=DATE:20270517\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
        "UID:d2@google.com\r\nSUMMARY:Exhibits\r\nDTSTART;VALUE=DATE:20270517\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    with pytest.raises(ScheduleFormatError) as refused:
        _read(calendar, "program.ics")
    assert str(refused.value) == (
        "program.ics: the file has no sessions (UID d1@google.com: all-day event 'Registration open' is not a "
        "session; skipped, and 1 more notes): nothing was imported"
    )


@pytest.mark.parametrize("dash", ["‒", "―", "−", "~", "〜"])
def test_ranges_written_with_other_dashes_and_tildes(dash):
    parsed = _read(f"Date,Time,Title\n2027-05-16,09:00 {dash} 10:00,A\n2027-05-16,10:00{dash}11:00,B\n")
    assert _local(parsed) == [("A", "05-16 09:00", "05-16 10:00"), ("B", "05-16 10:00", "05-16 11:00")]


def test_a_row_whose_time_cannot_be_read_is_refused_not_taken_for_a_talk_of_the_session_above():
    with pytest.raises(ScheduleFormatError, match=r"^program.csv: row 3: cannot read '10:00 to be confirmed' as a"):
        _read("Date,Time,Title\n2027-05-16,09:00-10:00,A\n2027-05-16,10:00 to be confirmed,B\n")


def test_an_evening_end_in_a_twelve_hour_table_without_am_or_pm():
    parsed = _read(
        "Date,Time,Title\n2027-05-16,8:00-9:00,Breakfast\n2027-05-16,11:00-12:00,Late morning\n"
        "2027-05-16,1:00-2:00,Afternoon\n2027-05-16,6:30-8:00,Dinner\n"
    )
    assert _local(parsed)[-2:] == [
        ("Afternoon", "05-16 13:00", "05-16 14:00"),
        ("Dinner", "05-16 18:30", "05-16 20:00"),
    ]


def test_a_grid_of_times_by_days_dates_each_cell_by_its_column():
    parsed = _read(
        "Time,Saturday May 15 2027,Sunday May 16 2027\n09:00-10:00,Opening,Day two opening\n10:30-11:30,Mood,\n"
    )
    assert sorted(_local(parsed)) == [
        ("Day two opening", "05-16 09:00", "05-16 10:00"),
        ("Mood", "05-15 10:30", "05-15 11:30"),
        ("Opening", "05-15 09:00", "05-15 10:00"),
    ]


def test_a_grid_header_continued_on_a_second_row_under_the_time_column():
    parsed = _read(
        ",Track 1,Track 2\nTime,Clinical,Research\n09:00-10:00,Opening,\n10:30-11:30,Mood,Sleep\n",
        first_day=date(2027, 5, 16),
    )
    rooms = [(s.title, s.room) for s in parsed.sessions]
    assert rooms == [("Opening", ""), ("Mood", "Clinical"), ("Sleep", "Research")]


def test_program_json_whose_times_and_room_sit_in_a_slot_and_texts_in_several_languages():
    talks = {
        "count": 2,
        "results": [
            {
                "code": "ABC",
                "title": "Talk one",
                "speakers": [{"code": "X", "name": "Jane Doe"}],
                "slot": {
                    "start": "2027-05-16T09:00:00+02:00",
                    "end": "2027-05-16T09:45:00+02:00",
                    "room": {"en": "Saal 1"},
                },
            },
            {
                "code": "DEF",
                "title": {"en": "Talk two", "de": "Vortrag zwei"},
                "speakers": [],
                "slot": {
                    "start": "2027-05-16T10:00:00+02:00",
                    "end": "2027-05-16T10:45:00+02:00",
                    "room": {"de": "Saal 2"},
                },
            },
        ],
    }
    parsed = _read(json.dumps(talks), "talks.json", timezone=None)
    assert [(s.title, s.room, s.starts_at) for s in parsed.sessions] == [
        ("Talk one", "Saal 1", datetime(2027, 5, 16, 7, tzinfo=UTC)),
        ("Talk two", "Saal 2", datetime(2027, 5, 16, 8, tzinfo=UTC)),
    ]


def test_a_sites_own_json_under_a_schedule_key_is_not_taken_for_pretalx():
    program = {
        "schedule": {
            "days": [
                {
                    "day": "Monday, May 17, 2027",
                    "events": [
                        {"start": "9:00 AM", "end": "10:00 AM", "name": "Opening", "speakers": "Ann Lee; Bob Smith"}
                    ],
                }
            ]
        }
    }
    parsed = _read(json.dumps(program), "program.json")
    assert _local(parsed) == [("Opening", "05-17 09:00", "05-17 10:00")]
    assert [p.name for p in parsed.sessions[0].speakers] == ["Ann Lee", "Bob Smith"]


def test_time_ranges_of_bare_hours_in_the_time_column():
    parsed = _read(
        "Date,Time,Title,Code\n2027-05-16,9-10,One,1-1\n2027-05-16,10-11:30,Two,1-2\n2027-05-16,1-2,Three,2-1\n"
    )
    assert _local(parsed) == [
        ("One", "05-16 09:00", "05-16 10:00"),
        ("Two", "05-16 10:00", "05-16 11:30"),
        ("Three", "05-16 13:00", "05-16 14:00"),
    ]
    assert [s.code for s in parsed.sessions] == ["1-1", "1-2", "2-1"]
    german = _read("Datum;Zeit;Titel\n16.05.2027;14-15 Uhr;Vier\n")
    assert _local(german) == [("Vier", "05-16 14:00", "05-16 15:00")]


def test_a_list_of_speakers_written_last_name_first():
    parsed = _read('Datum;Zeit;Titel;Referenten\n16.05.2027;09:00-10:00;Eröffnung;"Müller, Anna; Weber, Hans"\n')
    assert [p.name for p in parsed.sessions[0].speakers] == ["Anna Müller", "Hans Weber"]
    credentials = _read('Date,Time,Title,Speakers\n2027-05-16,09:00-10:00,Opening,"Doe, MD; Roe, PhD"\n')
    assert [(p.name, p.credentials) for p in credentials.sessions[0].speakers] == [("Doe", "MD"), ("Roe", "PhD")]


@pytest.mark.parametrize("tzid", ["Mountain Time (US & Canada)", '"(UTC-07:00) Mountain Time (US & Canada)"'])
def test_an_outlook_calendar_naming_its_zone_as_outlook_displays_it_without_a_vtimezone(tzid):
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Opening\r\nDTSTART;TZID={tzid}:20270516T090000\r\n"
        f"DTEND;TZID={tzid}:20270516T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    parsed = _read(calendar, "program.ics", timezone=None)
    assert parsed.sessions[0].starts_at == datetime(2027, 5, 16, 15, tzinfo=UTC)
    assert parsed.timezone == "America/Denver"
