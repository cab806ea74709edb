"""Re-imports keep each session and speaker the same record: moved sessions, renamed affiliations, skipped rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from conference.extensions import db
from conference.people.models import Contact, Encounter
from conference.schedule.models import Session, Speaker
from conference.schedule.naming import normalize_person, same_institution
from conference.schedule.writer import write_sessions
from tests.support.schedule_helpers import cli_import, conference, record
from tests.support.targets_helpers import mark

HEADER = "Session Title,Date,Start Time,End Time,Location,Speakers\n"
PROGRAM = [
    ("Early psychosis care", "8:00 AM", "9:00 AM", "Room 1", "Jane Doe, MD (Yale)"),
    ("Addiction in primary care", "9:00 AM", "10:00 AM", "Room 2", "John Roe, DO (Mount Sinai)"),
    ("Poster session", "11:00 AM", "12:00 PM", "Hall A", ""),
    ("Poster session", "3:00 PM", "4:00 PM", "Hall A", ""),
    ("Sleep and mood", "1:00 PM", "2:00 PM", "Room 3", "Ann Lee, MD (Brown)"),
    ("Lithium revisited", "2:00 PM", "3:00 PM", "Room 4", "Omar Haddad, MD (Emory)"),
]


def csv_of(rows) -> str:
    """A code-less APA-style program of these rows, all on 15 May 2099."""
    return HEADER + "".join(
        f'{title},05/15/2099,{start},{end},{room},"{people}"\n' for title, start, end, room, people in rows
    )


def summary(result) -> str:
    """The CLI's summary line."""
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def session_titled(title: str) -> Session:
    """The one session with this title."""
    return db.session.scalars(select(Session).where(Session.title == title)).one()


def test_moved_session_without_codes_is_updated_in_place_keeping_targets_and_encounters(runner, tmp_path, auth):
    cli_import(runner, tmp_path, csv_of(PROGRAM))
    talk = session_titled("Early psychosis care")
    client, user = auth.register()
    target = mark(client, kind="session", session_id=talk.id, priority="must")
    contact = Contact(id=uuid.uuid4(), owner_id=user["id"], name="Jane Doe")
    encounter = Encounter(
        id=uuid.uuid4(),
        owner_id=user["id"],
        contact=contact,
        session_id=talk.id,
        occurred_at=datetime(2099, 5, 15, 13, tzinfo=UTC),
    )
    db.session.add_all([contact, encounter])
    db.session.commit()
    moved = [("Early psychosis care", "10:00 AM", "11:00 AM", "Room 9", "Jane Doe, MD (Yale)"), *PROGRAM[1:]]

    assert summary(cli_import(runner, tmp_path, csv_of(moved))) == "created 0, updated 1, cancelled 0, unchanged 5"

    db.session.expire_all()
    again = session_titled("Early psychosis care")
    assert (again.id, again.version, again.status, again.room) == (talk.id, 2, "scheduled", "Room 9")
    assert again.starts_at == datetime(2099, 5, 15, 14, tzinfo=UTC)
    assert client.get(f"/api/v1/me/targets/{target['id']}").get_json()["session_id"] == talk.id
    assert db.session.get(Encounter, encounter.id).session_id == talk.id
    read_again = cli_import(runner, tmp_path, csv_of(moved), "--force")
    assert summary(read_again) == "created 0, updated 0, cancelled 0, unchanged 6"


def test_duplicate_titles_pair_by_nearest_time_not_file_order(app):
    conf = conference()
    write_sessions(
        conf,
        [
            record("", "Poster session", start="2099-05-15T15:00"),
            record("", "Poster session", start="2099-05-15T19:00"),
        ],
    )
    ids = {s.starts_at.hour: s.id for s in db.session.scalars(select(Session))}
    # listed the other way round, each half an hour later
    result = write_sessions(
        conf,
        [
            record("", "Poster session", start="2099-05-15T19:30"),
            record("", "Poster session", start="2099-05-15T15:30"),
        ],
    )
    assert (result.created, result.updated, result.cancelled) == (0, 2, 0)
    moved = {s.id: (s.starts_at.hour, s.starts_at.minute) for s in db.session.scalars(select(Session))}
    assert moved == {ids[15]: (15, 30), ids[19]: (19, 30)}


def test_moved_session_with_other_speakers_is_another_session(app):
    conf = conference()
    write_sessions(conf, [record("", "Grand rounds", speakers=["Jane Doe"])])
    result = write_sessions(conf, [record("", "Grand rounds", start="2099-05-15T14:00", speakers=["Omar Haddad"])])
    assert (result.created, result.updated, result.cancelled) == (1, 0, 1)


