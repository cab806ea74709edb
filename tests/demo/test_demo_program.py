"""The demo APA program: committed, reproducible, and shaped like the real meeting's export."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest

from conference.demo.program import HEADERS, generate, main
from tests.support.paths import ROOT

COMMITTED = ROOT / "conference" / "demo" / "apa-2027-program.csv"
SPEAKER = re.compile(r"(?P<name>[^,()]+), (?P<credentials>[A-Za-z]+(?:, [A-Za-z]+)*) \((?P<affiliation>[^()]+)\)")
CLOCK = re.compile(r"(1[0-2]|[1-9]):[0-5]\d (AM|PM)")


def generated(**arguments) -> str:
    """The CSV text generate() writes to an open file."""
    out = io.StringIO(newline="")
    generate(out, **arguments)
    return out.getvalue()


def parse(text: str) -> list[dict[str, str]]:
    """Read CSV text with the csv module, as an importer would."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def speakers(row: dict[str, str]) -> list[re.Match]:
    """The people of a Speakers cell, each checked against `Name, CRED[, CRED] (Affiliation)`."""
    people = [SPEAKER.fullmatch(cell) for cell in row["Speakers"].split("; ")]
    assert all(people), row["Speakers"]
    return people


def interval(row: dict[str, str]) -> tuple[datetime, datetime]:
    """A session's local start and end."""
    start, end = (
        datetime.strptime(f"{row['Date']} {row[column]}", "%m/%d/%Y %I:%M %p") for column in ("Start Time", "End Time")
    )
    return start, end


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    """The committed program."""
    return parse(COMMITTED.read_text(encoding="utf-8"))


def test_committed_program_is_what_generate_writes_today(tmp_path):
    out = tmp_path / "program.csv"
    generate(out)
    assert out.read_bytes() == COMMITTED.read_bytes()


def test_same_arguments_give_the_same_bytes():
    assert generated(sessions=120, speakers=200, seed=7) == generated(sessions=120, speakers=200, seed=7)


def test_another_seed_gives_another_program():
    assert generated(sessions=120, speakers=200, seed=7) != generated(sessions=120, speakers=200, seed=8)


def test_command_line_writes_what_generate_writes(tmp_path):
    out = tmp_path / "program.csv"
    main([str(out), "--sessions", "60", "--speakers", "100", "--seed", "3"])
    assert out.read_text(encoding="utf-8") == generated(sessions=60, speakers=100, seed=3)


def test_columns_are_the_apa_export_headers():
    header = next(csv.reader(io.StringIO(COMMITTED.read_text(encoding="utf-8"), newline="")))
    assert (
        tuple(header)
        == HEADERS
        == (
            "Session Number",
            "Session Title",
            "Session Type",
            "Track",
            "Date",
            "Start Time",
            "End Time",
            "Location",
            "Speakers",
            "Description",
        )
    )


def test_program_is_as_big_as_the_real_meeting(rows):
    people = [person for row in rows for person in speakers(row)]
    assert len(rows) >= 400
    assert len({person["name"] for person in people}) >= 800
    assert len({person["affiliation"] for person in people}) >= 60
    assert 90 <= len({row["Location"] for row in rows}) <= 120
    assert len({row["Track"] for row in rows}) >= 16
    assert {row["Session Type"] for row in rows} >= {
        "Lecture",
        "General Session",
        "Symposium",
        "Workshop",
        "Course",
        "Poster Session",
        "Interactive Session",
        "Case Conference",
        "Presidential Symposium",
        "Forum",
    }


def test_program_spans_the_five_days_of_the_meeting(rows):
    assert sorted({row["Date"] for row in rows}) == [f"05/{day}/2027" for day in range(15, 20)]


def test_day_sessions_run_between_eight_and_five_thirty_in_standard_lengths(rows):
    for row in rows:
        assert CLOCK.fullmatch(row["Start Time"]) and CLOCK.fullmatch(row["End Time"]), row
        start, end = interval(row)
        if start.hour < 18:
            assert start.replace(hour=8, minute=0) <= start and end <= start.replace(hour=17, minute=30), row
            assert end - start in (timedelta(minutes=60), timedelta(minutes=90), timedelta(minutes=180)), row


def test_every_session_has_one_to_five_speakers_and_a_short_description(rows):
    for row in rows:
        assert 1 <= len(speakers(row)) <= 5, row
        if "\n" not in row["Description"]:  # the one multi-line description is a list of objectives
            assert 1 <= len(re.findall(r"[.?!](?=\s|$)", row["Description"])) <= 3, row


def test_speakers_are_shared_across_sessions_as_the_same_person(rows):
    sessions_of = Counter()
    identity = defaultdict(set)
    for row in rows:
        for person in speakers(row):
            sessions_of[person["name"]] += 1
            identity[person["name"]].add((person["credentials"], person["affiliation"]))
    assert sum(1 for count in sessions_of.values() if count in (2, 3)) >= 100
    assert all(len(versions) == 1 for versions in identity.values())


def test_session_numbers_are_unique(rows):
    assert len({row["Session Number"] for row in rows}) == len(rows)


def test_nobody_and_no_room_is_in_two_places_at_once(rows):
    booked = defaultdict(list)
    for row in rows:
        for key in [row["Location"]] + [person["name"] for person in speakers(row)]:
            booked[key].append(interval(row))
    for key, intervals in booked.items():
        intervals.sort()
        assert all(end <= next_start for (_, end), (next_start, _) in zip(intervals, intervals[1:], strict=False)), key


def test_program_has_the_edge_cases_of_real_exports(rows):
    assert any(row["Start Time"] == "7:00 PM" and row["End Time"] == "9:00 PM" for row in rows)
    assert any(all(mark in row["Session Title"] for mark in ('"', "'", ",")) for row in rows)
    assert any("\n" in row["Description"] for row in rows)


def test_benchmark_size_keeps_numbers_unique_with_fifty_thousand_appearances():
    big = parse(generated(sessions=20000, speakers=12000))
    assert len(big) == 20000
    assert len({row["Session Number"] for row in big}) == 20000
    assert 45_000 <= sum(len(row["Speakers"].split("; ")) for row in big) <= 55_000
