"""frab / pentabarf files as generators get them wrong: empty durations, local times marked "Z", after-midnight
talks dated a day early, one break listed under two rooms."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from conference.schedule.importers import ImportOptions, parse

UTC = UTC


def _xml(*rooms: str, zone: str = "Europe/Berlin", day: str = 'date="2027-05-15"') -> bytes:
    """Return a schedule.xml with one day holding the given <room> elements."""
    return (
        f'<?xml version="1.0"?><schedule><conference><title>Camp</title><time_zone_name>{zone}</time_zone_name>'
        f'</conference><day index="1" {day}>{"".join(rooms)}</day></schedule>'
    ).encode()


def _room(name: str, *events: str) -> str:
    """Return one <room> with its events."""
    return f'<room name="{name}">{"".join(events)}</room>'


def _event(id: str, title: str, start: str, duration: str = "00:30", date: str = "") -> str:
    """Return one <event>, with a <date> when given."""
    stated = f"<date>{date}</date>" if date else ""
    return (
        f'<event id="{id}">{stated}<start>{start}</start><duration>{duration}</duration><title>{title}</title></event>'
    )


def _read(data: bytes, filename: str = "schedule.xml", **options):
    """Parse a file the way an organizer uploads it."""
    return parse(data, None, ImportOptions(filename=filename, **options))


def test_an_event_with_an_empty_duration_is_kept_as_a_starting_time_not_refusing_the_file():
    parsed = _read(_xml(_room("Hall", _event("1", "Opening", "10:00"), _event("2", "Lightning talks", "11:00", ""))))
    assert [s.title for s in parsed.sessions] == ["Opening", "Lightning talks"]
    assert parsed.sessions[1].starts_at == parsed.sessions[1].ends_at == datetime(2027, 5, 15, 9, tzinfo=UTC)
    assert "schedule.xml: 1 events have no duration; they are kept as starting times" in parsed.warnings


def test_local_times_marked_z_are_read_in_the_conference_zone():
    parsed = _read(
        _xml(
            _room(
                "Hall",
                _event("1", "Opening", "10:00", date="2027-05-15T10:00:00Z"),
                _event("2", "Talk", "11:00", date="2027-05-15T11:00:00+02:00"),
            )
        )
    )
    assert [s.starts_at for s in parsed.sessions] == [
        datetime(2027, 5, 15, 8, tzinfo=UTC),
        datetime(2027, 5, 15, 9, tzinfo=UTC),
    ]
    assert any("1 events' <date> offsets disagree with their <start>" in warning for warning in parsed.warnings)


def test_a_break_listed_under_two_rooms_is_one_session_in_both():
    parsed = _read(
        _xml(
            _room("Hall A", _event("1", "Talk A", "10:00"), _event("9", "Coffee break", "10:30")),
            _room("Hall B", _event("2", "Talk B", "10:00"), _event("9", "Coffee break", "10:30")),
        )
    )
    assert [(s.title, s.room) for s in parsed.sessions] == [
        ("Talk A", "Hall A"),
        ("Coffee break", "Hall A, Hall B"),
        ("Talk B", "Hall B"),
    ]


def test_frab_json_talks_after_midnight_at_the_end_of_a_day_are_on_the_next_date():
    def event(guid, title, date, start):
        return {
            "guid": guid,
            "id": guid,
            "title": title,
            "date": date,
            "start": start,
            "duration": "00:30",
            "room": "Hall",
            "persons": [],
        }

    document = {
        "schedule": {
            "conference": {
                "title": "Camp",
                "time_zone_name": "Europe/Berlin",
                "days": [
                    {
                        "index": 1,
                        "date": "2027-05-15",
                        "day_start": "2027-05-15T09:00:00+02:00",
                        "day_end": "2027-05-16T04:00:00+02:00",
                        "rooms": {
                            "Hall": [
                                event("a", "Evening talk", "2027-05-15T23:00:00+02:00", "23:00"),
                                event("b", "Night talk", "2027-05-15T00:00:00+02:00", "00:00"),
                            ]
                        },
                    }
                ],
            }
        }
    }
    parsed = _read(json.dumps(document).encode(), "schedule.json")
    assert [s.starts_at for s in parsed.sessions] == [
        datetime(2027, 5, 15, 21, tzinfo=UTC),
        datetime(2027, 5, 15, 22, tzinfo=UTC),
    ]


def test_without_day_bounds_an_event_dated_before_day_change_on_its_listing_day_is_on_the_next_date():
    document = {
        "schedule": {
            "conference": {
                "title": "Camp",
                "time_zone_name": "Europe/Berlin",
                "day_change": "04:00",
                "days": [
                    {
                        "index": 1,
                        "date": "2027-05-15",
                        "rooms": {
                            "Hall": [
                                {
                                    "guid": "b",
                                    "id": "b",
                                    "title": "Night talk",
                                    "date": "2027-05-15T00:30:00+02:00",
                                    "start": "00:30",
                                    "duration": "00:30",
                                    "room": "Hall",
                                    "persons": [],
                                },
                            ]
                        },
                    }
                ],
            }
        }
    }
    parsed = _read(json.dumps(document).encode(), "schedule.json")
    assert parsed.sessions[0].starts_at == datetime(2027, 5, 15, 22, 30, tzinfo=UTC)