def test_sources_with_ids_keep_them_as_the_only_identity(app):
    conf = conference()
    write_sessions(conf, [record("A-1", "Grand rounds")])
    result = write_sessions(conf, [record("B-7", "Grand rounds", start="2099-05-15T14:00")])
    assert (result.created, result.updated, result.cancelled) == (1, 0, 1)


def test_renamed_affiliation_keeps_the_speaker_and_the_users_targets(runner, tmp_path, auth):
    cli_import(runner, tmp_path, csv_of(PROGRAM))
    jane = db.session.scalars(select(Speaker).where(Speaker.name == "Jane Doe")).one()
    client, _ = auth.register()
    speaker_target = mark(client, kind="speaker", speaker_id=jane.id, priority="must")
    person_target = mark(client, kind="person", name="Dr. Jane Doe", affiliation="Yale", priority="should")
    assert person_target["speaker_id"] == jane.id
    renamed = [
        ("Early psychosis care", "8:00 AM", "9:00 AM", "Room 1", "Jane Doe, MD (Yale School of Medicine)"),
        *PROGRAM[1:],
    ]

    assert summary(cli_import(runner, tmp_path, csv_of(renamed))).startswith("created 0, updated 1,")

    db.session.expire_all()
    (speaker,) = db.session.scalars(select(Speaker).where(Speaker.normalized_name == "jane doe")).all()
    assert (speaker.id, speaker.affiliation, speaker.version) == (jane.id, "Yale School of Medicine", 2)
    for target in (speaker_target, person_target):
        assert client.get(f"/api/v1/me/targets/{target['id']}").get_json()["speaker_id"] == jane.id
    newcomer, _ = auth.register()
    assert (
        mark(newcomer, kind="person", name="Jane Doe, MD", affiliation="Yale", priority="must")["speaker_id"] == jane.id
    )
    agenda = client.get("/api/v1/me/agenda?conference=apa-2027").get_json()
    assert agenda["not_covered"] == []
    assert [item["session"]["title"] for day in agenda["days"] for item in day["items"]] == ["Early psychosis care"]


def test_a_speaker_who_changed_institution_stays_one_speaker(app):
    conf = conference()
    write_sessions(conf, [record("S1", speakers=[("Jane Doe", "MD", "Yale")])])
    write_sessions(conf, [record("S1", speakers=[("Jane Doe", "MD", "Harvard Medical School")])])
    (speaker,) = db.session.scalars(select(Speaker)).all()
    assert speaker.affiliation == "Harvard Medical School"


def test_same_name_with_two_affiliations_in_one_file_is_two_people(app):
    conf = conference()
    people = [("Jane Doe", "MD", "Yale"), ("Jane Doe", "PhD", "Stanford")]
    write_sessions(conf, [record("S1", speakers=[people[0]]), record("S2", speakers=[people[1]])])
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 2
    # the next year's file lists them again, one with a fuller affiliation: still two people, same rows
    ids = {s.affiliation: s.id for s in db.session.scalars(select(Speaker))}
    write_sessions(
        conf,
        [record("S1", speakers=[("Jane Doe", "MD", "Yale School of Medicine")]), record("S2", speakers=[people[1]])],
    )
    assert {s.affiliation: s.id for s in db.session.scalars(select(Speaker))} == {
        "Yale School of Medicine": ids["Yale"],
        "Stanford": ids["Stanford"],
    }


def test_a_listing_without_affiliation_is_the_names_only_person(app):
    conf = conference()
    write_sessions(conf, [record("S1", speakers=[("Jane Doe", "MD", "Yale")]), record("S2", speakers=["Dr. Jane Doe"])])
    (speaker,) = db.session.scalars(select(Speaker)).all()
    assert len(speaker.appearances) == 2


@pytest.mark.parametrize(
    "typed",
    [
        "Dr. Jessica Fischer",
        "Jessica Fischer, DO",
        "Prof. Dr. Jessica Fischer MD",
        "MISS JESSICA FISCHER",
        "Jéssica  Fischer",
    ],
)
def test_person_target_with_titles_or_credentials_links_to_the_speaker(runner, tmp_path, auth, typed):
    client, _ = auth.register()
    target = mark(client, kind="person", name=typed, priority="must")
    rows = [("Eating disorders", "8:00 AM", "9:00 AM", "Room 1", "Jessica Fischer, DO (University of Miami)")]
    cli_import(runner, tmp_path, csv_of(rows))
    speaker = db.session.scalars(select(Speaker)).one()
    assert client.get(f"/api/v1/me/targets/{target['id']}").get_json()["speaker_id"] == speaker.id


