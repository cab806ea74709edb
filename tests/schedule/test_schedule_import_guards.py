"""No file can wipe a program or crash an import: empty files, mass cancellation, far dates, runaway recurrences,
hostile and mutated files."""

from __future__ import annotations

import csv
import io
import json
import random
import time

import pytest
from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.importers.records import ScheduleFormatError
from conference.schedule.models import ImportRun, Session
from conference.schedule.operations import import_schedule
from tests.support.schedule_helpers import DEMO_CSV, refused
from tests.support.schedule_helpers import cli_import as cli


def scheduled() -> int:
    return db.session.scalar(select(func.count()).select_from(Session).where(Session.status == "scheduled"))


def last_run() -> ImportRun:
    return db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(1)).one()


@pytest.fixture
def demo(runner, tmp_path):
    """The demo APA program (450 sessions), imported."""
    result = cli(runner, tmp_path, DEMO_CSV.read_bytes(), name="demo.csv")
    assert result.exit_code == 0, result.output
    assert scheduled() == 450


ALL_DAY_ICS = """BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:reg\nDTSTART;VALUE=DATE:20270515
DTEND;VALUE=DATE:20270516\nSUMMARY:Registration\nEND:VEVENT\nEND:VCALENDAR\n"""
EMPTY_PRETALX = json.dumps(
    {"schedule": {"conference": {"title": "x", "time_zone_name": "America/New_York", "days": []}}}
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("header-only.csv", "Session Number,Session Title,Date,Start Time,End Time,Location,Speakers\n"),
        ("all-day.ics", ALL_DAY_ICS),
        ("no-days.json", EMPTY_PRETALX),
    ],
    ids=["csv-header-only", "ics-all-day-only", "pretalx-no-days"],
)
def test_a_file_without_sessions_is_refused_and_cancels_nothing(runner, tmp_path, demo, name, content):
    refused(cli(runner, tmp_path, content, name=name), name, "no sessions")
    assert scheduled() == 450
    assert last_run().error and last_run().filename == name


def test_a_cut_off_program_is_refused_unless_cancelling_is_allowed(runner, tmp_path, demo):
    first_100_lines = "".join(DEMO_CSV.read_text(encoding="utf-8").splitlines(keepends=True)[:100])
    line = refused(cli(runner, tmp_path, first_100_lines, name="cut.csv"), "cut.csv", "would cancel 351 of the 450")
    assert "--allow-cancel" in line
    assert scheduled() == 450
    assert "would cancel" in last_run().error

    result = cli(runner, tmp_path, first_100_lines, "--allow-cancel", name="cut.csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "created 0, updated 0, cancelled 351, unchanged 99"


def test_cancelling_a_quarter_or_less_needs_no_confirmation(runner, tmp_path, demo):
    rows = list(csv.reader(io.StringIO(DEMO_CSV.read_text(encoding="utf-8"), newline="")))
    kept = io.StringIO()
    csv.writer(kept).writerows(rows[: 1 + 450 - 112])
    result = cli(runner, tmp_path, kept.getvalue())
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("created 0, updated 0, cancelled 112,")


def _upload(client, content: str, name="program.csv", **form):
    data = {"file": (io.BytesIO(content.encode()), name), "timezone": "America/New_York", **form}
    return client.post("/api/v1/conferences/apa-2027/imports", data=data, content_type="multipart/form-data")


def test_upload_guard_answers_422_naming_allow_cancel_and_allow_cancel_true_confirms(auth, demo):
    client, _ = auth.admin()
    first_100_lines = "".join(DEMO_CSV.read_text(encoding="utf-8").splitlines(keepends=True)[:100])
    response = _upload(client, first_100_lines)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "would cancel 351" in error["message"] and "allow_cancel" in error["fields"]
    assert scheduled() == 450
    response = _upload(client, first_100_lines, allow_cancel="true")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["cancelled"] == 351


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("S9,Typo year,01/03/0001,8:00 AM,9:00 AM,Room 1,", ["row 3", "0001-01-03", "1990"]),
        ("S9,Far future,05/15/2150,8:00 AM,9:00 AM,Room 1,", ["row 3", "2150-05-15"]),
        ("S9,Next autumn,09/15/2099,8:00 AM,9:00 AM,Room 1,", ["row 3", "31 days", "row 2"]),
    ],
    ids=["year-1", "year-2150", "four-months-later"],
)
def test_dates_far_from_the_program_are_refused_naming_the_row(runner, tmp_path, row, words):
    text = "Session Number,Session Title,Date,Start Time,End Time,Location,Speakers\n"
    text += "S1,Opening,05/15/2099,8:00 AM,9:00 AM,Room 1,\n" + row + "\n"
    refused(cli(runner, tmp_path, text, name="dates.csv"), "dates.csv", *words)
    assert scheduled() == 0


