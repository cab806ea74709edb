"""Reading people as programs print them: "Jane Doe, MD (Yale School of Medicine); Chair: John Roe, DO, PhD"."""

from __future__ import annotations

import re
from functools import lru_cache

from ..naming import HONORIFIC, credentials_in
from .records import SpeakerRecord

_NAME_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})

_ROLE_LABEL = (
    r"co-?chairs?|chairs?|chairpersons?|moderators?|discussants?|presenters?|speakers?|panel+ists?"
    r"|facilitators?|faculty|presented by|authors?|hosts?|hosted by|instructors?|lecturers?"
    # the same in French, German, Spanish, Italian and Portuguese
    r"|intervenant(?:e|s|es)?|orateurs?|conf[ée]renci(?:er|[eè]re)s?|mod[ée]rat(?:eur|rice)s?|pr[ée]siden(?:t|te|ce)s?"
    r"|referent(?:in|en|innen)?|sprecher(?:in|innen)?|vortragende[rn]?|moderation|vorsitz"
    r"|ponentes?|conferencistas?|oradore?s?|moderador(?:a|es|as)?|presidentes?"
    r"|relator[ei]|relatric[ei]|moderator[ei]|palestrantes?"
)
#: how a label starts -> the role; anything else ("Speakers", "Faculty", "Ponentes") presents
_ROLES = (
    ("co-chair", "co-chair"),
    ("cochair", "co-chair"),
    ("chair", "chair"),
    ("moderat", "moderator"),
    ("modérat", "moderator"),
    ("moderador", "moderator"),
    ("presiden", "chair"),
    ("présiden", "chair"),
    ("vorsitz", "chair"),
    ("discussant", "discussant"),
    ("panel", "panelist"),
    ("facilitator", "facilitator"),
)
_ROLE_PREFIX = re.compile(rf"^\s*(?P<label>{_ROLE_LABEL})\s*:\s*", re.I)
_ROLE_LINE = re.compile(rf"^[ \t]*(?P<label>{_ROLE_LABEL})[ \t]*:[ \t]*(?P<names>.+)\n?", re.I | re.M)
_ROLE_WORD = re.compile(rf"^(?:{_ROLE_LABEL})$", re.I)
_INSTITUTION = re.compile(
    r"universit|college|school|hospital|institut|cent(?:er|re)\b|clinic|department|\bdept\b|foundation|health"
    r"|medical|medicine|academy|association|society|\binc\b|\bllc\b|\bltd\b|laborator|ministry",
    re.I,
)
# separators between people and between a person's parts, but not inside "(Yale, New Haven)"
_OUTSIDE_PARENS = r"(?![^()]*\))"
_BETWEEN_PEOPLE = re.compile(rf"\s*[;|\n]\s*{_OUTSIDE_PARENS}")
_LAST_FIRST = re.compile(r"^\s*(?P<last>[^\W\d_][\w'’-]*)\s*,\s*(?P<first>[^\W\d_][\w'’.-]*)\s*$")
_COMMA = re.compile(rf"\s*,\s*{_OUTSIDE_PARENS}")
_AND = re.compile(rf"\s+(?:and|&)\s+{_OUTSIDE_PARENS}", re.I)
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_PRONOUNS = re.compile(r"^\w+/\w+(?:/\w+)?$")
_NUMBERED = re.compile(r"^\s*\d+\s*:[^|]*(?:\|\s*\d+\s*:[^|]*)*$")  # voctosched: "10:Konrad Meier|11:Dennis Wehrle"


def role_of(label: str) -> str:
    """Return the role a printed label ("Co-Chairs", "Speakers", "Presented by") gives a person."""
    label = label.lower()
    for start, role in _ROLES:
        if label.startswith(start):
            return role
    return "presenter"


