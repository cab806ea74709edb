"""Programs published as a site's own JSON or JavaScript data: sessions found by meaning at any depth."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest

from conference.schedule.importers import ImportOptions, ScheduleFormatError, detect_format, parse

NEW_YORK = ZoneInfo("America/New_York")


def _read(data: bytes | str, filename: str = "program.json", **options):
    """Parse a file the way an organizer uploads it, in New York."""
    data = data.encode() if isinstance(data, str) else data
    return parse(data, None, ImportOptions(timezone=NEW_YORK, filename=filename, **options))


def _rows(parsed) -> list[tuple]:
    """Title, local start and end, room and speakers of each session."""
    return [
        (
            s.title,
            s.starts_at.astimezone(NEW_YORK).strftime("%m-%d %H:%M"),
            s.ends_at.astimezone(NEW_YORK).strftime("%H:%M"),
            s.room,
            [p.name for p in s.speakers],
        )
        for s in parsed.sessions
    ]


def test_nested_days_rooms_and_sessions_take_their_date_and_room_from_around_them():
    document = {
        "event": "Psychiatry Summit",
        "days": [
            {
                "date": "2027-05-15",
                "label": "Saturday",
                "rooms": [
                    {
                        "name": "Hall A",
                        "sessions": [
                            {
                                "title": "Opening",
                                "startTime": "09:00",
                                "endTime": "10:00",
                                "speakers": [{"name": "Ana Lopez"}, {"name": "Bo Li"}],
                            },
                            {
                                "title": "Grand rounds",
                                "startTime": "10:30",
                                "endTime": "11:30",
                                "speakers": ["Kim Lee"],
                            },
                        ],
                    },
                    {"name": "Hall B", "sessions": [{"title": "Posters", "startTime": "09:00", "endTime": "12:00"}]},
                ],
            },
            {
                "date": "2027-05-16",
                "rooms": [
                    {"name": "Hall A", "sessions": [{"title": "Closing", "startTime": "16:00", "endTime": "17:00"}]}
                ],
            },
        ],
    }
    parsed = _read(json.dumps(document))
    assert parsed.format == "json"
    assert _rows(parsed) == [
        ("Opening", "05-15 09:00", "10:00", "Hall A", ["Ana Lopez", "Bo Li"]),
        ("Grand rounds", "05-15 10:30", "11:30", "Hall A", ["Kim Lee"]),
        ("Posters", "05-15 09:00", "12:00", "Hall B", []),
        ("Closing", "05-16 16:00", "17:00", "Hall A", []),
    ]


def test_keys_that_are_dates_and_rooms_give_sessions_their_day_and_room():
    document = {
        "program": {
            "2027-05-17": {
                "Room 101": [{"name": "Mood disorders", "time": "9:00 - 10:15", "presenter": "Dr. Jane Roe"}],
                "Main Hall": [{"name": "Keynote", "time": "11:00 - 12:00"}],
            },
            "2027-05-18": {"Room 101": [{"name": "Sleep", "time": "2:00 PM - 3:00 PM"}]},
        }
    }
    assert _rows(_read(json.dumps(document))) == [
        ("Mood disorders", "05-17 09:00", "10:15", "Room 101", ["Jane Roe"]),
        ("Keynote", "05-17 11:00", "12:00", "Main Hall", []),
        ("Sleep", "05-18 14:00", "15:00", "Room 101", []),
    ]


def test_a_javascript_data_file_is_read_without_running_it():
    script = """// program data for the site
    window.onload = function () { render(program); };
    const program = [
      {title: 'Opening', start: '2027-05-15T09:00:00-04:00', end: '2027-05-15T10:00:00-04:00', room: "Hall A",
       speakers: [{firstName: 'Ana', lastName: 'Lopez'}],},
      {title: "Brain & mind", start: '2027-05-15T10:30:00-04:00', end: '2027-05-15T11:00:00-04:00', /* later */},
    ];
    export default program;
    """
    assert detect_format(script.encode()) == "json"
    assert _rows(_read(script, "program.js")) == [
        ("Opening", "05-15 09:00", "10:00", "Hall A", ["Ana Lopez"]),
        ("Brain & mind", "05-15 10:30", "11:00", "", []),
    ]


def test_timestamps_and_a_start_date_that_holds_the_time_are_read():
    document = {
        "items": [
            {"id": 7, "title": "Opening", "startDate": "2027-05-15T13:00:00Z", "endDate": "2027-05-15T14:00:00Z"},
            {"id": 8, "title": "Posters", "startDate": "2027-05-15T14:30:00Z", "endDate": "2027-05-15T15:00:00Z"},
        ]
    }
    assert [row[:3] for row in _rows(_read(json.dumps(document)))] == [
        ("Opening", "05-15 09:00", "10:00"),
        ("Posters", "05-15 10:30", "11:00"),
    ]
    epoch = {"sessions": [{"title": "Opening", "start": 1810386000, "end": 1810389600000}]}
    assert [row[:3] for row in _rows(_read(json.dumps(epoch)))] == [("Opening", "05-15 09:00", "10:00")]


def test_json_without_anything_that_reads_as_a_session_is_refused_in_one_line():
    with pytest.raises(ScheduleFormatError) as caught:
        _read(json.dumps({"speakers": [{"name": "Ana"}], "rooms": ["Hall A"]}))
    message = str(caught.value)
    assert (
        "\n" not in message
        and message.startswith("program.json: no sessions found")
        and "name, rooms, speakers" in message
    )


def test_sessions_inside_an_untitled_time_slot_take_its_start_and_end():
    document = {
        "schedule": [
            {
                "day": "2027-05-15",
                "timeslots": [
                    {
                        "time": "09:00",
                        "end": "10:00",
                        "sessions": [
                            {
                                "title": "Opening",
                                "room": "Hall A",
                                "speakers": [{"name": "Ana Lopez", "bio": "Psychiatrist"}],
                            },
                            {"title": "Posters", "room": "Hall B"},
                        ],
                    },
                    {"time": "10:30", "end": "11:00", "sessions": [{"title": "Break"}]},
                ],
            },
            {
                "day": "2027-05-16",
                "timeslots": [
                    {"time": "09:00", "end": "10:00", "sessions": [{"title": "Closing", "room": {"name": "Hall A"}}]}
                ],
            },
        ]
    }
    assert _rows(_read(json.dumps(document))) == [
        ("Opening", "05-15 09:00", "10:00", "Hall A", ["Ana Lopez"]),
        ("Posters", "05-15 09:00", "10:00", "Hall B", []),
        ("Break", "05-15 10:30", "11:00", "", []),
        ("Closing", "05-16 09:00", "10:00", "Hall A", []),
    ]


def test_speakers_and_rooms_named_by_id_are_looked_up_in_their_lists():
    document = {
        "speakers": [{"id": 7, "name": "Ana Lopez"}, {"id": 8, "fullName": "Bo Li"}],
        "rooms": [{"id": "r1", "name": "Hall A"}],
        "talks": [
            {
                "title": "Opening",
                "start": "2027-05-15 09:00",
                "end": "2027-05-15 10:00",
                "speakers": [7, 8],
                "room": "r1",
            }
        ],
    }
    assert _rows(_read(json.dumps(document))) == [("Opening", "05-15 09:00", "10:00", "Hall A", ["Ana Lopez", "Bo Li"])]


def test_an_unreadable_session_is_named_by_its_place_among_the_sessions():
    document = {
        "items": [
            {"title": "Opening", "start": "2027-05-15 09:00"},
            {"title": "Posters", "start": "2027-05-15 10:00", "end": "junk"},
        ]
    }
    with pytest.raises(ScheduleFormatError, match=r"^program.json: session 2: cannot read 'junk' as a date or time$"):
        _read(json.dumps(document))