def _recurring(rule: str, extra: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:opening\nDTSTART:20990515T120000Z\n"
        "DTEND:20990515T130000Z\nSUMMARY:Opening\nEND:VEVENT\nBEGIN:VEVENT\nUID:clock\nDTSTART:20990515T130000Z\n"
        f"DTEND:20990515T130001Z\n{rule}\n{extra}SUMMARY:Tick\nEND:VEVENT\nBEGIN:VEVENT\nUID:closing\n"
        "DTSTART:20990519T120000Z\nDTEND:20990519T130000Z\nSUMMARY:Closing\nEND:VEVENT\nEND:VCALENDAR\n"
    )


@pytest.mark.serial  # a limit in seconds
@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("RRULE:FREQ=SECONDLY", ["UID clock", "too dense"]),
        ("RRULE:FREQ=MINUTELY", ["UID clock", "more than 5000"]),
        (
            "RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=15,16;BYHOUR=1,2,3;BYMINUTE=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,"
            "17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40;BYSECOND=1,2,3,4,5,6,7,8,9,10,11,"
            "12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,"
            "47,48,49,50,51,52,53,54,55,56,57,58,59",
            ["UID clock", "more than 5000"],
        ),
    ],
    ids=["secondly", "minutely", "yearly-by-everything"],
)
def test_runaway_recurrences_are_refused_quickly(runner, tmp_path, rule, words):
    started = time.monotonic()
    refused(cli(runner, tmp_path, _recurring(rule), name="clock.ics"), "clock.ics", *words)
    assert time.monotonic() - started < 30  # it took minutes and millions of rows before
    assert scheduled() == 0


def test_recurrences_are_expanded_only_within_the_conference_days(runner, tmp_path):
    result = cli(runner, tmp_path, _recurring("RRULE:FREQ=DAILY"), name="daily.ics")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Session).where(Session.title == "Tick")) == 5


def test_rdates_are_expanded_only_within_the_conference_days(runner, tmp_path):
    rdates = "RDATE:" + ",".join(f"2099{month:02d}15T130000Z" for month in range(5, 13)) + "\n"
    result = cli(runner, tmp_path, _recurring("RDATE:20990516T130000Z", rdates), name="rdate.ics")
    assert result.exit_code == 0, result.output
    ticks = db.session.scalars(select(Session.starts_at).where(Session.title == "Tick")).all()
    assert sorted(t.day for t in ticks) == [15, 16]


def _pretalx(event: dict | None = None, **conference) -> str:
    event = {
        "id": 1,
        "title": "Talk",
        "date": "2099-05-15T10:00:00-04:00",
        "duration": "01:00",
        "persons": [],
        **(event or {}),
    }
    day = {"index": 1, "date": "2099-05-15", "rooms": {"Room 1": [event]}}
    body = {"title": "T", "time_zone_name": "America/New_York", "days": [day], **conference}
    return json.dumps({"schedule": {"conference": body}})


FRAB = """<?xml version="1.0"?><schedule><conference><title>T</title><time_zone_name>America/New_York</time_zone_name>
</conference><day index="1" date="2099-05-15"><room name="A"><event id="1"><title>Talk</title>
<date>2099-05-15T10:00:00-04:00</date><duration>{duration}</duration></event></room></day></schedule>"""
ICS_EVENT = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:u1\nSUMMARY:Talk\n{lines}\nEND:VEVENT\nEND:VCALENDAR\n"
)

