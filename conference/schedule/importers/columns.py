"""Which column of a table holds which field: by the meaning of its header, else by its content.

Headers are compared after normalizing ("SessionTitle", "session_title" and "Session Title" are all
"session title"; "Session #" is "session number"; accents are dropped). A header that is not a known phrase
is tried by its head noun ("Type of activity" is a type, "Heure de début" a time), then by its trailing words
("Monday Timings" is a start, "Filter-Date" a date), which rank below whole phrases. Headers in French, German,
Spanish, Italian and Portuguese are read from the tables in languages.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .languages import fold, header_phrases

#: field -> header phrases that name it, after normalizing
SYNONYMS = {
    "code": (
        "session number",
        "session code",
        "session id",
        "session no",
        "session",
        "code",
        "id",
        "uid",
        "number",
        "abstract id",
        "abstract number",
        "presentation id",
        "presentation number",
        "program number",
        "ref",
    ),
    "title": (
        "title",
        "session title",
        "session name",
        "name",
        "talk title",
        "presentation title",
        "paper title",
        "content",
        "event",
        "event title",
        "event name",
        "activity",
        "subject",
        "item",
        "agenda item",
        "program",
    ),
    "abstract": ("abstract", "description", "session description", "summary", "details", "synopsis"),
    "kind": ("session type", "format", "type", "session format", "kind", "category type", "format item"),
    "track": ("track", "topic", "category", "topic area", "theme", "stream", "pathway"),
    "room": ("location", "room", "venue", "room name", "hall", "place", "where", "stage", "channel", "auditorium"),
    "date": ("date", "session date", "day", "start date", "date start", "event date"),
    "start": (
        "start time",
        "start",
        "starts",
        "begin",
        "begins",
        "begin time",
        "time",
        "session time",
        "from",
        "hour",
        "hours",
        "timing",
        "timings",
        "slot",
        "time slot",
        "start datetime",
        "starts at",
    ),
    "end": ("end time", "end", "ends", "finish", "to", "until", "end datetime", "ends at"),
    "end_date": ("end date", "end day", "date end", "day end", "finish date", "last day", "to date", "until date"),
    "duration": ("duration", "length", "duration minutes", "duration min", "min", "minutes", "mins"),
    "speakers": (
        "speakers",
        "speaker",
        "presenters",
        "presenter",
        "faculty",
        "persons",
        "people",
        "authors",
        "author",
        "instructors",
        "instructor",
        "operators",
        "lecturer",
        "lecturers",
        "panelists",
        "panel",
        "full name",
        "speaker name",
        "presenter name",
    ),
    "chair": ("chair", "chairs", "session chair", "chairman", "chairperson", "co chair", "moderator", "moderators"),
    "first_name": ("first name", "firstname", "given name", "forename"),
    "last_name": ("last name", "surname", "family name", "lastname"),
    "affiliation": ("affiliation", "institution", "organization", "organisation", "company", "employer"),
    "role": ("role", "speaker role", "presenter role"),
    "timezone": ("timezone", "time zone", "tz", "session timezone", "zone"),
}
#: a session-level and a talk-level column of one kind: the talk one names talks when both are present
TALK_LEVEL = {
    "title": ("talk title", "presentation title", "paper title", "abstract title"),
    "code": ("presentation id", "presentation number", "abstract id", "abstract number", "paper id"),
}
FIELDS = tuple(SYNONYMS)
#: fields that a mapping may name, as the CLI documents them
MAPPABLE = (
    "code",
    "title",
    "abstract",
    "kind",
    "track",
    "room",
    "date",
    "start",
    "end",
    "end_date",
    "duration",
    "speakers",
)
PEOPLE = ("speakers", "chair")

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
#: gender-inclusive endings: "Intervenant(e)s", "Referent/in", "Referent*innen", "Autor(a)"
_INCLUSIVE = re.compile(r"\((?:e|es|in|innen|a|as)\)|(?<=[a-z])[/*:·](?:in|innen|e|es|a|as)\b")
_PANDAS_COPY = re.compile(r"\.\d+$")  # "Timings.1": pandas numbering of a repeated header
#: a header's trailing qualifier, a unit or zone: "Duration (hours)", "Dauer [h]", "Time (EDT)"
_QUALIFIED = re.compile(r"^(?P<name>.*[^\s(\[])\s*[(\[](?P<qualifier>[^()\[\]]+)[)\]]\s*$")
#: units a duration column's header may state, after folding
_UNITS = {
    "hours": frozenset(
        [
            "h",
            "hr",
            "hrs",
            "hour",
            "hours",
            "std",
            "stunde",
            "stunden",
            "heure",
            "heures",
            "hora",
            "horas",
            "ora",
            "ore",
        ]
    ),
    "minutes": frozenset(["m", "min", "mins", "minute", "minutes", "minuten", "minuti", "minutos"]),
}
#: fields whose word starts the name of a lane of parallel sessions ("Room AULA", "Track 2")
_LANES = frozenset({"room", "track"})
#: words that join a head noun to what it qualifies: "Type of activity", "Heure de début", "Name des Referenten"
_LINKS = frozenset({"of", "de", "d", "du", "des", "di", "del", "della", "da", "do", "dos", "das", "der"})
_ARTICLES = frozenset({"the", "a", "la", "le", "l", "el", "il", "lo", "o", "die"})
#: field -> phrase -> its place among the field's phrases in its language (0 is the most specific)
_PLACES: dict[str, dict[str, int]] = {name: {p: i for i, p in enumerate(ps)} for name, ps in SYNONYMS.items()}
#: short words of other languages ("de", "a", "tag") name a field only as a whole header, never as its last word
_WHOLE_ONLY: dict[str, str] = {}
for _name, _phrases in header_phrases().items():
    for _phrase, _place in _phrases:
        _PLACES.setdefault(_name, {}).setdefault(_phrase, _place)
        if len(_phrase) <= 3 and _phrase not in SYNONYMS.get(_name, ()):
            _WHOLE_ONLY[_phrase] = _name
_PHRASE_OF = {phrase: name for name, places in _PLACES.items() for phrase in places if phrase not in _WHOLE_ONLY}
#: phrases written as one word ("starttime", "timezone", "roomname")
_PHRASE_OF.update({phrase.replace(" ", ""): name for phrase, name in list(_PHRASE_OF.items()) if " " in phrase})


def normal(header: str) -> str:
    """Return a header as compared with the synonyms: "SessionTitle", "Speaker(s)", "Session #" normalized."""
    text = _PANDAS_COPY.sub("", str(header).strip())
    text = _INCLUSIVE.sub("", fold(_CAMEL.sub(" ", text)))
    text = text.replace("(s)", "s").replace("#", " number ").replace("no.", "number")
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", text).split())


def _singular(words: list[str]) -> str:
    """Return the words with each plural "s" dropped, so "Start Times" reads as "start time"."""
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words)


def meaning(header: str) -> tuple[str, int] | None:
    """Return (field, rank) a header names; rank 0 is a whole phrase, higher ranks fewer trailing words.

    "X of Y" (and "X de Y", "X des Y") names what X names: a "Type of activity" is a type, not a title,
    except that a name of a person ("Name of speaker", "Nom de l'intervenant") names the person.
    A room may also be named by its first word ("Room AULA", "Hall B", "Track 2", "Salle 1"), as a grid's
    columns of parallel sessions are.
    """
    if (qualified := _QUALIFIED.match(str(header))) and (found := meaning(qualified["name"])) is not None:
        return found  # the name before a unit or zone: "Duration (hours)" is a duration, not an hour
    words = normal(header).split()
    if (whole := " ".join(words)) in _WHOLE_ONLY:
        return _WHOLE_ONLY[whole], 0
    found = _by_phrase(words)
    if found is not None and found[1] == 0:
        return found
    if (headed := _by_head(words)) is not None:
        return headed
    if found is not None:
        return found
    if len(words) > 1 and _PHRASE_OF.get(words[0]) in _LANES:
        return "room", len(words)
    return None


def qualifier(header: str) -> str:
    """Return what a header states in brackets after its name ("EDT" of "Time (EDT)"), else ""."""
    qualified = _QUALIFIED.match(str(header))
    return qualified["qualifier"].strip() if qualified else ""


def unit(header: str) -> str | None:
    """Return the unit a duration column's header states: "hours" for "Dauer (h)", "minutes", else None."""
    stated = fold(qualifier(header)).lower().strip(" .")
    return next((name for name, words in _UNITS.items() if stated in words), None)


