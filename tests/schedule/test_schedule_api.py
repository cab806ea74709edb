"""Browsing the program: conferences, sessions with filters, speakers, programs, ETags."""

from __future__ import annotations

import pytest

from conference.extensions import db
from conference.schedule.writer import write_sessions
from tests.support.schedule_helpers import conference, record

JANE = ("Jane Doe", "MD", "Yale School of Medicine")
JOHN = ("John Roe", "DO, PhD", "Mount Sinai")


@pytest.fixture
def program(app):
    """A small program in New York time, committed."""
    conf = conference("apa-2027", "America/New_York")
    write_sessions(
        conf,
        [
            record(
                "S1",
                "Early psychosis care",
                start="2027-05-15T12:00",
                track="Psychosis",
                kind="Symposium",
                speakers=[JANE, JOHN],
                abstract="Coordinated specialty care",
            ),
            record(
                "S2",
                "Addiction in primary care",
                start="2027-05-15T14:00",
                track="Addiction",
                kind="Lecture",
                speakers=[JOHN],
            ),
            # 01:30 UTC on the 17th is 21:30 on the 16th in New York.
            record("S3", "Evening forum 100%_done", start="2027-05-17T01:30", track="Psychosis", kind="Forum"),
        ],
    )
    db.session.commit()
    return conf


def test_conferences_list_and_item(client, program):
    listing = client.get("/api/v1/conferences").get_json()
    assert listing["total"] == 1
    assert listing["items"][0]["slug"] == "apa-2027"
    item = client.get("/api/v1/conferences/apa-2027").get_json()
    assert (item["timezone"], item["starts_on"], item["ends_on"]) == ("America/New_York", "2027-05-15", "2027-05-16")


def test_unknown_conference_is_404(client, program):
    assert client.get("/api/v1/conferences/nope/sessions").status_code == 404


def test_session_shape_has_local_times_and_speakers(client, program):
    items = client.get("/api/v1/conferences/apa-2027/sessions").get_json()["items"]
    first = items[0]
    assert first["starts_at"] == "2027-05-15T08:00:00-04:00"
    assert first["conference"] == "apa-2027"
    assert set(first) >= {
        "id",
        "external_id",
        "code",
        "title",
        "abstract",
        "kind",
        "track",
        "room",
        "starts_at",
        "ends_at",
        "status",
        "version",
        "updated_at",
        "speakers",
    }
    assert first["speakers"][0] == {
        "id": first["speakers"][0]["id"],
        "name": "Jane Doe",
        "credentials": "MD",
        "affiliation": "Yale School of Medicine",
        "program_id": first["speakers"][0]["program_id"],
        "role": "presenter",
    }


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("day=2027-05-15", ["S1", "S2"]),
        ("day=2027-05-16", ["S3"]),
        ("track=Psychosis", ["S1", "S3"]),
        ("kind=Lecture", ["S2"]),
        ("q=psychosis", ["S1", "S3"]),
        ("q=mount%20sinai", ["S1", "S2"]),
        ("q=100%25_", ["S3"]),
        ("q=%25", []),  # no word to look for
        ("status=cancelled", []),
    ],
)
def test_session_filters(client, program, query, codes):
    items = client.get(f"/api/v1/conferences/apa-2027/sessions?{query}").get_json()["items"]
    assert sorted(item["external_id"] for item in items) == codes


def test_filter_by_speaker_and_program(client, program):
    sessions = client.get("/api/v1/conferences/apa-2027/sessions").get_json()["items"]
    john = next(s for s in sessions[0]["speakers"] if s["name"] == "John Roe")
    by_speaker = client.get(f"/api/v1/conferences/apa-2027/sessions?speaker={john['id']}").get_json()
    by_program = client.get(f"/api/v1/conferences/apa-2027/sessions?program={john['program_id']}").get_json()
    assert [s["external_id"] for s in by_speaker["items"]] == ["S1", "S2"]
    assert [s["external_id"] for s in by_program["items"]] == ["S1", "S2"]


