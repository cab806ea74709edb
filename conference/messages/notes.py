"""LinkedIn connection notes: where we met, cut to what LinkedIn accepts."""

from __future__ import annotations

from dataclasses import dataclass

#: The longest note LinkedIn accepts with a connection request.
LINKEDIN_NOTE_MAX = 300


@dataclass
class LinkedInNote:
    """A connection note short enough for LinkedIn, and the contact's profile to open."""

    note: str
    linkedin_url: str | None


def connection_note(hello: str, meeting: dict, user_name: str) -> str:
    """A connection note naming where the user met the contact, at most 300 characters.

    `meeting` holds met, session_title, their_session, place, conference_name and takeaway. Detail is
    dropped from the least to the most needed (takeaway, session title, place) until the note fits;
    the conference or the place always stays, so the contact knows who writes.
    """
    sign = f"I would be glad to stay in touch. {user_name}"
    notes = [
        " ".join(part for part in (hello, where_we_met(**{**meeting, **drop}), keep, sign) if part)
        for drop, keep in (
            ({}, f"What stayed with me: {meeting['takeaway']}" if meeting["takeaway"] else ""),
            ({}, ""),
            ({"session_title": ""}, ""),
            ({"session_title": "", "place": ""}, ""),
        )
    ]
    fitting = next((note for note in notes if len(note) <= LINKEDIN_NOTE_MAX), None)
    if fitting is None:  # a very long conference name or user name: cut, and say so
        fitting = notes[-1][: LINKEDIN_NOTE_MAX - 1].rstrip() + "\u2026"
    return fitting


def where_we_met(
    met: bool, session_title: str, their_session: bool, place: str, conference_name: str, **_ignored
) -> str:
    """ "it was a pleasure to meet you after your session \"X\" at the APA Annual Meeting" (follows the greeting).

    To someone the user has not met it says so rather than claim a meeting.
    """
    if not met:
        return "we have not met yet, and I would like to introduce myself."
    if their_session and session_title:
        where = f' after your session "{session_title}"'
    elif session_title:
        where = f' at "{session_title}"'
    elif place:
        where = f" at the {place}"
    else:
        where = ""
    if conference_name:
        where += f"{' during' if place and not session_title else ' at'} the {conference_name}"
    return f"it was a pleasure to meet you{where}."