def place(header: str, name: str) -> int:
    """Return how specific a header is for the field it names: "Date" (0) before "Day" (2) when both are there."""
    words, places = normal(header).split(), _PLACES.get(name, {})
    found = [places[phrase] for n in range(len(words)) for phrase in _forms(words[n:]) if phrase in places]
    return min(found, default=len(places))


def _forms(words: list[str]) -> tuple[str, ...]:
    """Return the ways a run of header words may be written as a phrase: as is, singular, as one word."""
    return " ".join(words), _singular(words), "".join(words)


def _by_phrase(words: list[str]) -> tuple[str, int] | None:
    """Return (field, words dropped) for the longest trailing run of words that is a known phrase."""
    for dropped in range(len(words)):
        for phrase in _forms(words[dropped:]):
            if phrase in _PHRASE_OF:
                return _PHRASE_OF[phrase], dropped
    return None


def _by_head(words: list[str]) -> tuple[str, int] | None:
    """Return (field, 1) for a header whose words before "of"/"de" are a known phrase, else None."""
    link = next((i for i, word in enumerate(words) if word in _LINKS and 0 < i < len(words) - 1), None)
    if link is None:
        return None
    head = " ".join(words[:link])
    named = _PHRASE_OF.get(head) or _PHRASE_OF.get(_singular(words[:link]))
    if named is None:
        return None
    rest = _by_phrase([word for word in words[link + 1 :] if word not in _ARTICLES])
    if named == "title" and rest is not None and rest[0] in PEOPLE:
        return rest[0], 1
    return named, 1


