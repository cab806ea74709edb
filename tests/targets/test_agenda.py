"""The personal agenda: sessions where the user's targets can be found, by day, with conflicts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from conference.extensions import db
from conference.schedule.models import Session
from conference.schedule.writer import write_sessions
from conference.targets.agenda import MAX_CONFLICTS, PROGRAM_SESSIONS_PER_DAY, find_conflicts
from conference.targets.operations import link_person_targets
from tests.support.schedule_helpers import record
from tests.support.targets_helpers import ProgramBook, mark

AGENDA = "/api/v1/me/agenda?conference=apa-2027"


@pytest.fixture
def book(app):
    """An empty program for apa-2027 (America/New_York); commit before making requests."""
    return ProgramBook()


def agenda(client, query=""):
    """GET the apa-2027 agenda, checking it answers 200."""
    response = client.get(AGENDA + query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def items(body):
    """Every agenda item, in order, whatever the day."""
    return [item for day in body["days"] for item in day["items"]]


def by_title(body):
    """Agenda items keyed by session title."""
    return {item["session"]["title"]: item for item in items(body)}


def test_targeted_session_is_on_the_agenda_with_the_session_as_reason(auth, book):
    session = book.session("Early psychosis update", "2099-05-16 09:00")
    book.session("Not for me", "2099-05-16 11:00")
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="session", session_id=session.id, priority="must")
    body = agenda(client)
    assert body["conference"] == "apa-2027"
    [item] = items(body)
    assert item["reasons"] == [
        {
            "kind": "session",
            "target_id": target["id"],
            "name": "Early psychosis update",
            "priority": "must",
            "speaker_ids": [],
        }
    ]
    assert (item["priority"], item["conflicts_with"]) == ("must", [])


def test_agenda_session_is_shown_as_the_schedule_api_shows_it(auth, book):
    rivera = book.speaker("Maria Rivera", "Yale")
    session = book.session("Coordinated specialty care", "2099-05-16 09:00", speakers=[rivera])
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="session", session_id=session.id)
    shown = items(agenda(client))[0]["session"]
    assert shown == client.get(f"/api/v1/sessions/{session.id}").get_json()
    assert shown["starts_at"] == "2099-05-16T09:00:00-04:00"
    assert shown["speakers"][0]["name"] == "Maria Rivera"


def test_sessions_where_a_target_speaker_speaks_are_on_the_agenda(auth, book):
    rivera = book.speaker("Maria Rivera", "Yale")
    other = book.speaker("Sam Green", "Harvard")
    book.session("Rivera talk", "2099-05-16 09:00", speakers=[other, rivera])
    book.session("Rivera chairs", "2099-05-17 09:00", speakers=[rivera])
    book.session("Green alone", "2099-05-17 11:00", speakers=[other])
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="speaker", speaker_id=rivera.id, priority="should")
    body = by_title(agenda(client))
    assert set(body) == {"Rivera talk", "Rivera chairs"}
    assert body["Rivera talk"]["reasons"] == [
        {
            "kind": "speaker",
            "target_id": target["id"],
            "name": "Maria Rivera",
            "priority": "should",
            "speaker_ids": [rivera.id],
        }
    ]


def test_sessions_of_a_person_target_linked_to_a_speaker_are_on_the_agenda(auth, book):
    rivera = book.speaker("José Rivera", "Yale")
    book.session("Rivera talk", "2099-05-16 09:00", speakers=[rivera])
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Dr. Jose Rivera", recommended_by="my PI", priority="must")
    body = agenda(client)
    [item] = items(body)
    assert item["reasons"] == [
        {
            "kind": "person",
            "target_id": target["id"],
            "name": "Dr. Jose Rivera",
            "priority": "must",
            "speaker_ids": [rivera.id],
        }
    ]
    assert body["not_covered"] == []


def test_sessions_with_a_speaker_from_a_target_program_are_on_the_agenda(auth, book):
    yale_a = book.speaker("Ana Lee", "Yale School of Medicine")
    yale_b = book.speaker("Ben Ode", "yale school of medicine")
    harvard = book.speaker("Sam Green", "Harvard")
    book.session("Yale residents' posters", "2099-05-16 09:00", speakers=[yale_a, harvard, yale_b])
    book.session("Harvard only", "2099-05-16 11:00", speakers=[harvard])
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="program", program_id=yale_a.program_id, priority="nice")
    [item] = items(agenda(client))
    assert item["session"]["title"] == "Yale residents' posters"
    assert item["reasons"] == [
        {
            "kind": "program",
            "target_id": target["id"],
            "name": "Yale School of Medicine",
            "priority": "nice",
            "speaker_ids": [yale_a.id, yale_b.id],
        }
    ]


def test_item_priority_is_the_best_among_its_reasons(auth, book):
    rivera = book.speaker("Maria Rivera", "Yale")
    session = book.session("Rivera at Yale", "2099-05-16 09:00", speakers=[rivera])
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="program", program_id=rivera.program_id, priority="nice")
    mark(client, kind="session", session_id=session.id, priority="should")
    mark(client, kind="speaker", speaker_id=rivera.id, priority="must")
    [item] = items(agenda(client))
    assert item["priority"] == "must"
    assert [reason["kind"] for reason in item["reasons"]] == ["speaker", "session", "program"]


def test_partial_overlaps_conflict_and_back_to_back_sessions_do_not(auth, book):
    first = book.session("09:00-10:00", "2099-05-16 09:00", 60)
    overlapping = book.session("09:30-10:30", "2099-05-16 09:30", 60)
    back_to_back = book.session("10:30-11:30", "2099-05-16 10:30", 60)
    inside = book.session("09:10-09:20", "2099-05-16 09:10", 10)
    db.session.commit()
    client, _ = auth.register()
    for session in (first, overlapping, back_to_back, inside):
        mark(client, kind="session", session_id=session.id)
    conflicts = {title: item["conflicts_with"] for title, item in by_title(agenda(client)).items()}
    assert conflicts == {
        "09:00-10:00": [inside.id, overlapping.id],
        "09:10-09:20": [first.id],
        "09:30-10:30": [first.id],
        "10:30-11:30": [],
    }


def test_a_target_program_puts_a_short_list_per_day_most_of_its_speakers_first(auth, book):
    yale = [book.speaker(f"Yale {i}", "Yale School of Medicine") for i in range(3)]
    other = book.speaker("Other", "Harvard")
    singles = [
        book.session(f"Day 1 single {h}", f"2099-05-16 {h:02d}:00", speakers=[yale[0], other]) for h in range(8, 16)
    ]
    pair = book.session("Day 1 pair", "2099-05-16 17:00", speakers=[yale[1], yale[2]])
    book.session("Day 1 cancelled", "2099-05-16 07:00", speakers=[yale[1], yale[2]], status="cancelled")
    book.session("Day 2", "2099-05-17 09:00", speakers=[yale[0]])
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="program", program_id=yale[0].program_id)
    days = {day["date"]: [item["session"]["title"] for item in day["items"]] for day in agenda(client)["days"]}
    assert days == {
        "2099-05-16": [s.title for s in singles[: PROGRAM_SESSIONS_PER_DAY - 1]] + [pair.title],
        "2099-05-17": ["Day 2"],
    }


def test_a_speaker_target_brings_every_session_beyond_the_program_list(auth, book):
    yale = book.speaker("Yale Speaker", "Yale School of Medicine")
    sessions = [book.session(f"Talk {h}", f"2099-05-16 {h:02d}:00", speakers=[yale]) for h in range(8, 16)]
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="program", program_id=yale.program_id)
    mark(client, kind="speaker", speaker_id=yale.id)
    assert [item["session"]["id"] for item in items(agenda(client))] == [s.id for s in sessions]


def test_conflicts_name_the_nearest_overlaps_and_count_them_all(auth, book):
    sessions = [book.session(f"Parallel {i:02d}", f"2099-05-16 09:{i:02d}", 60) for i in range(MAX_CONFLICTS + 6)]
    db.session.commit()
    client, _ = auth.register()
    for session in sessions:
        mark(client, kind="session", session_id=session.id)
    first, *_, last = items(agenda(client))
    assert first["conflict_count"] == last["conflict_count"] == len(sessions) - 1
    assert first["conflicts_with"] == [s.id for s in sessions[1 : MAX_CONFLICTS + 1]]
    assert last["conflicts_with"] == [s.id for s in sessions[-MAX_CONFLICTS - 1 : -1]]


def test_cancelled_session_is_shown_and_conflicts_with_nothing(auth, book):
    cancelled = book.session("Cancelled talk", "2099-05-16 09:00", status="cancelled")
    same_time = book.session("Same time", "2099-05-16 09:00")
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="session", session_id=cancelled.id)
    mark(client, kind="session", session_id=same_time.id)
    body = by_title(agenda(client))
    assert body["Cancelled talk"]["session"]["status"] == "cancelled"
    assert body["Cancelled talk"]["conflicts_with"] == []
    assert body["Same time"]["conflicts_with"] == []


def test_session_crossing_midnight_is_on_the_day_it_starts(auth, book):
    late = book.session("Late night", "2099-05-16 23:30", 60)
    early = book.session("Just after midnight", "2099-05-17 00:15", 30)
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="session", session_id=late.id)
    mark(client, kind="session", session_id=early.id)
    days = agenda(client)["days"]
    assert [(day["date"], [i["session"]["title"] for i in day["items"]]) for day in days] == [
        ("2099-05-16", ["Late night"]),
        ("2099-05-17", ["Just after midnight"]),
    ]
    assert days[1]["items"][0]["conflicts_with"] == [late.id]


def test_a_session_at_2am_utc_is_on_the_previous_new_york_day(auth, book):
    session = book.session("Evening reception", "2099-05-17 02:00", utc=True)
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="session", session_id=session.id)
    [day] = agenda(client)["days"]
    assert day["date"] == "2099-05-16"
    assert day["items"][0]["session"]["starts_at"] == "2099-05-16T22:00:00-04:00"


def test_day_filter_shows_only_that_local_day(auth, book):
    rivera = book.speaker("Maria Rivera")
    book.session("Saturday", "2099-05-16 09:00", speakers=[rivera])
    book.session("Sunday", "2099-05-17 09:00", speakers=[rivera])
    book.session("Sunday night UTC", "2099-05-18 01:00", speakers=[rivera], utc=True)
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="speaker", speaker_id=rivera.id)
    body = agenda(client, "&day=2099-05-17")
    assert [day["date"] for day in body["days"]] == ["2099-05-17"]
    assert [i["session"]["title"] for i in items(body)] == ["Sunday", "Sunday night UTC"]
    assert body["not_covered"] == []
    assert agenda(client, "&day=2099-05-20")["days"] == []
    response = client.get(AGENDA + "&day=17-05-2099")
    assert response.status_code == 422
    assert "day" in response.get_json()["error"]["fields"]


def test_not_covered_lists_targets_to_look_for_elsewhere(auth, book):
    speaking = book.speaker("Speaking Person", "Yale")
    silent = book.speaker("Silent Person", "Harvard")
    only_cancelled = book.speaker("Cancelled Person", "Stanford")
    book.session("Talk", "2099-05-16 09:00", speakers=[speaking])
    book.session("Gone", "2099-05-16 11:00", speakers=[only_cancelled], status="cancelled")
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="speaker", speaker_id=speaking.id)
    mark(client, kind="program", program_id=speaking.program_id)
    silent_target = mark(client, kind="speaker", speaker_id=silent.id, priority="nice")
    program = mark(client, kind="program", program_id=silent.program_id, priority="must")
    cancelled = mark(client, kind="speaker", speaker_id=only_cancelled.id)
    person = mark(client, kind="person", name="Poster Hall Friend", affiliation="UCSF", priority="must")
    not_covered = agenda(client)["not_covered"]
    assert not_covered == [
        {"target_id": program["id"], "kind": "program", "name": "Harvard", "priority": "must"},
        {"target_id": person["id"], "kind": "person", "name": "Poster Hall Friend", "priority": "must"},
        {"target_id": cancelled["id"], "kind": "speaker", "name": "Cancelled Person", "priority": "should"},
        {"target_id": silent_target["id"], "kind": "speaker", "name": "Silent Person", "priority": "nice"},
    ]


def test_agenda_leaves_out_other_conferences_targets(auth, book):
    other = ProgramBook(slug="other-2027")
    far = other.speaker("Far Away")
    other.session("Elsewhere", "2099-05-16 09:00", speakers=[far])
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="speaker", speaker_id=far.id)
    mark(client, kind="person", name="Met Elsewhere", conference="other-2027")
    assert agenda(client) == {"conference": "apa-2027", "days": [], "not_covered": []}


def test_moved_and_dropped_sessions_after_a_reimport(auth, book):
    # Uses the schedule writer, so the agenda sees exactly what a real re-import leaves.
    rivera = ("Maria Rivera", "MD", "Yale")
    write_sessions(
        book.conference,
        [
            record("S1", "Rivera talk", start="2099-05-16T13:00", speakers=[rivera]),
            record("S2", "Rivera panel", start="2099-05-16T15:00", speakers=[rivera]),
            record("S3", "Other", start="2099-05-16T17:00"),
        ],
    )
    db.session.commit()
    client, _ = auth.register()
    mark(client, kind="person", name="Maria Rivera", conference="apa-2027")
    other = db.session.scalars(select(Session).where(Session.external_id == "S3")).one()
    mark(client, kind="session", session_id=other.id)
    assert [i["conflicts_with"] for i in items(agenda(client))] == [[], [], []]
    write_sessions(
        book.conference,
        [
            record("S1", "Rivera talk", start="2099-05-16T17:30", speakers=[rivera]),
            record("S3", "Other", start="2099-05-16T17:00"),
        ],
    )
    db.session.commit()
    body = by_title(agenda(client))
    assert body["Rivera talk"]["session"]["starts_at"] == "2099-05-16T13:30:00-04:00"
    assert body["Rivera talk"]["session"]["version"] == 2
    assert body["Rivera talk"]["conflicts_with"] == [other.id]
    assert body["Rivera panel"]["session"]["status"] == "cancelled"
    assert body["Rivera panel"]["conflicts_with"] == []


def test_a_target_programs_list_follows_a_reimport(auth, book):
    yale = ("Ana Lee", "MD", "Yale School of Medicine")
    write_sessions(book.conference, [record("S1", "Yale talk", start="2099-05-16T13:00", speakers=[yale])])
    db.session.commit()
    client, _ = auth.register()
    speaker = db.session.scalars(select(Session).where(Session.external_id == "S1")).one().appearances[0].speaker
    mark(client, kind="program", program_id=speaker.program_id, conference="apa-2027")
    assert [i["session"]["title"] for i in items(agenda(client))] == ["Yale talk"]
    write_sessions(
        book.conference,
        [
            record("S1", "Yale talk", start="2099-05-16T13:00", speakers=[yale]),
            record("S2", "Yale panel", start="2099-05-16T15:00", speakers=[yale]),
        ],
    )
    db.session.commit()
    assert [i["session"]["title"] for i in items(agenda(client))] == ["Yale talk", "Yale panel"]


def test_person_linked_after_a_later_import_reaches_the_agenda(auth, book):
    db.session.commit()
    client, _ = auth.register()
    target = mark(client, kind="person", name="Dr. Ana Lee", affiliation="Mount Sinai")
    assert agenda(client)["not_covered"][0]["target_id"] == target["id"]
    lee = ("Ana Lee", "MD", "Mount Sinai")
    write_sessions(book.conference, [record("S1", "Lee talk", start="2099-05-16T13:00", speakers=[lee])])
    assert link_person_targets(book.conference) == 1
    db.session.commit()
    body = agenda(client)
    assert [i["session"]["title"] for i in items(body)] == ["Lee talk"]
    assert body["not_covered"] == []


def test_another_users_targets_never_reach_my_agenda(auth, book):
    rivera = book.speaker("Maria Rivera")
    book.session("Rivera talk", "2099-05-16 09:00", speakers=[rivera])
    db.session.commit()
    alice, _ = auth.register()
    bob, _ = auth.register()
    mark(alice, kind="speaker", speaker_id=rivera.id)
    mark(alice, kind="person", name="Alice's Secret Mentor")
    assert agenda(bob) == {"conference": "apa-2027", "days": [], "not_covered": []}
    assert len(items(agenda(alice))) == 1


def test_agenda_needs_a_known_conference_and_a_login(auth, client, book):
    db.session.commit()
    assert client.get(AGENDA).status_code == 401
    logged_in, _ = auth.register()
    assert logged_in.get("/api/v1/me/agenda?conference=nowhere").status_code == 404
    response = logged_in.get("/api/v1/me/agenda")
    assert response.status_code == 422
    assert "conference" in response.get_json()["error"]["fields"]


def test_agenda_takes_the_same_number_of_queries_for_3_or_30_targets(auth, book, count_queries):
    speakers = [book.speaker(f"Speaker {i}", f"Program {i % 7}") for i in range(40)]
    start = datetime(2099, 5, 16, 13, 0, tzinfo=UTC)
    starts = [(start + timedelta(minutes=45 * i)).strftime("%Y-%m-%d %H:%M") for i in range(40)]
    sessions = [book.session(f"S{i}", at, speakers=speakers[i : i + 3], utc=True) for i, at in enumerate(starts)]
    db.session.commit()
    client, _ = auth.register()

    def queries_for_agenda():
        with count_queries() as statements:
            body = agenda(client)
        return len(statements), len(items(body))

    mark(client, kind="speaker", speaker_id=speakers[0].id)
    mark(client, kind="session", session_id=sessions[5].id)
    mark(client, kind="program", program_id=speakers[1].program_id)
    few, few_items = queries_for_agenda()
    for i in range(1, 11):
        mark(client, kind="speaker", speaker_id=speakers[i * 3].id)
        mark(client, kind="session", session_id=sessions[i * 3 + 1].id)
    for i in range(2, 6):
        mark(client, kind="program", program_id=speakers[i].program_id)
    for i in range(4):
        mark(client, kind="person", name=f"Speaker {30 + i}", conference="apa-2027")
    mark(client, kind="person", name="Not Speaking")
    many, many_items = queries_for_agenda()
    assert many_items > few_items
    assert many == few


@pytest.mark.parametrize(
    ("intervals", "expected"),
    [
        ([(0, 60, 1), (30, 90, 2)], {1: {2}, 2: {1}}),
        ([(0, 60, 1), (60, 120, 2)], {}),
        ([(0, 120, 1), (10, 20, 2), (30, 40, 3)], {1: {2, 3}, 2: {1}, 3: {1}}),
        ([(0, 60, 1), (0, 60, 2)], {1: {2}, 2: {1}}),
        ([(0, 0, 1), (0, 60, 2)], {}),
    ],
)
def test_find_conflicts_sweeps_overlaps(intervals, expected):
    assert dict(find_conflicts(intervals)) == expected
