"""The plain records every schedule parser produces and the one writer consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo


class ScheduleFormatError(ValueError):
    """A file that cannot be imported; the message names the file, record and reason."""

    #: the upload form field the error is reported under
    field = "file"


class TooManyCancelled(ScheduleFormatError):
    """An import that would cancel so much of a program that it is more likely a cut-off file than intended."""

    field = "allow_cancel"


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
