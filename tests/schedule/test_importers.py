"""Schedule parsers: real files published by other conferences, and small cases for every variant and failure."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conference.schedule.importers import ImportOptions, ScheduleFormatError, decode_text, detect_format, parse
from conference.schedule.importers.people import display_name, parse_people, take_role_lines
from conference.schedule.importers.records import SpeakerRecord
from conference.schedule.importers.text import lines, text_lines

UTC = UTC
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def at(*parts: int) -> datetime:
    """Return a UTC datetime."""
    return datetime(*parts, tzinfo=UTC)


def read(path, fmt=None, **options):
    """Parse a file from disk as an upload would be parsed."""
    return parse(path.read_bytes(), fmt, ImportOptions(filename=path.name, **options))


def by_id(schedule, external_id):
    """Return the one session with that external_id."""
    (session,) = [s for s in schedule.sessions if s.external_id == external_id]
    return session


def speaker_count(schedule):
    """Return how many speaker appearances a schedule has."""
    return sum(len(session.speakers) for session in schedule.sessions)


def csv_file(text: str, **options):
    """Parse an inline CSV program of a conference in New York."""
    options.setdefault("timezone", NEW_YORK)
    options.setdefault("filename", "program.csv")
    return parse(text.encode(), "csv", ImportOptions(**options))


def ics_file(events: str, header: str = "", **options):
    """Parse an inline calendar holding events."""
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{header}{events}END:VCALENDAR\r\n"
    return parse(text.encode(), "ics", ImportOptions(filename="feed.ics", **options))


def frab_file(events: str, conference: str = "", day: str = 'date="2027-05-15"', **options):
    """Parse an inline frab schedule.xml with one day and one room."""
    text = (
        f'<?xml version="1.0"?><schedule><conference><title>APA 2027</title>{conference}</conference>'
        f'<day index="1" {day}><room name="Hall A">{events}</room></day></schedule>'
    )
    return parse(text.encode(), "frab-xml", ImportOptions(filename="schedule.xml", **options))


# --- real files ---------------------------------------------------------------------------------


def test_voctosched_csv_gives_29_sessions_with_pipe_separated_speakers(shared_fixture):
    schedule = read(shared_fixture("csv/voctosched_gpn11.csv"), timezone=BERLIN)
    assert len(schedule.sessions) == 29
    assert speaker_count(schedule) == 33
    gsm = by_id(schedule, "10")
    assert [s.name for s in gsm.speakers] == ["Konrad Meier", "Dennis Wehrle"]
    assert (gsm.starts_at, gsm.ends_at) == (at(2011, 6, 24, 15, 30), at(2011, 6, 24, 16, 30))
    assert by_id(schedule, "1").ends_at - by_id(schedule, "1").starts_at == timedelta(hours=1, minutes=30)
    assert "columns not imported: Day, Language, File URL" in schedule.warnings[0]


def test_voctosched_csv_keeps_abstract_and_multiline_description(shared_fixture):
    what_to_hack = by_id(read(shared_fixture("csv/voctosched_gpn11.csv"), timezone=BERLIN), "1")
    assert what_to_hack.abstract.startswith("Was auf der GPN alles gebastelt werden wird")
    assert '\n\nVorstellung von Bastelprojekten auf der GPN:\n\n    "Hacker werden hacken"' in what_to_hack.abstract


def test_fosdem_xml_takes_start_from_day_date_and_given_zone(shared_fixture):
    schedule = read(shared_fixture("frab_xml/giggity_fosdem_2021.schedule.xml"), timezone=ZoneInfo("Europe/Brussels"))
    assert len(schedule.sessions) == 773
    assert speaker_count(schedule) == 818
    assert sum(1 for s in schedule.sessions if not s.speakers) == 102
    welcome = by_id(schedule, "11795")
    assert (welcome.starts_at, welcome.ends_at) == (at(2021, 2, 6, 8, 0), at(2021, 2, 6, 8, 25))
    assert welcome.abstract == "FOSDEM welcome and opening talk.\n\nWelcome to FOSDEM 2021!"
    assert (welcome.room, welcome.track, welcome.kind) == ("K.fosdem", "FOSDEM", "maintrack")
    assert (schedule.name, schedule.timezone) == ("FOSDEM 2021", None)


def test_fosdem_xml_without_a_zone_asks_for_one(shared_fixture):
    with pytest.raises(ScheduleFormatError, match="giggity_fosdem_2021.schedule.xml: .*a --timezone is needed"):
        read(shared_fixture("frab_xml/giggity_fosdem_2021.schedule.xml"))


def test_38c3_xml_uses_event_date_with_offset_and_guid(shared_fixture):
    schedule = read(shared_fixture("frab_xml/eventfahrplan_38c3_hub.schedule.xml"))
    assert len(schedule.sessions) == 1007
    assert speaker_count(schedule) == 1032
    opening = by_id(schedule, "270fa44c-821a-577f-8ca3-33e8d4a8c2a7")
    assert (opening.starts_at, opening.ends_at) == (at(2024, 12, 27, 9, 30), at(2024, 12, 27, 10, 0))
    assert [s.name for s in opening.speakers] == ["Gabriela Bogk", "Senficon", "Aline Blankertz"]
    assert (schedule.name, schedule.timezone) == ("38C3", "Europe/Berlin")
    assert any("🚀" in s.title for s in schedule.sessions)


def test_camp2019_json_gives_79_sessions(shared_fixture):
    schedule = read(shared_fixture("json/c3voc_frab-camp2019.schedule.json"))
    assert len(schedule.sessions) == 79
    assert speaker_count(schedule) == 96
    opening = by_id(schedule, "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4")
    assert opening.starts_at == at(2019, 8, 21, 9, 0)
    assert [s.name for s in opening.speakers] == ["jinxx", "smtw"]
    assert (schedule.name, schedule.timezone) == ("Chaos Communication Camp 2019", "Europe/Berlin")


def test_democon_json_trusts_event_offsets_over_stated_utc(shared_fixture):
    schedule = read(shared_fixture("json/c3voc_pretalx-democon.schedule.json"))
    assert len(schedule.sessions) == 36
    assert speaker_count(schedule) == 43
    talk = by_id(schedule, "8079583e-8321-506c-95af-fd2903a5f075")
    assert (talk.starts_at, talk.ends_at) == (at(2020, 12, 14, 8, 0), at(2020, 12, 14, 8, 30))
    assert [s.name for s in talk.speakers] == ["Brian Robinson"]
    assert schedule.timezone == "UTC"


def test_lca2020_ics_resolves_iana_tzid_without_vtimezone(shared_fixture):
    schedule = read(shared_fixture("ics/giggity_linux_conf_au_2020.ics"))
    assert len(schedule.sessions) == 262
    assert speaker_count(schedule) == 190
    welcome = by_id(schedule, "94@lca2020.linux.org.au")
    assert welcome.starts_at == at(2020, 1, 14, 23, 0)  # 09:00 in Brisbane, UTC+10
    assert [s.name for s in welcome.speakers] == ["Joel Addison"]
    assert welcome.abstract == "Opening Remarks and Housekeeping"
    assert schedule.timezone == "Australia/Brisbane"


def test_lca2020_ics_strips_html_from_descriptions(shared_fixture):
    breakfast = by_id(read(shared_fixture("ics/giggity_linux_conf_au_2020.ics")), "201@lca2020.linux.org.au")
    assert breakfast.abstract.startswith("Women of Open Technology Breakfast, Presented by ThoughtWorks\n\nOnly for")
    assert "<" not in breakfast.abstract


def test_pyconuk_ics_imports_its_untitled_slots_naming_them(shared_fixture):
    # RFC 5545 makes SUMMARY optional: such events are imported under a placeholder, with a warning each
    # (they refused the whole file before).
    schedule = read(shared_fixture("ics/pyconuk_2015_schedule.ics"))
    untitled = [s for s in schedule.sessions if s.title == "Untitled session"]
    assert len(untitled) == 4
    assert any(
        re.match(r"^pyconuk_2015_schedule.ics: UID 20160417T070217Z-29953@.*: no SUMMARY", warning)
        for warning in schedule.warnings
    )


def test_pyconuk_ics_reads_talk_by_speakers_from_the_summary(shared_fixture):
    schedule = read(shared_fixture("ics/pyconuk_2015_schedule.ics"))
    assert len(schedule.sessions) == 162
    assert speaker_count(schedule) == 74
    (gil,) = [s for s in schedule.sessions if s.title == "Python's Infamous GIL"]
    assert (gil.kind, [s.name for s in gil.speakers]) == ("talk", ["Larry Hastings"])
    assert gil.starts_at == at(2015, 9, 18, 10, 30)
    names = {s.name for session in schedule.sessions for s in session.speakers}
    assert {"Jørn Lomax", "Francisco Fernández Castaño"} <= names
    assert schedule.name == "PyCon UK 2015 Schedule"  # X-WR-CALNAME comes after the events


def test_google_ics_expands_recurrences_over_the_one_off_events_days_at_most_a_month(shared_fixture):
    schedule = read(shared_fixture("ics/rie_google_machbar_potsdam.ics"))
    # this calendar spans two years; its weekly series start after its first month
    assert len(schedule.sessions) == 31
    assert not [s for s in schedule.sessions if "@20" in s.external_id]
    assert speaker_count(schedule) == 0  # its only ATTENDEE is a calendar without a name
    assert "occurrences from 2017-06-29 to 2017-07-29 are imported" in schedule.warnings[-1]
    assert sum("all-day event" in warning for warning in schedule.warnings) == 3
    assert (schedule.name, schedule.timezone) == ("machBar - Öffentlich", "Europe/Berlin")


SCHOOL_CLASS = "7g6502aejkun96i5fenfu6hvc1@google.com"  # weekly on Thursdays, 08:30 in Berlin


def test_google_ics_recurrence_keeps_wall_clock_time_across_dst(shared_fixture):
    path = shared_fixture("ics/rie_google_machbar_potsdam.ics")
    schedule = read(path, first_day=date(2019, 3, 25), last_day=date(2019, 4, 7))
    class_starts = sorted(s.starts_at for s in schedule.sessions if s.external_id.startswith(SCHOOL_CLASS))
    assert class_starts == [at(2019, 3, 28, 7, 30), at(2019, 4, 4, 6, 30)]  # before and after DST began on 31 March
    assert f"{SCHOOL_CLASS}@2019-04-04T06:30:00+00:00" in {s.external_id for s in schedule.sessions}
    assert len(schedule.sessions) == 43


def test_google_ics_honours_exdate(shared_fixture):
    path = shared_fixture("ics/rie_google_machbar_potsdam.ics")
    schedule = read(path, first_day=date(2019, 3, 1), last_day=date(2019, 3, 15))
    class_days = {s.starts_at.date() for s in schedule.sessions if s.external_id.startswith(SCHOOL_CLASS)}
    assert class_days == {date(2019, 3, 14)}  # 7 March is an EXDATE


def test_exchange_ics_maps_windows_zone_name(shared_fixture):
    schedule = read(shared_fixture("ics/icalendar_exchange2010_eastern_standard_time.ics"))
    (session,) = schedule.sessions
    assert (session.starts_at, session.ends_at) == (at(2024, 10, 28, 21, 0), at(2024, 10, 28, 22, 0))
    assert schedule.timezone == "America/New_York"
    assert speaker_count(schedule) == 0


# Exchange UIDs of the events in nodeical_exchange2010_ms_timezones.ics
BROKEN_JIRA_EVENT = (
    "040000008200E00074C5B7101A82E008000000008001F1896B63D3010000000000000000100000005D0552D848712746896D6C8E2E066560"
)
W_EUROPE_EVENT = (
    "040000008200E00074C5B7101A82E0080000000070DE40F38786D601000000000000000010000000D2A9BA8A3668CA4ABB2CC6838268179F"
)
PACIFIC_EVENT = (
    "040000008200E00074C5B7101A82E008000000007070639B9D82D601000000000000000010000000690B7C3173632247A60664DDD8E0160E"
)


def test_exchange_ics_with_broken_dtstart_fails_naming_the_uid(shared_fixture):
    with pytest.raises(ScheduleFormatError) as error:
        read(shared_fixture("ics/nodeical_exchange2010_ms_timezones.ics"))
    assert f"UID {BROKEN_JIRA_EVENT}: " in str(error.value)
    assert "broken DTSTART;TZID=W. Europe Standard Time:20200609T090000" in str(error.value)


def test_exchange_ics_with_skip_invalid_skips_the_broken_event_and_reads_the_others(shared_fixture):
    schedule = read(shared_fixture("ics/nodeical_exchange2010_ms_timezones.ics"), skip_invalid=True)
    assert len(schedule.skipped) == 1 and "broken DTSTART" in schedule.skipped[0]
    # two one-off events, and the recurring one on the four days they span (Tue, Thu, Fri, Sun)
    assert len(schedule.sessions) == 6
    assert speaker_count(schedule) == 0
    assert by_id(schedule, W_EUROPE_EVENT).starts_at == at(2020, 9, 10, 7, 0)  # 09:00 CEST
    assert by_id(schedule, PACIFIC_EVENT).starts_at == at(2020, 9, 15, 15, 30)  # 08:30 PDT
    recurring = sorted(s.starts_at for s in schedule.sessions if "@" in s.external_id)
    assert recurring == [at(2020, 9, day, 19, 0) for day in (10, 11, 13, 15)]
    assert schedule.timezone is None  # several zones are used


def test_podio_ics_unfolds_tab_folded_lines(shared_fixture):
    schedule = read(shared_fixture("ics/icalendar_podio_tab_folding_non_ascii.ics"))
    (session,) = schedule.sessions
    assert session.title == 'Termin 4353 und"so"'
    assert session.abstract.startswith("Toller Termin für")
    assert session.starts_at == at(2022, 2, 22, 18, 30)
    assert (session.room, schedule.name, schedule.timezone) == ("online", "view52593586", "Europe/Berlin")
    assert speaker_count(schedule) == 0


def test_ics_without_end_vcalendar_is_an_error_naming_the_line(shared_fixture):
    with pytest.raises(ScheduleFormatError, match="BEGIN:VCALENDAR on line 1 has no END:VCALENDAR"):
        read(shared_fixture("malformed/icalendar_missing_end_vcalendar.ics"))


def test_ics_with_invalid_dtstart_is_an_error_naming_the_uid(shared_fixture):
    with pytest.raises(ScheduleFormatError, match="UID test-123: broken DTSTART: .*INVALID-DATE"):
        read(shared_fixture("malformed/icalendar_broken_dtstart_invalid_date.ics"))


def test_ics_that_icalendar_cannot_parse_is_a_format_error(shared_fixture):
    with pytest.raises(ScheduleFormatError, match="icalendar_fuzz_invalid_month.ics: not a readable iCalendar file"):
        read(shared_fixture("malformed/icalendar_fuzz_invalid_month.ics"))


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("csv/voctosched_gpn11.csv", "csv"),
        ("ics/pyconuk_2015_schedule.ics", "ics"),
        ("frab_xml/giggity_fosdem_2021.schedule.xml", "frab-xml"),
        ("frab_xml/eventfahrplan_38c3_hub.schedule.xml", "frab-xml"),
        ("json/c3voc_pretalx-democon.schedule.json", "pretalx-json"),
    ],
)
def test_format_is_detected_from_content(shared_fixture, fixture, fmt):
    assert detect_format(shared_fixture(fixture).read_bytes()) == fmt


# --- decoding and format detection ----------------------------------------------------------------


def test_empty_file_says_so():
    with pytest.raises(ScheduleFormatError, match="^program.csv: file is empty$"):
        parse(b" \r\n", None, ImportOptions(filename="program.csv"))


def test_latin1_file_is_read_as_windows_1252():
    # Files saved by Excel on Windows are read in their encoding now (they were refused as not UTF-8).
    assert decode_text("Title,Date\nCaf\u00e9,2027-05-15\n".encode("latin-1")) == "Title,Date\nCaf\u00e9,2027-05-15\n"


def test_utf16_file_is_read():
    # Excel's "Unicode text" export is UTF-16; it is read now (it was refused before)
    assert decode_text("Title,Date\n".encode("utf-16")) == "Title,Date\n"


def test_decoding_drops_bom_crlf_and_control_characters():
    assert decode_text(b"\xef\xbb\xbfTitle\x07,Date\r\nA\tB,\x00x\r\n") == "Title,Date\nA\tB,x\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfTitle\x07,Date\r\nA\tB,\x00x\r\n",
        b"Title,Date\rold Mac\r\rlines\r",
        "Caf\u00e9,\u2028\U0001f600\n\n  \nlast line without end\x85".encode(),
        b"\xef\xbb\xbf\n\xef\xbb\xbfa BOM past the start stays\n\x07",
    ],
)
def test_lines_decoded_one_at_a_time_are_those_of_the_whole_text(data):
    assert list(text_lines(data)) == list(lines(decode_text(data)))


def test_an_unforeseen_parser_failure_names_the_detected_format(monkeypatch):
    def broken(lines, options):
        raise LookupError("no such cell")

    monkeypatch.setattr("conference.schedule.importers.csv.parse", broken)
    with pytest.raises(ScheduleFormatError, match=r"^p.csv: cannot be read as csv \(LookupError: no such cell\)$"):
        parse(b"Title,Start\nTalk,9:00\n", None, ImportOptions(filename="p.csv"))


def test_unknown_content_is_not_guessed():
    with pytest.raises(ScheduleFormatError, match="unknown format"):
        detect_format(b"just some words")


def test_html_page_is_not_taken_for_frab_xml():
    with pytest.raises(ScheduleFormatError, match="the file is an HTML page"):
        detect_format(b"<!DOCTYPE html><html><body>Program</body></html>")


def test_unknown_format_name_lists_the_known_ones():
    known = "csv, ics, frab-xml, pretalx-json, json, sessionize-json, indico-json, xlsx"
    with pytest.raises(ScheduleFormatError, match=f"unknown format 'docx'; formats are {known}$"):
        parse(b"a,b\n", "docx", ImportOptions())


# --- people -----------------------------------------------------------------------------------------


def test_people_cell_splits_names_credentials_and_affiliations():
    assert parse_people("Jane Doe, MD (Yale School of Medicine); John Roe, DO, PhD (Mount Sinai)") == (
        SpeakerRecord("Jane Doe", "MD", "Yale School of Medicine"),
        SpeakerRecord("John Roe", "DO, PhD", "Mount Sinai"),
    )


def test_people_lose_honorifics_and_dotted_credentials_are_normalised():
    assert parse_people("Dr. Jane Doe, M.D., Ph.D.; Prof John Roe MD MPH") == (
        SpeakerRecord("Jane Doe", "MD, PhD"),
        SpeakerRecord("John Roe", "MD, MPH"),
    )


def test_role_label_applies_to_the_people_after_it():
    people = parse_people("Chair: Jane Doe, MD, DFAPA; Discussants: Ann Lee, PsyD; Bo Kim, LCSW; Presenter: Al Xu, NP")
    assert [(p.name, p.role) for p in people] == [
        ("Jane Doe", "chair"),
        ("Ann Lee", "discussant"),
        ("Bo Kim", "discussant"),
        ("Al Xu", "presenter"),
    ]


def test_role_in_parentheses_is_a_role_not_an_affiliation():
    assert parse_people("Jane Doe, MD (Chair), John Roe")[0] == SpeakerRecord("Jane Doe", "MD", "", "chair")


def test_surnames_that_look_like_credentials_stay_names():
    assert [p.name for p in parse_people("Yo-Yo Ma, Anh Do")] == ["Yo-Yo Ma", "Anh Do"]


def test_institution_after_a_comma_is_the_affiliation():
    assert parse_people("Jane Doe, MD, Dept. of Psychiatry and Behavioral Sciences, John Roe") == (
        SpeakerRecord("Jane Doe", "MD", "Dept. of Psychiatry and Behavioral Sciences"),
        SpeakerRecord("John Roe"),
    )


def test_voctosched_people_drop_their_numeric_ids():
    assert [p.name for p in parse_people("10:Konrad Meier|11:Dennis Wehrle")] == ["Konrad Meier", "Dennis Wehrle"]


def test_display_names_keep_nicknames_and_pronouns():
    assert display_name("Sebastian Neef (gehaxelt)") == SpeakerRecord("Sebastian Neef (gehaxelt)")
    assert display_name("Dr. Jane Doe, MD, PhD") == SpeakerRecord("Jane Doe", "MD, PhD")


def test_speaker_lines_are_taken_out_of_a_description():
    people, rest = take_role_lines("Speaker: Jane Doe, MD\nWhat we learned.\nModerator: John Roe")
    assert [(p.name, p.role) for p in people] == [("Jane Doe", "presenter"), ("John Roe", "moderator")]
    assert rest == "What we learned."


# --- CSV ----------------------------------------------------------------------------------------------


def test_csv_header_aliases_are_recognised_case_insensitively():
    schedule = csv_file(
        "SESSION CODE,session title,DATE,Start,End,Location,Topic,Format,Presenters,Abstract\n"
        "S1,Lithium Today,2027-05-15,08:00,09:30,Room 101,Mood Disorders,Symposium,Jane Doe MD,Why lithium.\n"
    )
    (session,) = schedule.sessions
    assert (session.external_id, session.code, session.title) == ("S1", "S1", "Lithium Today")
    assert (session.room, session.track, session.kind) == ("Room 101", "Mood Disorders", "Symposium")
    assert session.abstract == "Why lithium."
    assert (session.starts_at, session.ends_at) == (at(2027, 5, 15, 12, 0), at(2027, 5, 15, 13, 30))
    assert session.speakers == (SpeakerRecord("Jane Doe", "MD"),)
    assert session.source_ref == "row 2"


@pytest.mark.parametrize(
    ("text", "starts_at", "ends_at"),
    [
        pytest.param(
            "Title,Date,Start Time,End Time\nA,05/15/2027,8:00 AM,1:15 PM\n",
            at(2027, 5, 15, 12, 0),
            at(2027, 5, 15, 17, 15),
            id="us-dates-and-twelve-hour-times",
        ),
        pytest.param(
            'Title,Date,Start,Duration\nA,"Saturday, May 15, 2027",7:30 PM,60\n',
            at(2027, 5, 15, 23, 30),
            at(2027, 5, 16, 0, 30),
            id="long-date-with-weekday",
        ),
        pytest.param(
            "Title,Start,End\nA,2015-02-11 09:30:00,2015-02-11 11:00:00\n",
            at(2015, 2, 11, 14, 30),
            at(2015, 2, 11, 16, 0),
            id="full-date-times-without-a-date-column",
        ),
        pytest.param(
            "Title,Date,Time\nA,2027-05-15,7:00 AM - 8:15 AM\n",
            at(2027, 5, 15, 11, 0),
            at(2027, 5, 15, 12, 15),
            id="time-column-holding-a-range",
        ),
        pytest.param(
            "Title,Date,Time\nA,2027-05-15,11:30-1:00 PM\n",
            at(2027, 5, 15, 15, 30),
            at(2027, 5, 15, 17, 0),
            id="range-start-borrows-am-pm-from-its-end",
        ),
        pytest.param(
            "Title,Date,Time\nLate Night,2027-05-15,11 PM - 12:30 AM\n",
            at(2027, 5, 16, 3, 0),
            at(2027, 5, 16, 4, 30),
            id="range-past-midnight-ends-the-next-day",
        ),
        pytest.param(
            "Title;Date;Start;End\nA;15.05.2027;08:00;09:00\n",
            at(2027, 5, 15, 12, 0),
            at(2027, 5, 15, 13, 0),
            id="semicolon-separated-with-day-first-dotted-date",
        ),
    ],
)
def test_csv_reads_start_and_end_as_programs_print_them(text, starts_at, ends_at):
    (session,) = csv_file(text).sessions
    assert (session.starts_at, session.ends_at) == (starts_at, ends_at)


@pytest.mark.parametrize(("duration", "minutes"), [("90", 90), ("1:30", 90), ("01:30:00", 90), ("45 min", 45)])
def test_csv_reads_durations(duration, minutes):
    (session,) = csv_file(f"Title,Date,Start,Duration\nA,2027-05-15,08:00,{duration}\n").sessions
    assert session.ends_at - session.starts_at == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        pytest.param(
            "Title,Date,Start,End\nA,2027-05-15,08:00,09:00\nB,2027-05-15,10:00,09:00\n",
            {},
            "^program.csv: row 3: end 09:00 is before start 10:00$",
            id="end-before-start-names-file-and-row",
        ),
        pytest.param(
            "Title,Start,End\nA,2015-02-11 09:30,2015-02-11 08:00\n",
            {},
            "row 2: end 2015-02-11 08:00 is before start 2015-02-11 09:30",
            id="full-date-time-end-before-start",
        ),
        pytest.param(
            "Title,Date,Start,Duration\nA,2027-03-14,02:30,60\n",
            {},
            "row 2: 2027-03-14 02:30 does not exist in America/New_York",
            id="time-skipped-by-dst",
        ),
        pytest.param(
            "Title,Date,Start,End\nA,2027-05-15,08:00,09:00\n",
            {"timezone": None},
            "^program.csv: .*a --timezone is needed",
            id="no-timezone-asks-for-one",
        ),
        pytest.param(
            "Title,Date,Start,End\n",
            {"mapping": {"presenter": "Title"}},
            "unknown field 'presenter' in the column mapping; fields are code, ",
            id="mapping-with-unknown-field",
        ),
        pytest.param(
            "Alpha,Beta\nA,B\n",
            {},
            "no column for start; the header has: Alpha, Beta",
            id="no-start-column-by-name-or-content",
        ),
        pytest.param(
            "Title,Start,End\nA,08:00,09:00\n",
            {},
            "no column for date; the header has: Title, Start, End",
            id="no-date-column-for-time-only-starts",
        ),
        pytest.param(
            "Title,Date,Start,End\nA,2027-13-45,08:00,09:00\n",
            {},
            "row 2: cannot read '2027-13-45' as a date or time",
            id="unreadable-date-is-quoted",
        ),
    ],
)
def test_csv_that_cannot_be_imported_says_why(text, options, message):
    with pytest.raises(ScheduleFormatError, match=message):
        csv_file(text, **options)


def test_csv_with_bom_crlf_and_multiline_quoted_cells():
    text = '\ufeffTitle,Date,Start,End,Description\r\n"Two\r\nLines",2027-05-15,08:00,09:00,"First\r\n\r\nSecond"\r\n'
    (session,) = csv_file(text).sessions
    assert (session.title, session.abstract) == ("Two Lines", "First\n\nSecond")


def test_csv_na_cells_are_empty():
    (session,) = csv_file("Title,Date,Start,End,Room,Speakers\nA,2027-05-15,08:00,09:00,NA,n/a\n").sessions
    assert (session.room, session.speakers) == ("", ())


def test_csv_session_on_spring_forward_day_uses_daylight_time():
    schedule = csv_file(
        "Title,Date,Start,End\nSat,2027-03-13,09:00,10:00\nSun,2027-03-14,09:00,10:00\nNight,2027-03-14,01:30,03:30\n"
    )
    saturday, sunday, night = schedule.sessions
    assert saturday.starts_at == at(2027, 3, 13, 14, 0)  # EST, UTC-5
    assert sunday.starts_at == at(2027, 3, 14, 13, 0)  # EDT, UTC-4
    assert night.ends_at - night.starts_at == timedelta(hours=1)  # the clocks skip 02:00-03:00


def test_csv_mapping_names_columns_the_aliases_do_not_know():
    schedule = csv_file(
        "Talk,Day Of,Begins,Ends,Who\nA,2027-05-15,08:00,09:00,Jane Doe\n",
        mapping={"title": "Talk", "date": "day of", "start": "Begins", "end": "Ends", "speakers": "Who"},
    )
    (session,) = schedule.sessions
    assert (session.title, session.starts_at, session.speakers[0].name) == ("A", at(2027, 5, 15, 12, 0), "Jane Doe")


def test_csv_skip_invalid_keeps_good_rows_and_reports_bad_ones():
    text = "Title,Date,Start,End\nGood,2027-05-15,08:00,09:00\n,2027-05-15,08:00,09:00\n\n"
    schedule = csv_file(text, skip_invalid=True)
    assert [s.title for s in schedule.sessions] == ["Good"]
    assert schedule.skipped == ["program.csv: row 3: no title"]


def test_csv_speakers_cell_with_chair_and_affiliations():
    faculty = "Chair: Jane Doe, MD (Yale); John Roe, DO, PhD (Mount Sinai)"
    text = f'Title,Date,Start,End,Faculty\nA,2027-05-15,08:00,09:00,"{faculty}"\n'
    (session,) = csv_file(text).sessions
    assert session.speakers == (
        SpeakerRecord("Jane Doe", "MD", "Yale", "chair"),
        SpeakerRecord("John Roe", "DO, PhD", "Mount Sinai", "chair"),
    )


# --- iCalendar ----------------------------------------------------------------------------------------

EVENT = "BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{summary}\r\n{extra}END:VEVENT\r\n"


def event(uid="s1", summary="Lithium Today", extra="DTSTART:20270515T120000Z\r\nDTEND:20270515T130000Z\r\n"):
    """Return one VEVENT."""
    return EVENT.format(uid=uid, summary=summary, extra=extra)


def test_ics_floating_times_are_in_the_given_zone():
    (session,) = ics_file(event(extra="DTSTART:20270515T080000\r\nDURATION:PT90M\r\n"), timezone=NEW_YORK).sessions
    assert (session.starts_at, session.ends_at) == (at(2027, 5, 15, 12, 0), at(2027, 5, 15, 13, 30))


def test_ics_floating_times_follow_x_wr_timezone():
    schedule = ics_file(event(extra="DTSTART:20270515T080000\r\n"), header="X-WR-TIMEZONE:America/Chicago\r\n")
    (session,) = schedule.sessions
    assert session.starts_at == at(2027, 5, 15, 13, 0)


def test_ics_floating_times_without_any_zone_ask_for_one():
    no_zone = "^feed.ics: DTSTART 2027-05-15 08:00:00 has no time zone and the file states none: a --timezone"
    with pytest.raises(ScheduleFormatError, match=no_zone):
        ics_file(event(extra="DTSTART:20270515T080000\r\n"))


def test_ics_iana_tzid_without_vtimezone_is_resolved():
    schedule = ics_file(event(extra="DTSTART;TZID=America/Chicago:20270515T080000\r\n"))
    assert (schedule.sessions[0].starts_at, schedule.timezone) == (at(2027, 5, 15, 13, 0), "America/Chicago")


def test_ics_unknown_tzid_is_an_error_naming_it():
    with pytest.raises(ScheduleFormatError, match="feed.ics: UID s1: unknown time zone 'Mars/Olympus' in DTSTART"):
        ics_file(event(extra="DTSTART;TZID=Mars/Olympus:20270515T080000\r\n"))


def test_ics_unknown_x_wr_timezone_is_an_error():
    with pytest.raises(ScheduleFormatError, match="unknown time zone 'Nowhere/Land' in X-WR-TIMEZONE"):
        ics_file(event(), header="X-WR-TIMEZONE:Nowhere/Land\r\n")


def test_ics_all_day_events_are_skipped_with_a_warning():
    schedule = ics_file(event(uid="reg", summary="Registration", extra="DTSTART;VALUE=DATE:20270515\r\n") + event())
    assert [s.title for s in schedule.sessions] == ["Lithium Today"]
    assert schedule.warnings == ["feed.ics: UID reg: all-day event 'Registration' is not a session; skipped"]


def test_ics_end_before_start_is_an_error_naming_the_uid():
    with pytest.raises(ScheduleFormatError, match="UID s1: end 2027-05-15 11:00 UTC is before start 2027-05-15 12:00"):
        ics_file(event(extra="DTSTART:20270515T120000Z\r\nDTEND:20270515T110000Z\r\n"))


def test_ics_attendees_and_organizer_are_speakers():
    extra = (
        "DTSTART:20270515T120000Z\r\n"
        'ATTENDEE;CN="Dr. Jane Doe, MD";ROLE=CHAIR:mailto:jane@example.org\r\n'
        "ATTENDEE;CN=John Roe:mailto:john@example.org\r\n"
        "ATTENDEE;CN=Room 101;CUTYPE=ROOM:mailto:room@example.org\r\n"
        "ATTENDEE:mailto:nameless@example.org\r\n"
        "ORGANIZER;CN=Ann Lee:mailto:ann@example.org\r\n"
    )
    (session,) = ics_file(event(extra=extra)).sessions
    assert session.speakers == (
        SpeakerRecord("Jane Doe", "MD", "", "chair"),
        SpeakerRecord("John Roe"),
        SpeakerRecord("Ann Lee", role="organizer"),
    )


def test_ics_speaker_lines_in_html_description_become_speakers():
    extra = "DTSTART:20270515T120000Z\r\nDESCRIPTION:<p>Speakers: Jane Doe\\, MD; John Roe</p><p>Why &amp; how.</p>\r\n"
    (session,) = ics_file(event(extra=extra)).sessions
    assert [s.name for s in session.speakers] == ["Jane Doe", "John Roe"]
    assert session.abstract == "Why & how."


def test_ics_pretalx_summary_names_speakers_after_the_dash():
    schedule = ics_file(event(uid="pretalx-apa-ABC123@example.org", summary="Sleep - Myths - Jane Doe\\, John Roe"))
    (session,) = schedule.sessions
    assert (session.title, [s.name for s in session.speakers]) == ("Sleep - Myths", ["Jane Doe", "John Roe"])


def test_ics_dash_in_other_summaries_is_part_of_the_title():
    (session,) = ics_file(event(summary="Sleep - Myths and Facts")).sessions
    assert (session.title, session.speakers) == ("Sleep - Myths and Facts", ())


def test_ics_categories_are_the_track_and_location_the_room():
    extra = "DTSTART:20270515T120000Z\r\nCATEGORIES:Addiction,Psychotherapy\r\nLOCATION:Room 101\r\n"
    (session,) = ics_file(event(extra=extra)).sessions
    assert (session.track, session.room) == ("Addiction, Psychotherapy", "Room 101")


def test_ics_recurrences_are_expanded_within_the_conference_days():
    daily = "DTSTART;TZID=America/New_York:20270514T073000\r\nDURATION:PT30M\r\nRRULE:FREQ=DAILY\r\n"
    coffee = event(uid="coffee", summary="Coffee", extra=daily)
    schedule = ics_file(coffee, first_day=date(2027, 5, 15), last_day=date(2027, 5, 17))
    assert [s.external_id for s in schedule.sessions] == [
        "coffee@2027-05-15T11:30:00+00:00",
        "coffee@2027-05-16T11:30:00+00:00",
        "coffee@2027-05-17T11:30:00+00:00",
    ]
    assert schedule.warnings == []


def test_ics_recurrences_without_dates_follow_the_one_off_events():
    daily = "DTSTART:20270501T113000Z\r\nRRULE:FREQ=DAILY;COUNT=60\r\n"
    talks = event(uid="a") + event(uid="b", extra="DTSTART:20270516T120000Z\r\n")
    schedule = ics_file(event(uid="coffee", summary="Coffee", extra=daily) + talks)
    coffee = [s.starts_at for s in schedule.sessions if s.title == "Coffee"]
    assert coffee == [at(2027, 5, 15, 11, 30), at(2027, 5, 16, 11, 30)]
    assert "occurrences from 2027-05-15 to 2027-05-16 are imported" in schedule.warnings[0]


def test_ics_with_only_recurring_events_keeps_first_occurrences():
    schedule = ics_file(event(uid="weekly", extra="DTSTART:20270515T120000Z\r\nRRULE:FREQ=WEEKLY\r\n"))
    (session,) = schedule.sessions
    assert (session.external_id, session.starts_at) == ("weekly@2027-05-15T12:00:00+00:00", at(2027, 5, 15, 12, 0))
    assert "only each one's first occurrence is imported" in schedule.warnings[0]


def test_ics_missing_end_vevent_is_an_error_naming_the_line():
    text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270515T120000Z\r\nEND:VCALENDAR\r\n"
    with pytest.raises(ScheduleFormatError, match="BEGIN:VEVENT on line 3 has no END:VEVENT"):
        parse(text, "ics", ImportOptions())


def test_ics_without_summary_is_imported_untitled_and_said_so():
    # RFC 5545 makes SUMMARY optional: the event is imported under a placeholder (it was skipped before).
    schedule = ics_file(event(uid="empty", summary="") + event())
    assert [s.title for s in schedule.sessions] == ["Untitled session", "Lithium Today"]
    assert schedule.warnings == [
        "feed.ics: UID empty: no SUMMARY (RFC 5545 makes it optional): imported as 'Untitled session'"
    ]


# --- frab XML -------------------------------------------------------------------------------------------

FRAB_EVENT = (
    '<event id="{id}"><start>{start}</start><duration>{duration}</duration><title>{title}</title>{extra}</event>'
)


def frab_event(id="4711", start="10:00", duration="00:45", title="Lithium Today", extra=""):
    """Return one frab <event>."""
    return FRAB_EVENT.format(id=id, start=start, duration=duration, title=title, extra=extra)


def test_frab_event_without_date_uses_day_date_and_time_zone_name():
    extra = "<type>Symposium</type><track>Mood</track><persons><person>Dr. Jane Doe, MD</person></persons>"
    schedule = frab_file(frab_event(extra=extra), conference="<time_zone_name>America/New_York</time_zone_name>")
    (session,) = schedule.sessions
    assert (session.external_id, session.starts_at) == ("4711", at(2027, 5, 15, 14, 0))
    assert session.ends_at == at(2027, 5, 15, 14, 45)
    assert (session.kind, session.track, session.room) == ("Symposium", "Mood", "Hall A")
    assert session.speakers == (SpeakerRecord("Jane Doe", "MD"),)
    assert (schedule.timezone, schedule.name) == ("America/New_York", "APA 2027")


def test_frab_duration_may_have_seconds():
    (session,) = frab_file(frab_event(duration="01:30:00"), timezone=NEW_YORK).sessions
    assert session.ends_at - session.starts_at == timedelta(minutes=90)


def test_frab_event_before_day_change_is_on_the_next_date():
    schedule = frab_file(frab_event(start="01:00"), conference="<day_change>04:00</day_change>", timezone=NEW_YORK)
    assert schedule.sessions[0].starts_at == at(2027, 5, 16, 5, 0)


def test_frab_guid_is_the_identity_when_present():
    (session,) = frab_file(frab_event().replace('id="4711"', 'id="4711" guid="c0ffee"'), timezone=NEW_YORK).sessions
    assert session.external_id == "c0ffee"


def test_frab_abstract_html_is_unescaped_and_stripped():
    extra = (
        "<abstract>&lt;p&gt;Salt &amp;amp; pepper&lt;/p&gt;</abstract>"
        "<description>&lt;p&gt;More.&lt;/p&gt;</description>"
    )
    (session,) = frab_file(frab_event(extra=extra), timezone=NEW_YORK).sessions
    assert session.abstract == "Salt & pepper\n\nMore."


def test_frab_event_without_title_is_an_error_naming_its_id():
    with pytest.raises(ScheduleFormatError, match="^schedule.xml: event 4711: no title$"):
        frab_file(frab_event(title=""), timezone=NEW_YORK)


def test_frab_event_without_title_is_skipped_with_skip_invalid():
    schedule = frab_file(frab_event(title="") + frab_event(id="4712"), timezone=NEW_YORK, skip_invalid=True)
    assert [s.external_id for s in schedule.sessions] == ["4712"]
    assert schedule.skipped == ["schedule.xml: event 4711: no title"]


def test_frab_unknown_time_zone_name_is_an_error():
    with pytest.raises(ScheduleFormatError, match="unknown time zone 'Europe/Atlantis' in time_zone_name"):
        frab_file(frab_event(), conference="<time_zone_name>Europe/Atlantis</time_zone_name>")


def test_frab_billion_laughs_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><schedule>&lol2;</schedule>'
    )
    with pytest.raises(ScheduleFormatError, match="bomb.xml: XML entity and DTD tricks are not accepted"):
        parse(bomb.encode(), "frab-xml", ImportOptions(filename="bomb.xml"))


def test_frab_truncated_xml_says_where_and_that_it_is_cut_off():
    text = b'<?xml version="1.0"?>\n<schedule>\n<day date="2027-05-15">\n<room name="A"><event id="1"><title>Lith'
    with pytest.raises(ScheduleFormatError, match=r"malformed XML at line 4, column \d+: .*\(is the file cut off\?\)"):
        parse(text, "frab-xml", ImportOptions())


def test_frab_other_xml_is_not_a_schedule():
    with pytest.raises(ScheduleFormatError, match="the root element is <html>, not <schedule>"):
        parse(b"<html><p>schedule</p></html>", "frab-xml", ImportOptions())


# --- schedule JSON ------------------------------------------------------------------------------------


def json_file(text: str, **options):
    """Parse an inline schedule.json."""
    return parse(text.encode(), "pretalx-json", ImportOptions(filename="schedule.json", **options))


def test_json_event_with_name_instead_of_public_name():
    text = (
        '{"schedule": {"conference": {"title": "APA", "time_zone_name": "America/New_York",'
        ' "days": [{"date": "2027-05-15",'
        ' "rooms": {"Hall A": [{"id": 7, "start": "10:00", "duration": "0:45", "title": "Sleep",'
        ' "persons": [{"name": "Jane Doe, MD"}, {"public_name": "John Roe"}]}]}}]}}}'
    )
    (session,) = json_file(text).sessions
    assert (session.external_id, session.room, session.starts_at) == ("7", "Hall A", at(2027, 5, 15, 14, 0))
    assert session.speakers == (SpeakerRecord("Jane Doe", "MD"), SpeakerRecord("John Roe"))


def test_json_syntax_error_gives_line_and_column():
    with pytest.raises(ScheduleFormatError, match="^schedule.json: malformed JSON at line 2, column 19: Expecting ','"):
        json_file('{"schedule":\n  {"version": "1" "conference": {}}}')


def test_json_truncated_file_says_it_is_cut_off():
    with pytest.raises(ScheduleFormatError, match=r"malformed JSON at line 1, column \d+: .*\(is the file cut off\?\)"):
        json_file('{"schedule": {"conference": {"days": [')


def test_json_of_another_shape_is_refused():
    with pytest.raises(ScheduleFormatError, match="schedule is not an object: not a pretalx/frab schedule.json"):
        json_file('{"talks": []}')


def test_json_event_without_start_is_an_error_naming_it():
    event = '{"guid": "g-1", "title": "Sleep", "duration": "0:45"}'
    text = f'{{"schedule": {{"conference": {{"days": [{{"rooms": {{"A": [{event}]}}}}]}}}}}}'
    with pytest.raises(ScheduleFormatError, match="^schedule.json: event g-1: no start$"):
        json_file(text, timezone=NEW_YORK)
