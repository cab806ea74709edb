"""The one writer behind every importer: identity, re-import, cancellation, bulk work."""

from __future__ import annotations

from sqlalchemy import func, select

from conference.extensions import db
from conference.schedule.models import Program, Session, SessionSpeaker, Speaker
from conference.schedule.writer import write_sessions
from tests.support.schedule_helpers import conference, record

JANE = ("Jane Doe", "MD", "Yale School of Medicine")
JOHN = ("John Roe", "DO, PhD", "Mount Sinai")


def _sessions(conf):
    return {s.external_id: s for s in db.session.scalars(select(Session).where(Session.conference_id == conf.id))}


def test_first_import_creates_sessions_speakers_and_programs(app):
    conf = conference()
    result = write_sessions(conf, [record("S1", speakers=[JANE, JOHN]), record("S2", speakers=[JANE])])
    assert (result.created, result.updated, result.cancelled, result.unchanged) == (2, 0, 0, 0)
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 2
    assert {p.name for p in db.session.scalars(select(Program))} == {"Yale School of Medicine", "Mount Sinai"}
    assert db.session.scalar(select(func.count()).select_from(SessionSpeaker)) == 3


def test_reimport_of_same_records_changes_nothing(app):
    conf = conference()
    records = [record("S1", speakers=[JANE]), record("S2")]
    write_sessions(conf, records)
    versions = {k: (s.version, s.updated_at) for k, s in _sessions(conf).items()}
    result = write_sessions(conf, records)
    assert (result.created, result.updated, result.cancelled, result.unchanged) == (0, 0, 0, 2)
    assert {k: (s.version, s.updated_at) for k, s in _sessions(conf).items()} == versions


def test_changed_session_is_updated_in_place_with_a_new_version(app):
    conf = conference()
    write_sessions(conf, [record("S1", room="Room 1")])
    first = _sessions(conf)["S1"]
    first_id = first.id
    result = write_sessions(conf, [record("S1", room="Room 2", speakers=[JOHN])])
    assert (result.updated, result.created) == (1, 0)
    moved = _sessions(conf)["S1"]
    assert (moved.id, moved.room, moved.version) == (first_id, "Room 2", 2)
    assert [a.speaker.name for a in moved.appearances] == ["John Roe"]


def test_missing_session_is_cancelled_and_comes_back(app):
    conf = conference()
    write_sessions(conf, [record("S1"), record("S2")])
    result = write_sessions(conf, [record("S1")])
    assert result.cancelled == 1
    assert _sessions(conf)["S2"].status == "cancelled"
    assert _sessions(conf)["S2"].version == 2
    result = write_sessions(conf, [record("S1"), record("S2")])
    assert (result.updated, result.unchanged) == (1, 1)
    assert (_sessions(conf)["S2"].status, _sessions(conf)["S2"].version) == ("scheduled", 3)


def test_cancelled_session_is_not_cancelled_again(app):
    conf = conference()
    write_sessions(conf, [record("S1"), record("S2")])
    write_sessions(conf, [record("S1")])
    result = write_sessions(conf, [record("S1")])
    assert (result.cancelled, result.unchanged) == (0, 1)
    assert _sessions(conf)["S2"].version == 2


def test_sessions_without_an_id_get_a_stable_hash_identity(app):
    conf = conference()
    write_sessions(conf, [record("", title="Untitled panel", room="A")])
    result = write_sessions(conf, [record("", title="Untitled panel", room="A")])
    assert result.unchanged == 1
    (identity,) = _sessions(conf)
    assert identity.startswith("sha1:")


def test_duplicate_identities_are_kept_and_reported(app):
    conf = conference()
    result = write_sessions(conf, [record("X", title="First"), record("X", title="Second")])
    assert result.created == 2
    assert set(_sessions(conf)) == {"X", "X#2"}
    assert "same identity 'X'" in result.warnings[0]
    again = write_sessions(conf, [record("X", title="First"), record("X", title="Second")])
    assert again.unchanged == 2


def test_speaker_is_one_row_per_name_and_affiliation(app):
    conf = conference()
    write_sessions(
        conf,
        [record("S1", speakers=[JANE]), record("S2", speakers=[("Dr. Jane  Doe", "MD", "Yale School of Medicine")])],
    )
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 1


def test_programs_are_shared_across_conferences(app):
    write_sessions(conference("a"), [record("S1", speakers=[JANE])])
    write_sessions(conference("b"), [record("S1", speakers=[("Ann Lee", "MD", "The Yale School of Medicine")])])
    assert db.session.scalar(select(func.count()).select_from(Program)) == 1


def test_conference_dates_follow_the_sessions_in_its_zone(app):
    conf = conference(tz="America/New_York")
    # 02:30 UTC on the 20th is still the evening of the 19th in New York.
    write_sessions(conf, [record("S1", start="2027-05-15T12:00"), record("S2", start="2027-05-20T02:30")])
    assert (conf.starts_on.isoformat(), conf.ends_on.isoformat()) == ("2027-05-15", "2027-05-19")


def test_writer_query_count_does_not_grow_with_sessions(app, count_queries):
    def run(n, slug):
        conf = conference(slug)
        records = [record(f"S{i}", speakers=[(f"Speaker {i}", "MD", f"Hospital {i % 7}")]) for i in range(n)]
        with count_queries() as statements:
            write_sessions(conf, records)
        return len(statements)

    assert run(5, "small") == run(60, "large")