def test_since_returns_changes_including_cancellations(client, program):
    first = client.get("/api/v1/conferences/apa-2027/sessions").get_json()["items"]
    latest = max(s["updated_at"] for s in first)
    write_sessions(
        program,
        [
            record(
                "S1",
                "Early psychosis care",
                start="2027-05-15T12:00",
                track="Psychosis",
                kind="Symposium",
                speakers=[JANE, JOHN],
                abstract="Coordinated specialty care",
            ),
            record(
                "S2",
                "Addiction in primary care",
                start="2027-05-15T14:00",
                track="Addiction",
                kind="Lecture",
                speakers=[JOHN],
            ),
        ],
    )
    db.session.commit()
    changed = client.get("/api/v1/conferences/apa-2027/sessions", query_string={"since": latest}).get_json()
    assert [(s["external_id"], s["status"]) for s in changed["items"]] == [("S3", "cancelled")]


def test_bad_filter_is_422_naming_it(client, program):
    response = client.get("/api/v1/conferences/apa-2027/sessions?day=15/05/2027&per_page=500")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"day", "per_page"}


def test_pagination_reports_total(client, program):
    page = client.get("/api/v1/conferences/apa-2027/sessions?per_page=2&page=2").get_json()
    assert (page["total"], page["page"], page["per_page"], len(page["items"])) == (3, 2, 2, 1)


def test_session_item_and_404(client, program):
    sessions = client.get("/api/v1/conferences/apa-2027/sessions").get_json()["items"]
    item = client.get(f"/api/v1/sessions/{sessions[1]['id']}").get_json()
    assert item["title"] == "Addiction in primary care"
    assert client.get("/api/v1/sessions/999999").status_code == 404


def test_speakers_search_and_detail(client, program):
    found = client.get("/api/v1/conferences/apa-2027/speakers?q=sinai").get_json()["items"]
    assert [s["name"] for s in found] == ["John Roe"]
    detail = client.get(f"/api/v1/speakers/{found[0]['id']}").get_json()
    assert sorted(a["session"]["external_id"] for a in detail["sessions"]) == ["S1", "S2"]
    assert client.get("/api/v1/speakers/999999").status_code == 404


def test_programs_list_names_and_their_speakers_are_listed_per_conference(client, program):
    programs = client.get("/api/v1/programs?q=yale").get_json()["items"]
    assert [(p["name"], "speakers" in p) for p in programs] == [("Yale School of Medicine", False)]
    speakers = client.get(f"/api/v1/conferences/apa-2027/speakers?program={programs[0]['id']}").get_json()["items"]
    assert [s["name"] for s in speakers] == ["Jane Doe"]


def test_unchanged_list_answers_304_and_a_change_refreshes_it(client, program):
    first = client.get("/api/v1/conferences/apa-2027/sessions")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/conferences/apa-2027/sessions", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    write_sessions(program, [record("S1", "Renamed")])
    db.session.commit()
    changed = client.get("/api/v1/conferences/apa-2027/sessions", headers={"If-None-Match": etag})
    assert changed.status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/conferences", "/api/v1/conferences/apa-2027/sessions"])
def test_an_etag_a_proxy_made_weak_still_answers_304(client, program, path):
    # A proxy that compresses the answer sends W/"..." back: If-None-Match compares weakly (RFC 9110, 13.1.2).
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert client.get(path, headers={"If-None-Match": 'W/"other", ' + f"W/{etag}"}).status_code == 304
    assert client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/v1/conferences/big/sessions", "/api/v1/conferences/big/speakers", "/api/v1/programs"]
)
def test_list_queries_do_not_grow_with_page_size(client, app, count_queries, path):
    conf = conference("big", "UTC")
    write_sessions(conf, [record(f"S{i}", speakers=[(f"Speaker {i}", "MD", f"Hospital {i}")]) for i in range(30)])
    db.session.commit()
    counts = []
    for per_page in (2, 30):
        with count_queries() as statements:
            assert len(client.get(f"{path}?per_page={per_page}").get_json()["items"]) == per_page
        counts.append(len(statements))
    assert counts[1] <= counts[0]  # fewer when the first request's total was kept


@pytest.mark.parametrize(
    "path", ["/api/v1/conferences", "/api/v1/conferences/apa-2027/speakers", "/api/v1/programs?q=yale"]
)
def test_every_program_list_answers_304_until_it_changes(client, program, path):
    etag = client.get(path).headers["ETag"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    write_sessions(program, [record("S9", speakers=[("New Person", "MD", "Yale New Haven Hospital")])])
    db.session.commit()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 200