@dataclass
class Columns:
    """The column index of each field, and where it came from, for the preview."""

    index: dict[str, int] = field(default_factory=dict)
    talk: dict[str, int] = field(default_factory=dict)  #: talk-level title/code when the table has both levels
    people: list[tuple[int, str]] = field(default_factory=list)  #: (column, role) of each people column
    abstracts: list[int] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    inferred: set[str] = field(default_factory=set)  #: fields read from content, not from a header
    rooms: list[int] = field(default_factory=list)  #: every column that names a room, for a day x room grid
    grid: bool = False  #: the room columns hold titles, one session per filled room

    def used(self) -> set[int]:
        """Return the indexes of every column read."""
        every = {*self.index.values(), *self.talk.values(), *self.abstracts, *(self.rooms if self.grid else ())}
        return every | {index for index, _ in self.people}

    def unread(self) -> list[str]:
        """Return the headers of columns nothing is read from, for the warning that lists them."""
        used = self.used()
        return [name.strip() for index, name in enumerate(self.header) if name.strip() and index not in used]

    def described(self) -> dict[str, str]:
        """Return field -> header (or "column N, by content"), as the preview shows the mapping."""
        named = {}
        for name, index in [*self.index.items(), *((f"talk {k}", v) for k, v in self.talk.items())]:
            label = self.header[index].strip() if index < len(self.header) else ""
            named[name] = f"column {index + 1}, by content" if name in self.inferred or not label else label
        for index, role in self.people:
            named.setdefault(f"people ({role})", self.header[index].strip() or f"column {index + 1}")
        if self.grid:
            named["title"] = "the room columns of a day x room grid"
            named["room"] = ", ".join(" ".join(self.header[index].split()) for index in self.rooms)
        return named


def role_of(header: str) -> str:
    """Return the role a people column gives ("Session Chair" chairs, "Moderator" moderates)."""
    text = normal(header)
    if "moderat" in text:
        return "moderator"
    if "chair" in text:
        return "co-chair" if "co chair" in text else "chair"
    return "presenter"


def mapped_headers(mapping: dict[str, str]) -> list[tuple[str, str]]:
    """Return (field, header) of each column a mapping names; rooms may name several ("room=Lisbon|Porto"), the
    lanes of a grid."""
    return [(name, header.strip()) for name, headers in mapping.items() for header in headers.split("|")]


def from_header(header: list[str], mapping: dict[str, str]) -> Columns:
    """Return the columns the header names; a mapping (field -> header) wins over every synonym."""
    columns = Columns(header=[str(h or "") for h in header])
    ranked: dict[str, list[tuple[int, int]]] = {}
    mapped = {normal(name): wanted for wanted, name in mapped_headers(mapping)}
    for index, name in enumerate(columns.header):
        if normal(name) in mapped:
            ranked.setdefault(mapped[normal(name)], []).append((-1, 0, 0, index))
        elif (found := meaning(name)) is not None:
            # a whole phrase before trailing words, and the more specific phrase first: "Start Time" over "Time"
            # ... and of two equally good headers, the more specific synonym: "Date" over "Day"
            ranked.setdefault(found[0], []).append((found[1], -len(normal(name).split()), place(name, found[0]), index))
    for name, candidates in ranked.items():
        candidates.sort()
        if name in PEOPLE:
            in_order = sorted(index for *_, index in candidates)
            columns.people.extend((index, role_of(columns.header[index])) for index in in_order)
        elif name == "abstract":
            columns.abstracts = [index for rank, *_, index in candidates if rank == candidates[0][0]]
        else:
            if name == "room":
                columns.rooms = sorted(index for *_, index in candidates)
            columns.index[name] = candidates[0][-1]
            _split_levels(columns, name, [index for *_, index in candidates])
    return columns


def _split_levels(columns: Columns, name: str, indexes: list[int]) -> None:
    """Take a talk-level column (Presentation Title beside Session Title) out as the talks' own."""
    if name not in TALK_LEVEL or len(indexes) < 2:
        return
    talk = [i for i in indexes if normal(columns.header[i]) in TALK_LEVEL[name]]
    session = [i for i in indexes if i not in talk]
    if talk and session:
        columns.index[name], columns.talk[name] = session[0], talk[0]