class _Person:
    """A person being assembled from the comma-separated parts of a program entry."""

    def __init__(self, name: str, role: str) -> None:
        words = HONORIFIC.sub("", name).split()
        self.credentials: list[str] = []
        # "Jane Doe MD PhD" prints credentials without a comma
        while len(words) > 1 and (credential := credentials_in(words[-1:])):
            self.credentials[:0] = credential
            words.pop()
        self.name = " ".join(words)
        self.affiliation = ""
        self.role = role

    def note(self, remark: str) -> None:
        """Take a parenthesised remark: a role ("Chair"), pronouns ("she/her") or the affiliation."""
        if _ROLE_WORD.match(remark):
            self.role = role_of(remark)
        elif _PRONOUNS.match(remark):
            self.name = f"{self.name} ({remark})"
        elif remark and not self.affiliation:
            self.affiliation = remark

    def record(self) -> SpeakerRecord:
        """Return the finished speaker."""
        return SpeakerRecord(self.name, ", ".join(self.credentials), self.affiliation, self.role)


@lru_cache(maxsize=1 << 16)
def _people_in(entry: str, role: str) -> tuple[SpeakerRecord, ...]:
    """Read the people in one entry of a program's list ("Jane Doe, MD, PhD, Yale and John Roe").

    Cached, as large as the names' cache: the same faculty appear in many sessions of a program, and a
    cache smaller than a large program's faculty (30,000 people) misses nearly every time.
    """
    people: list[_Person] = []
    for part in _COMMA.split(entry):
        remarks = _PAREN.findall(part)
        part = _PAREN.sub("", part).strip() if remarks else part
        current = people[-1] if people else None
        if not part:
            names = []
        elif current is None:
            names = _AND.split(part)
        elif (credentials := credentials_in(part.split())) is not None:
            current.credentials.extend(credentials)
            names = []
        elif part.replace(".", "") in _NAME_SUFFIXES:
            current.name = f"{current.name} {part}"
            names = []
        elif not current.affiliation and _INSTITUTION.search(part):
            current.affiliation = part
            names = []
        else:
            names = _AND.split(part)
        people.extend(_Person(name, role) for name in names if name)
        if people:
            for remark in remarks:
                people[-1].note(remark.strip())
    return tuple(person.record() for person in people if person.name)


def display_name(text: str, role: str = "presenter") -> SpeakerRecord | None:
    """Read a system's name field for one person, None if blank.

    Only honorifics and trailing credentials are taken out: parentheses there hold nicknames and
    pronouns ("Sebastian Neef (gehaxelt)"), and commas may be part of a group's name.
    """
    parts = _COMMA.split(text.strip())
    credentials: list[str] = []
    while len(parts) > 1 and (found := credentials_in(parts[-1].split())) is not None:
        credentials[:0] = found
        parts.pop()
    person = _Person(", ".join(parts), role)
    person.credentials += credentials
    return person.record() if person.name else None


@lru_cache(maxsize=16384)
def parse_people(text: str, role: str = "presenter") -> tuple[SpeakerRecord, ...]:
    """Read everyone in a program's speakers cell; a "Chair:" label sets the role of the people after it."""
    if _NUMBERED.match(text):
        named = (piece.split(":", 1)[1] for piece in text.split("|"))
        return tuple(person for name in named if (person := display_name(name, role)))
    people: list[SpeakerRecord] = []
    entries = _BETWEEN_PEOPLE.split(text.strip())
    for entry in entries:
        label = _ROLE_PREFIX.match(entry)
        if label:
            role = role_of(label["label"])
            entry = entry[label.end() :]
        if len(entries) > 1 and (inverted := _LAST_FIRST.match(entry)) and not credentials_in([inverted["first"]]):
            entry = f"{inverted['first']} {inverted['last']}"  # "Lee, Ann; Smith, Bob": a list of "Last, First"
        people.extend(_people_in(entry, role))
    return tuple(people)


def take_role_lines(text: str) -> tuple[tuple[SpeakerRecord, ...], str]:
    """Split "Speaker: Jane Doe" and "Chair: ..." lines out of a description: (people, the rest)."""
    people: list[SpeakerRecord] = []
    for match in _ROLE_LINE.finditer(text):
        people.extend(parse_people(match["names"], role_of(match["label"])))
    if not people:
        return (), text
    return tuple(people), _ROLE_LINE.sub("", text).strip()
