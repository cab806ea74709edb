"""Calendars as real sites publish them: events without SUMMARY, comment wrappers, braces, labelled rooms."""

from __future__ import annotations

from conference.schedule.importers import ImportOptions, parse


def _event(uid: str, *lines: str) -> str:
    """Return one VEVENT on May 15, 2027 at 09:00-10:00 UTC with the given extra lines."""
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20270515T090000Z\r\nDTEND:20270515T100000Z\r\n{body}END:VEVENT\r\n"


def _calendar(*events: str, before: str = "", after: str = "") -> bytes:
    """Return a calendar holding the events, with text before and after it."""
    inner = "".join(events)
    return f"{before}BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Site//EN\r\n{inner}END:VCALENDAR\r\n{after}".encode()


def _read(data: bytes):
    """Parse a calendar the way an organizer uploads it."""
    return parse(data, None, ImportOptions(filename="program.ics"))


def test_an_event_without_summary_takes_its_descriptions_first_line_and_says_so():
    parsed = _read(
        _calendar(
            _event("a", "DESCRIPTION:Sleep and mood in residents\\nA longer text."), _event("b", "SUMMARY:Opening")
        )
    )
    assert [s.title for s in parsed.sessions] == ["Sleep and mood in residents", "Opening"]
    assert parsed.warnings == [
        "program.ics: UID a: no SUMMARY (RFC 5545 makes it optional): imported as 'Sleep and mood in residents'"
    ]


def test_a_calendar_inside_an_html_comment_is_read():
    parsed = _read(_calendar(_event("a", "SUMMARY:Opening"), before="<!--\r\n", after="-->\r\n"))
    assert [s.title for s in parsed.sessions] == ["Opening"]
    assert len(parsed.warnings) == 1 and parsed.warnings[0].endswith("characters around the program ignored")


def test_braces_and_a_location_label_are_not_part_of_titles_and_rooms():
    parsed = _read(
        _calendar(
            _event("a", "SUMMARY:{Grand rounds}", "LOCATION:LOCATION: Hall B"),
            _event("b", "SUMMARY:Posters", "LOCATION:{Room 5}"),
        )
    )
    assert [(s.title, s.room) for s in parsed.sessions] == [("Grand rounds", "Hall B"), ("Posters", "Room 5")]


def test_speakers_named_in_the_description_in_other_languages_are_kept():
    parsed = _read(
        _calendar(
            _event("a", "SUMMARY:Mesa redonda", "DESCRIPTION:Ponentes: Ana López, Luis Pérez\\nModerador: José Ruiz"),
            _event("b", "SUMMARY:Vortrag", "DESCRIPTION:Referent: Dr. Anna Schmidt\\nÜber Schlaf."),
        )
    )
    assert [(p.name, p.role) for p in parsed.sessions[0].speakers] == [
        ("Ana López", "presenter"),
        ("Luis Pérez", "presenter"),
        ("José Ruiz", "moderator"),
    ]
    assert [p.name for p in parsed.sessions[1].speakers] == ["Anna Schmidt"]
    assert parsed.sessions[1].abstract == "Über Schlaf."