@pytest.mark.parametrize(
    ("printed", "normalized"),
    [
        ("Dr. Jessica Fischer", "jessica fischer"),
        ("Jessica Fischer, MD, PhD", "jessica fischer"),
        ("Jessica Fischer MD MPH", "jessica fischer"),
        ("Mrs. Ana Núñez, MBBS", "ana nunez"),
        ("Ms Jane Doe (she/her)", "jane doe"),
        ("Jane DO", "jane do"),  # two words: the last is a surname, not a credential
        ("John Roe Jr., DO", "john roe jr"),
    ],
)
def test_one_name_normalizer(printed, normalized):
    assert normalize_person(printed) == normalized


def test_related_institutions():
    assert same_institution("yale", "yale school of medicine")
    assert not same_institution("yale", "harvard medical school")


# A code-less program where each row is also identified by a code column, to tell the two rules apart.
CODED = "Session Number,Session Title,Date,Start Time,End Time,Location\n" + "".join(
    f"S{i},Talk {i},05/15/2099,{8 + i}:00 AM,{8 + i}:30 AM,Room {i}\n" for i in range(1, 5)
)


def test_rows_skipped_with_skip_invalid_are_never_cancelled(runner, tmp_path):
    cli_import(runner, tmp_path, CODED)
    kept = session_titled("Talk 2")
    broken = CODED.replace("S2,Talk 2,05/15/2099,10:00 AM", "S2,Talk 2,05/15/2099,ten o'clock")
    result = cli_import(runner, tmp_path, broken, "--skip-invalid")
    assert summary(result) == "created 0, updated 0, cancelled 0, unchanged 3, skipped 1"
    db.session.expire_all()
    assert (session_titled("Talk 2").status, session_titled("Talk 2").version) == ("scheduled", kept.version)


def test_rows_skipped_without_a_code_keep_the_sessions_of_their_title(runner, tmp_path):
    cli_import(runner, tmp_path, csv_of(PROGRAM))
    broken = csv_of(PROGRAM).replace("Sleep and mood,05/15/2099,1:00 PM", "Sleep and mood,05/15/2099,lunchtime")
    assert summary(cli_import(runner, tmp_path, broken, "--skip-invalid")).startswith(
        "created 0, updated 0, cancelled 0"
    )
    assert session_titled("Sleep and mood").status == "scheduled"


def test_a_skipped_recurring_event_keeps_its_occurrences(runner, tmp_path):
    calendar = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\nBEGIN:VEVENT\nUID:opening\nDTSTART:20990515T120000Z\n"
        "DTEND:20990515T130000Z\nSUMMARY:Opening\nEND:VEVENT\nBEGIN:VEVENT\nUID:closing\nDTSTART:20990519T120000Z\n"
        "DTEND:20990519T130000Z\nSUMMARY:Closing\nEND:VEVENT\nBEGIN:VEVENT\nUID:yoga\nDTSTART:20990515T110000Z\n"
        "DTEND:20990515T113000Z\n{rule}\nSUMMARY:Morning yoga\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    cli_import(runner, tmp_path, calendar.format(rule="RRULE:FREQ=DAILY;COUNT=3"), name="p.ics")
    assert db.session.scalar(select(func.count()).select_from(Session).where(Session.title == "Morning yoga")) == 3
    result = cli_import(
        runner, tmp_path, calendar.format(rule="RRULE:FREQ=DAILY;COUNT=three"), "--skip-invalid", name="p.ics"
    )
    assert summary(result) == "created 0, updated 0, cancelled 0, unchanged 2, skipped 1"
    assert "3 sessions not in the file were kept" in result.stderr
    statuses = db.session.scalars(select(Session.status).where(Session.title == "Morning yoga")).all()
    assert statuses == ["scheduled"] * 3


def test_a_skipped_row_that_cannot_be_named_cancels_nothing(runner, tmp_path):
    cli_import(runner, tmp_path, csv_of(PROGRAM))
    nameless = csv_of(PROGRAM[1:]) + ",05/15/2099,1:00 PM,2:00 PM,Room 7,\n"
    result = cli_import(runner, tmp_path, nameless, "--skip-invalid")
    assert summary(result).startswith("created 0, updated 0, cancelled 0")
    assert "no session was cancelled" in result.stderr
    assert session_titled("Early psychosis care").status == "scheduled"


def test_moved_session_pairing_is_set_based(app, count_queries):
    def run(n, slug):
        conf = conference(slug)
        write_sessions(conf, [record("", f"Talk {i}", speakers=[f"Speaker {i}"]) for i in range(n)])
        moved = [record("", f"Talk {i}", start="2099-05-15T18:00", speakers=[f"Speaker {i}"]) for i in range(n)]
        with count_queries() as statements:
            result = write_sessions(conf, moved)
        assert result.updated == n
        return len(statements)

    assert run(4, "small") == run(40, "large")
