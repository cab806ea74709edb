"""The header of a program table (the first row naming two fields, below any title rows) and the people a
row names by its columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cells import cell, title_text
from .columns import Columns, from_header, mapped_headers, meaning, normal
from .people import display_name, parse_people, role_of
from .records import ImportOptions, SpeakerRecord, TalkRecord

_HEADER_ROWS = 40  #: how far down a header may sit below title rows


def find_header(rows: Sequence[Sequence[Any]], mapping: dict[str, str] | None = None) -> int:
    """Return the index of the first row that names two fields or more (by synonym or by the mapping),
    else of the first non-empty row.

    Of a header written on two rows (",Time,,Session," over "Date,Start,End,Title,Room": groups over fields),
    the lower is the header when it names more fields.
    """
    mapped = {normal(header): name for name, header in mapped_headers(mapping or {})}

    def names(row: Sequence[Any]) -> set[str]:
        named = {mapped.get(normal(value)) or (meaning(value) or ("",))[0] for value in row if isinstance(value, str)}
        return named - {""}

    first = None
    for index, row in enumerate(rows[:_HEADER_ROWS]):
        if first is None and any(cell(row, i) for i in range(len(row))):
            first = index
        named = names(row)
        if len(named) >= 2 and named & {"title", "start", "date"}:
            below = names(rows[index + 1]) if index + 1 < len(rows) else set()
            return index + 1 if len(below) > len(named) and below & {"title", "start"} else index
    return 0 if first is None else first


def row_people(columns: Columns, row: Sequence[Any]) -> tuple[SpeakerRecord, ...]:
    """Return everyone a row names: people columns (with their roles) and first/last name columns."""
    index = columns.index
    role_text = cell(row, index.get("role"))
    role = role_of(role_text) if role_text else "presenter"
    found: list[SpeakerRecord] = []
    name = " ".join(f"{cell(row, index.get('first_name'))} {cell(row, index.get('last_name'))}".split())
    if name and (person := display_name(name, role)):
        affiliation = cell(row, index.get("affiliation"))
        found.append(SpeakerRecord(person.name, person.credentials, affiliation or person.affiliation, role))
    for column, column_role in columns.people:
        if text := cell(row, column):
            found.extend(parse_people(text, role if column_role == "presenter" else column_role))
    return tuple(found)


def pair_names(columns: Columns) -> None:
    """A first-name column pairs with the one name column beside it ("FirstName" + "FullName" = a person)."""
    if "first_name" in columns.index and "last_name" not in columns.index and columns.people:
        index, _ = columns.people.pop(0)
        columns.index["last_name"] = index


def read_talks(rows: list[Sequence[Any]], options: ImportOptions) -> list[TalkRecord]:
    """Read a list of talks without times (one sheet per session): each row's title, code and people."""
    at = find_header(rows)
    columns = from_header(list(rows[at]), options.mapping)
    pair_names(columns)
    talks = []
    for row in rows[at + 1 :]:
        title = title_text(cell(row, columns.index.get("title")))
        if title:
            code = cell(row, columns.index.get("code"))
            talks.append(TalkRecord(title, code=code, speakers=row_people(columns, row)))
    return talks
