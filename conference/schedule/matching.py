"""Which stored session or speaker a re-imported one is, when the file carries no id that says so.

Pure functions over records and loaded rows, so the writer stays set-based: it loads what exists in
one query per table and asks these functions, never the database row by row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .importers.records import SessionRecord, SpeakerRecord
from .naming import normalize_institution, normalize_person, same_institution

#: above this many record x row comparisons for one title, pairs are made in time order instead
_MAX_COMPARISONS = 250_000
_DUPLICATE_SUFFIX = re.compile(r"#\d+$")


def title_key(title: str) -> str:
    """Return a title as compared across imports: case and spacing do not make another session."""
    return " ".join(title.split()).casefold()


def speakers_key(names: Iterable[str]) -> frozenset[str]:
    """Return who speaks in a session as compared across imports."""
    return frozenset(normalize_person(name) for name in names)


def pair_moved(
    records: dict[int, SessionRecord], rows: list[Any], speakers_of: dict[int, frozenset[str]]
) -> dict[int, Any]:
    """Pair new records (by position) with stored rows of the same title and speakers; returns position -> row.

    Rows are sessions the import would otherwise cancel (with `id`, `title`, `starts_at`, `room`);
    speakers_of gives each row's speakers_key. Several of one title pair by nearest time, never by file order.
    """
    groups: dict[tuple[str, frozenset[str]], tuple[list[int], list[Any]]] = {}
    for position, record in records.items():
        key = (title_key(record.title), speakers_key(s.name for s in record.speakers))
        groups.setdefault(key, ([], []))[0].append(position)
    for row in rows:
        group = groups.get((title_key(row.title), speakers_of.get(row.id, frozenset())))
        if group is not None:
            group[1].append(row)
    pairs: dict[int, Any] = {}
    for positions, candidates in groups.values():
        if candidates:
            pairs.update(_nearest(positions, candidates, records))
    return pairs


def _nearest(positions: list[int], rows: list[Any], records: dict[int, SessionRecord]) -> dict[int, Any]:
    """Pair records and rows of one title, closest in time first; a tie goes to the same room, then the earlier."""
    if len(positions) * len(rows) > _MAX_COMPARISONS:
        by_time = sorted(positions, key=lambda position: records[position].starts_at)
        return dict(zip(by_time, sorted(rows, key=lambda row: (row.starts_at, row.id)), strict=False))
    distances = sorted(
        (
            abs(records[position].starts_at - row.starts_at),
            records[position].room != row.room,
            row.starts_at,
            row.id,
            position,
            index,
        )
        for position in positions
        for index, row in enumerate(rows)
    )
    pairs: dict[int, Any] = {}
    taken: set[int] = set()
    for *_, position, index in distances:
        if position not in pairs and index not in taken:
            pairs[position] = rows[index]
            taken.add(index)
    return pairs


def kept_by_skipped(rows: Iterable[Any], skipped_keys: list[tuple[str, str]]) -> set[int] | None:
    """Return the ids of rows that records skipped as unreadable may be, so they are not cancelled.

    A skipped record with an id keeps the row of that id (and its numbered duplicates and, for a
    recurring event, its occurrences "UID@..."); one with only a title keeps the rows of that title.
    None means a skipped record could not be named at all: then no row may be cancelled.
    """
    ids = {external_id for external_id, _ in skipped_keys if external_id}
    titles = {title_key(title) for external_id, title in skipped_keys if not external_id and title}
    if any(not external_id and not title for external_id, title in skipped_keys):
        return None
    kept = set()
    for row in rows:
        base = _DUPLICATE_SUFFIX.sub("", row.external_id)
        if base in ids or base.rpartition("@")[0] in ids or title_key(row.title) in titles:
            kept.add(row.id)
    return kept


@dataclass
class Person:
    """One speaker as the file names them: a normalized name and affiliation, and the values to store."""

    name: str
    affiliation: str
    record: SpeakerRecord

    @property
    def identity(self) -> str:
        """The speaker's unique key within the conference."""
        return f"{self.name}|{self.affiliation}"


def people_in(records: Iterable[SessionRecord]) -> dict[tuple[str, str], Person]:
    """Return the person behind every (normalized name, normalized affiliation) the records list.

    A name is one person whose affiliations name one place ("Yale", "Yale School of Medicine": the
    fuller one is kept); a name with unrelated affiliations in one file is one person per affiliation;
    a listing without affiliation is the name's only person, or a person of its own when there are several.
    """
    variants: dict[str, dict[str, SpeakerRecord]] = {}
    for record in records:
        for speaker in record.speakers:
            name = normalize_person(speaker.name)
            variants.setdefault(name, {}).setdefault(normalize_institution(speaker.affiliation), speaker)
    person_of: dict[tuple[str, str], Person] = {}
    for name, by_affiliation in variants.items():
        people: list[Person] = []
        for affiliation, speaker in by_affiliation.items():
            if not affiliation:
                continue
            person = next((p for p in people if same_institution(p.affiliation, affiliation)), None)
            if person is None:
                person = Person(name, affiliation, speaker)
                people.append(person)
            elif len(affiliation) > len(person.affiliation):
                person.affiliation, person.record = affiliation, speaker
            person_of[(name, affiliation)] = person
        if "" in by_affiliation:
            person_of[(name, "")] = people[0] if len(people) == 1 else Person(name, "", by_affiliation[""])
    return person_of


def stored_speakers_for(people: Iterable[Person], rows: Iterable[Any]) -> dict[int, Any]:
    """Return which stored speaker row each person (by id()) is; people without one are new.

    Rows have `name`, `affiliation` and `identity`. Of a name's rows, a person takes the one with the
    same affiliation, else the only one with a related or no affiliation, else, when the file and the
    stored program each have one person left of that name, that one: the person's affiliation changed.
    """
    rows_by_name: dict[str, list[Any]] = {}
    for row in rows:
        rows_by_name.setdefault(normalize_person(row.name), []).append(row)
    people_by_name: dict[str, list[Person]] = {}
    for person in {id(p): p for p in people}.values():
        people_by_name.setdefault(person.name, []).append(person)
    found: dict[int, Any] = {}
    for name, named in people_by_name.items():
        left = sorted(rows_by_name.get(name, []), key=lambda row: row.id)
        for rule in (_same_place, _related_place):
            for person in named:
                matches = [row for row in left if rule(person, row)] if id(person) not in found else []
                if matches and (rule is _same_place or len(matches) == 1):
                    best = min(matches, key=lambda row: (row.identity != person.identity, row.id))
                    found[id(person)] = best
                    left.remove(best)
        unmatched = [person for person in named if id(person) not in found]
        if len(unmatched) == 1 and len(left) == 1:
            found[id(unmatched[0])] = left[0]
    return found


def _same_place(person: Person, row: Any) -> bool:
    """Whether a stored speaker has exactly the person's affiliation."""
    return normalize_institution(row.affiliation) == person.affiliation


def _related_place(person: Person, row: Any) -> bool:
    """Whether a stored speaker's affiliation names the same place in other words, or is unknown."""
    stored = normalize_institution(row.affiliation)
    return not stored or not person.affiliation or same_institution(stored, person.affiliation)
