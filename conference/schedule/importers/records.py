"""The plain records every schedule parser produces and the one writer consumes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

_SAME_PROGRAM = 0.9  #: the share of sessions two readings must share to be one program


class ScheduleFormatError(ValueError):
    """A file that cannot be imported; the message names the file, record and reason."""

    #: the upload form field the error is reported under
    field = "file"


class TooManyCancelled(ScheduleFormatError):
    """An import that would cancel so much of a program that it is more likely a cut-off file than intended."""

    field = "allow_cancel"


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a file that reads more than one way, and the option that chooses it."""

    label: str  #: what this reading takes the file to be: "sheet 'Program'", "dates day first"
    choice: dict[str, object]  #: the import options that choose it: {"sheet": "Program"}, {"first_day": date}

    def option(self) -> str:
        """Return the choice as the command line writes it: "--sheet 'Program'", "--first-day 2027-06-05"."""
        return " ".join(
            f"--{name.replace('_', '-')} {value!r}" if isinstance(value, str) else f"--{name.replace('_', '-')} {value}"
            for name, value in self.choice.items()
        )


class UncertainReading(ScheduleFormatError):
    """A file that reads as two different programs: importing either would be a guess, so the user chooses."""

    def __init__(self, message: str, readings: list[Reading]) -> None:
        super().__init__(message)
        self.readings = readings


@dataclass(frozen=True, slots=True)
class SpeakerRecord:
    """One person in one session, as the source file names them."""

    name: str
    credentials: str = ""  #: "MD, PhD" (comma separated, as printed in programs)
    affiliation: str = ""  #: institution or program, free text
    role: str = "presenter"  #: chair, presenter, discussant, moderator, ...


@dataclass(frozen=True, slots=True)
class TalkRecord:
    """One presentation inside a session, as talk-level programs list them (one row per talk)."""

    title: str
    starts_at: datetime | None = None  #: UTC; None when the program gives the talk no time of its own
    ends_at: datetime | None = None
    code: str = ""
    speakers: tuple[SpeakerRecord, ...] = ()

    def stored(self) -> dict:
        """Return the talk as a session stores it (JSON): times as UTC ISO 8601 or null."""
        return {
            "title": self.title,
            "code": self.code,
            "starts_at": self.starts_at.isoformat() if self.starts_at else None,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "speakers": [{"name": s.name, "role": s.role, "affiliation": s.affiliation} for s in self.speakers],
        }


@dataclass(slots=True)
class SessionRecord:
    """One session read from a source file, times already in UTC."""

    external_id: str  #: the source's UID/guid/id/code; "" when the source has none
    title: str
    starts_at: datetime  #: timezone-aware, UTC
    ends_at: datetime  #: timezone-aware, UTC
    code: str = ""
    abstract: str = ""
    kind: str = ""
    track: str = ""
    room: str = ""
    speakers: tuple[SpeakerRecord, ...] = ()
    source_ref: str = ""  #: where it came from, for messages: "row 12", "event 4711", "UID abc"
    talks: tuple[TalkRecord, ...] = ()  #: the presentations inside it, in program order


@dataclass
class ImportOptions:
    """What the caller knows beyond the file itself."""

    timezone: ZoneInfo | None = None  #: the conference's zone, used when the file states none
    mapping: dict[str, str] = field(default_factory=dict)  #: CSV: field -> header
    skip_invalid: bool = False
    first_day: date | None = None  #: conference dates, for expanding recurring events
    last_day: date | None = None
    filename: str = ""  #: for messages
    sheet: str = ""  #: Excel: the sheet to read, when not the one that looks most like a program
    #: Indico: read only the session slots ("sessions") or only the contributions ("contributions")
    level: str = ""


@dataclass
class ParsedSchedule:
    """A whole file, parsed."""

    sessions: list[SessionRecord]
    timezone: str | None = None  #: IANA zone stated in the file, if any
    name: str | None = None  #: conference name stated in the file, if any
    skipped: list[str] = field(default_factory=list)  #: with skip_invalid: one message per record
    #: with skip_invalid: (external_id, title) of each skipped record as far as it could be read, "" when not;
    #: the writer keeps their sessions as they were instead of cancelling them
    skipped_keys: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str = ""  #: the format it was read as, given or detected
    columns: dict[str, str] = field(default_factory=dict)  #: tables: field -> the header it was read from


def counted(parsed: ParsedSchedule) -> str:
    """Return how a reading is described in a message: "37 sessions, 2016-10-12 to 2016-10-14"."""
    days = sorted(session.starts_at.date() for session in parsed.sessions)
    span = f", {days[0]} to {days[-1]}" if days and days[0] != days[-1] else f", on {days[0]}" if days else ""
    return f"{len(parsed.sessions)} sessions{span}"


def differ(one: ParsedSchedule, other: ParsedSchedule) -> bool:
    """Whether two readings of a file are different programs: more than a tenth of either's sessions at times
    the other has no session at (an older copy of a program with one session moved is the same program)."""
    ones = Counter((session.starts_at, session.ends_at) for session in one.sessions)
    others = Counter((session.starts_at, session.ends_at) for session in other.sessions)
    shared = sum((ones & others).values())
    return shared < _SAME_PROGRAM * max(len(one.sessions), len(other.sessions))
