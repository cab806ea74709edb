"""The file last imported into a conference, with the same options, is recognised by its digest and not read again."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.models import Conference, ImportRun, Session
from conference.schedule.operations import import_schedule
from conference.schedule.writer import write_sessions
from tests.support.schedule_helpers import cli_import, record

CSV = """Session Number,Session Title,Date,Start Time,End Time,Location,Speakers
S1,Early psychosis care,05/15/2099,8:00 AM,9:30 AM,Room 1,"Jane Doe, MD (Yale School of Medicine)"
S2,Addiction in primary care,05/15/2099,10:00 AM,11:00 AM,Room 2,"John Roe, DO, PhD (Mount Sinai)"
"""
BROKEN = CSV + "S3,Broken row,05/15/2099,11:00 AM,10:00 AM,Room 3,\n"
#: a statement that writes the program, or reads its sessions as every reading of a file does
PROGRAM_WORK = re.compile(
    r"INSERT INTO (sessions|speakers|session_speakers|programs)\b|UPDATE sessions\b|FROM sessions\b"
)


def _import(text: str, **options):
    """Import text into apa-2027 in New York time and commit."""
    result = import_schedule(text.encode(), slug="apa-2027", timezone="America/New_York", filename="p.csv", **options)
    db.session.commit()
    return result


def _counts(result) -> tuple:
    return result.created, result.updated, result.cancelled, result.unchanged, result.same_file


def _state() -> tuple:
    """What an import could change: the program version and every session's version and update time."""
    db.session.expire_all()
    conference = db.session.scalars(select(Conference)).one()
    sessions = db.session.execute(select(Session.id, Session.version, Session.updated_at).order_by(Session.id)).all()
    return conference.program_version, sessions


def _runs() -> int:
    return db.session.scalar(select(func.count()).select_from(ImportRun))


def test_the_same_file_and_options_again_are_recognised_and_write_nothing(app, count_queries):
    _import(CSV)
    before = _state()

    with count_queries() as statements:
        again = _import(CSV)

    assert _counts(again) == (0, 0, 0, 2, True)
    assert again.format == "csv"
    assert not [statement for statement in statements if PROGRAM_WORK.search(statement)]
    assert _state() == before
    assert _runs() == 2  # the attempt is still on record


def test_the_same_file_under_another_name_is_recognised(app):
    _import(CSV)
    again = import_schedule(CSV.encode(), slug="apa-2027", timezone="America/New_York", filename="copy of p.csv")
    assert again.same_file


@pytest.mark.parametrize(
    "changed",
    [
        CSV.replace("Room 2", "Room 7"),  # a session changed
        CSV.replace("\n", "\r\n"),  # other bytes, the same program
    ],
)
def test_a_changed_byte_makes_a_full_import(app, count_queries, changed):
    _import(CSV)
    with count_queries() as statements:
        again = _import(changed)
    assert not again.same_file
    assert any(PROGRAM_WORK.search(statement) for statement in statements)
    assert again.updated == (1 if "Room 7" in changed else 0)


@pytest.mark.parametrize(
    "options",
    [
        {"timezone": "America/Chicago"},
        {"name": "APA 2099"},
        {"skip_invalid": True},
        {"allow_cancel": True},
        {"first_day": date(2099, 5, 15)},
        {"fmt": "csv"},
        {"mapping": {"room": "Location"}},
    ],
)
def test_a_changed_option_makes_a_full_import(app, options):
    _import(CSV)
    again = import_schedule(
        CSV.encode(), slug="apa-2027", filename="p.csv", **{"timezone": "America/New_York", **options}
    )
    assert not again.same_file
    assert again.updated == (2 if "timezone" in options else 0)


def test_force_reads_the_same_file_again(app, count_queries):
    _import(CSV)
    with count_queries() as statements:
        again = _import(CSV, force=True)
    assert _counts(again) == (0, 0, 0, 2, False)
    assert any(PROGRAM_WORK.search(statement) for statement in statements)
    assert _import(CSV).same_file  # and it is the last import again


def test_another_file_in_between_makes_the_first_one_new_again(app):
    _import(CSV)
    _import(CSV.replace("Room 2", "Room 7"))
    back = _import(CSV)
    assert _counts(back) == (0, 1, 0, 1, False)


def test_a_write_by_other_means_makes_the_file_new_again(app):
    _import(CSV)
    conference = db.session.scalars(select(Conference)).one()
    sessions = db.session.scalars(select(Session).order_by(Session.id)).all()
    write_sessions(conference, [record(s.external_id, s.title, start="2099-05-15T18:00") for s in sessions])
    db.session.commit()
    assert not _import(CSV).same_file


def test_a_failed_import_in_between_changes_nothing_so_the_file_is_still_recognised(runner, tmp_path):
    cli_import(runner, tmp_path, CSV)
    assert cli_import(runner, tmp_path, BROKEN).exit_code != 0
    result = cli_import(runner, tmp_path, CSV)
    assert result.exit_code == 0, result.output
    assert "not read again" in result.stderr


def test_cli_says_the_file_was_not_read_and_force_reads_it(runner, tmp_path):
    cli_import(runner, tmp_path, CSV)
    again = cli_import(runner, tmp_path, CSV)
    assert again.stdout.strip().splitlines()[-1] == "created 0, updated 0, cancelled 0, unchanged 2"
    assert "not read again (--force reads it)" in again.stderr
    forced = cli_import(runner, tmp_path, CSV, "--force")
    assert forced.exit_code == 0, forced.output
    assert "not read again" not in forced.stderr


def test_a_dry_run_records_no_digest(runner, tmp_path):
    preview = cli_import(runner, tmp_path, CSV, "--dry-run")
    assert preview.exit_code == 0, preview.output
    first = cli_import(runner, tmp_path, CSV)
    assert first.stdout.strip().splitlines()[-1] == "created 2, updated 0, cancelled 0, unchanged 0"


def test_a_dry_run_of_the_same_file_still_previews_it_and_keeps_the_digest(runner, tmp_path):
    cli_import(runner, tmp_path, CSV)
    preview = cli_import(runner, tmp_path, CSV, "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "would create 0, update 0, cancel 0, leave 2 unchanged" in preview.stdout
    assert "Early psychosis care" in preview.stdout
    assert "not read again" in cli_import(runner, tmp_path, CSV).stderr


def _upload(client, **form):
    data = {"file": (io.BytesIO(CSV.encode()), "program.csv"), "timezone": "America/New_York", **form}
    return client.post("/api/v1/conferences/apa-2027/imports", data=data, content_type="multipart/form-data")


def test_upload_of_the_same_file_says_so_and_force_reads_it(auth):
    client, _ = auth.admin()
    assert _upload(client).get_json()["same_file"] is False
    again = _upload(client)
    assert again.status_code == 201
    assert {key: again.get_json()[key] for key in ("created", "updated", "unchanged", "same_file", "format")} == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "same_file": True,
        "format": "csv",
    }
    assert _upload(client, force="true").get_json()["same_file"] is False
    preview = _upload(client, dry_run="true").get_json()
    assert (preview["unchanged"], len(preview["sessions"])) == (2, 2)
