"""Importing program files end to end: the CLI, the admin upload, atomicity and the demo program."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from conference.accounts.models import User
from conference.extensions import db
from conference.schedule.models import ImportRun, Session, Speaker
from tests.support.schedule_helpers import DEMO_CSV
from tests.support.schedule_helpers import cli_import as _import

CSV = """Session Number,Session Title,Date,Start Time,End Time,Location,Speakers
S1,Early psychosis care,05/15/2099,8:00 AM,9:30 AM,Room 1,"Jane Doe, MD (Yale School of Medicine)"
S2,Addiction in primary care,05/15/2099,10:00 AM,11:00 AM,Room 2,"John Roe, DO, PhD (Mount Sinai)"
"""
BROKEN = CSV + "S3,Broken row,05/15/2099,11:00 AM,10:00 AM,Room 3,\n"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_cli_import_prints_the_summary_line(runner, tmp_path):
    result = _import(runner, tmp_path, CSV)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "created 2, updated 0, cancelled 0, unchanged 0"
    assert _count(Session) == 2


def test_cli_reimport_of_same_file_changes_nothing(runner, tmp_path):
    _import(runner, tmp_path, CSV)
    result = _import(runner, tmp_path, CSV)
    assert result.stdout.strip().splitlines()[-1] == "created 0, updated 0, cancelled 0, unchanged 2"


def test_cli_broken_file_writes_nothing_and_names_the_row(runner, tmp_path):
    result = _import(runner, tmp_path, BROKEN, name="broken.csv")
    assert result.exit_code != 0
    message = result.output.strip().splitlines()[-1]
    assert "broken.csv" in message and "row" in message
    assert "Traceback" not in result.output
    assert _count(Session) == 0
    (run,) = db.session.scalars(select(ImportRun)).all()
    assert run.error and run.filename == "broken.csv"


def test_cli_skip_invalid_imports_the_rest_and_lists_the_skipped(runner, tmp_path):
    result = _import(runner, tmp_path, BROKEN, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "skipped:" in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("created 2,")


def test_cli_unknown_time_zone_is_one_line(runner, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(CSV)
    result = runner.invoke(args=["schedule", "import", str(path), "--conference", "x", "--timezone", "Mars/Base"])
    assert result.exit_code != 0
    assert "unknown time zone 'Mars/Base'" in result.output


def test_cli_bad_map_option_is_a_usage_error(runner, tmp_path):
    result = _import(runner, tmp_path, CSV, "--map", "colour=Farbe")
    assert result.exit_code == 2
    assert "unknown field 'colour'" in result.output


def test_cli_map_option_reads_unknown_headers(runner, tmp_path):
    text = "Titel,Datum,Beginn,Ende\nFrühstück,2027-05-15,08:00,09:00\n"
    result = _import(runner, tmp_path, text, "--map", "title=Titel,date=Datum,start=Beginn,end=Ende")
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(Session.title)).one() == "Frühstück"


def test_demo_program_imports_completely(runner):
    result = runner.invoke(
        args=["schedule", "import", str(DEMO_CSV), "--conference", "apa-2027", "--timezone", "America/New_York"]
    )
    assert result.exit_code == 0, result.output
    assert _count(Session) == 450
    assert _count(Speaker) >= 800


def _upload(client, text, **form):
    data = {"file": (io.BytesIO(text.encode()), "program.csv"), "timezone": "America/New_York", **form}
    return client.post("/api/v1/conferences/apa-2027/imports", data=data, content_type="multipart/form-data")


def test_admin_upload_imports_and_answers_counts(auth):
    client, _ = auth.admin()
    response = _upload(client, CSV)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["created"], body["updated"], body["cancelled"], body["unchanged"]) == (2, 0, 0, 0)


def test_upload_by_non_admin_is_403(auth):
    client, _ = auth.register()
    assert _upload(client, CSV).status_code == 403
    assert _count(Session) == 0


def test_upload_without_login_is_401(client):
    assert _upload(client, CSV).status_code == 401


def test_upload_of_a_broken_file_is_422_and_writes_nothing(auth):
    client, _ = auth.admin()
    response = _upload(client, BROKEN)
    assert response.status_code == 422
    assert "row" in response.get_json()["error"]["message"]
    assert _count(Session) == 0


def test_upload_above_the_limit_is_413(make_app):
    app = make_app(MAX_CONTENT_LENGTH=200)
    client = app.test_client()
    client.post("/api/v1/auth/register", json={"email": "a@example.org", "password": "long enough pw", "name": "A"})
    with app.app_context():
        db.session.scalars(select(User)).one().role = "admin"
        db.session.commit()
    response = _upload(client, CSV * 5)
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


@pytest.mark.parametrize("bad", ["", "\x00\x01\x02binary"])
def test_upload_of_empty_or_binary_file_is_422(auth, bad):
    client, _ = auth.admin()
    response = _upload(client, bad)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["file"]


def test_import_links_must_meet_names_to_new_speakers(runner, tmp_path, auth):
    client, _ = auth.register()
    created = client.post("/api/v1/me/targets", json={"kind": "person", "name": "Dr. Jane Doe", "priority": "must"})
    assert created.status_code == 201, created.get_json()
    assert _import(runner, tmp_path, CSV).exit_code == 0
    target = client.get(f"/api/v1/me/targets/{created.get_json()['id']}").get_json()
    speaker = db.session.scalars(select(Speaker).where(Speaker.name == "Jane Doe")).one()
    assert target["speaker_id"] == speaker.id


@pytest.mark.parametrize(
    ("fixture", "options", "sessions"),
    [
        ("frab_xml/giggity_fosdem_2021.schedule.xml", {"timezone": "Europe/Brussels"}, 773),
        ("frab_xml/eventfahrplan_38c3_hub.schedule.xml", {}, 1007),
        ("json/c3voc_frab-camp2019.schedule.json", {}, 79),
        ("json/c3voc_pretalx-democon.schedule.json", {}, 36),
        ("ics/giggity_linux_conf_au_2020.ics", {}, 262),
        ("ics/pyconuk_2015_schedule.ics", {"timezone": "Europe/London"}, 162),
        ("csv/voctosched_gpn11.csv", {"timezone": "Europe/Berlin"}, 29),
    ],
)
def test_real_files_import_and_reimport_unchanged(app, shared_fixture, fixture, options, sessions):
    from conference.schedule.operations import import_schedule

    data = shared_fixture(fixture).read_bytes()
    first = import_schedule(data, slug="real", filename=fixture, **options)
    db.session.commit()
    assert (first.created, _count(Session)) == (sessions, sessions)
    again = import_schedule(data, slug="real", filename=fixture, force=True, **options)
    assert (again.created, again.updated, again.cancelled, again.unchanged) == (0, 0, 0, sessions)


@pytest.mark.parametrize(
    "fixture",
    [
        "malformed/icalendar_missing_end_vcalendar.ics",
        "malformed/icalendar_broken_dtstart_invalid_date.ics",
        "malformed/icalendar_fuzz_invalid_month.ics",
    ],
)
def test_malformed_real_files_fail_with_one_line_and_write_nothing(runner, shared_fixture, fixture):
    path = shared_fixture(fixture)
    result = runner.invoke(args=["schedule", "import", str(path), "--conference", "bad", "--timezone", "UTC"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert path.name in result.output.strip().splitlines()[-1]
    assert _count(Session) == 0