HOSTILE = [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep-object.json", '{"schedule":' * 50_000 + "1" + "}" * 50_000),
    ("days-number.json", _pretalx(days=5)),
    ("days-string.json", _pretalx(days="Monday")),
    ("rooms-list.json", json.dumps({"schedule": {"conference": {"days": [{"date": "2099-05-15", "rooms": [1]}]}}})),
    (
        "events-number.json",
        json.dumps({"schedule": {"conference": {"days": [{"date": "2099-05-15", "rooms": {"A": 7}}]}}}),
    ),
    ("event-number.json", json.dumps({"schedule": {"conference": {"days": [{"rooms": {"A": [7]}}]}}})),
    ("persons-number.json", _pretalx({"persons": 3})),
    ("title-object.json", _pretalx({"title": {"en": None}, "duration": ["01:00"]})),
    ("duration-overflow.json", _pretalx({"duration": "9" * 30})),
    ("duration-hours.json", _pretalx({"duration": "99999999999999:00"})),
    ("date-year-1.json", _pretalx({"date": "0001-01-01T00:00:00+14:00"})),
    ("date-number.json", _pretalx({"date": 1e308})),
    ("schedule-list.json", json.dumps({"schedule": []})),
    ("null.json", "null"),
    ("frab-duration.xml", FRAB.format(duration="99999999999999999999:00")),
    ("frab-deep.xml", "<schedule>" + "<day>" * 50_000 + "</day>" * 50_000 + "</schedule>"),
    ("ics-year-1.ics", ICS_EVENT.format(lines="DTSTART:00010103T100000Z\nDTEND:00010103T110000Z")),
    ("ics-duration.ics", ICS_EVENT.format(lines="DTSTART:20990515T100000Z\nDURATION:P9999999999W")),
    (
        "ics-rrule-garbage.ics",
        ICS_EVENT.format(lines="DTSTART:20990515T100000Z\nDURATION:PT1H\nRRULE:FREQ=FOO;INTERVAL=x"),
    ),
    (
        "ics-rrule-until.ics",
        ICS_EVENT.format(lines="DTSTART:20990515T100000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;UNTIL=0"),
    ),
    ("csv-duration.csv", "Title,Date,Start Time,Duration\nTalk,05/15/2099,8:00 AM," + "9" * 25 + "\n"),
    ("csv-hours.csv", "Title,Date,Start Time,Duration\nTalk,05/15/2099,8:00 AM," + "9" * 20 + " h\n"),
]


@pytest.mark.parametrize(("name", "content"), HOSTILE, ids=[name for name, _ in HOSTILE])
def test_hostile_files_fail_with_one_line_and_are_recorded(runner, tmp_path, name, content):
    refused(cli(runner, tmp_path, content, name=name), name)
    assert scheduled() == 0
    assert last_run().filename == name and last_run().error


@pytest.mark.parametrize(("name", "content"), HOSTILE[:4] + HOSTILE[9:10] + HOSTILE[16:19], ids=lambda v: str(v)[:24])
def test_hostile_uploads_answer_422_json(auth, name, content):
    client, _ = auth.admin()
    response = _upload(client, content, name=name)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert name in response.get_json()["error"]["message"]


FIXTURES = [
    ("json/c3voc_pretalx-democon.schedule.json", {}),
    ("frab_xml/giggity_fosdem_2021.schedule.xml", {"timezone": "Europe/Brussels"}),
    ("ics/giggity_linux_conf_au_2020.ics", {}),
    ("csv/voctosched_gpn11.csv", {"timezone": "Europe/Berlin"}),
]


def _mutants(data: bytes, seed: int, count: int):
    """Yield copies of data, each broken in one random way: cut, bytes changed, lines dropped or repeated, digits."""
    rng = random.Random(seed)
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    for _ in range(count):
        how = rng.randrange(5)
        if how == 0:
            yield text[: rng.randrange(1, len(text))]
        elif how == 1:
            chars = list(text)
            for _ in range(rng.randrange(1, 20)):
                chars[rng.randrange(len(chars))] = rng.choice('{}[]<>":,;\n0123456789-TZ')
            yield "".join(chars)
        elif how == 2:
            start = rng.randrange(len(lines))
            yield "".join(lines[:start] + lines[start + rng.randrange(1, 50) :])
        elif how == 3:
            start = rng.randrange(len(lines))
            yield "".join(lines[:start] + lines[start : start + 5] * 3 + lines[start:])
        else:
            yield "".join(
                ch if not ch.isdigit() or rng.random() > 0.02 else rng.choice("0123456789") * rng.randrange(1, 25)
                for ch in text
            )


@pytest.mark.parametrize(("fixture", "options"), FIXTURES, ids=[f for f, _ in FIXTURES])
def test_mutated_real_files_import_or_fail_with_a_format_error(app, shared_fixture, fixture, options):
    data = shared_fixture(fixture).read_bytes()
    for number, mutant in enumerate(_mutants(data, seed=len(fixture), count=12)):
        refusal = ""
        try:
            import_schedule(mutant.encode(), slug=f"fuzz-{number}", filename=fixture, allow_cancel=True, **options)
        except ScheduleFormatError as exc:
            refusal = str(exc)
        finally:
            db.session.rollback()
        assert not refusal or (refusal.startswith(fixture) and "\n" not in refusal), refusal
