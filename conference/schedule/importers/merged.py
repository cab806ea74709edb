"""A workbook's merged cells: the value Excel keeps only in a range's first cell, carried to the cells it covers
where the table means it for each row (a date or room down a block, a time shared by parallel sessions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .cells import cell

#: a merged range: first row, first column, last row, last column, counted from 0
Merged = tuple[int, int, int, int]
#: fields whose merged cell holds for every titled row it covers ("Hall A" down a block of sessions), and those that
#: hold only for rows in rooms of their own (a time merged over parallel sessions, not over a session's talk rows)
_CARRIED = ("date", "end_date", "room", "track", "kind", "timezone")
_SHARED = ("start", "end", "duration")

Body = list[tuple[int, Sequence[Any]]]  #: (row number as the sheet shows it, row)


def fill_merged(body: Body, index: dict[str, int], merged: Sequence[Merged]) -> Body:
    """Return the table's body with merged values carried to the covered cells of rows that have a title of their
    own: a date, room, track or zone always, a time only to a row with a room of its own; rows under a merged
    session that name only a person, or talks in its room, stay its people and talks.

    index: field -> column, as the header names them.
    """
    if not merged:
        return body
    body = list(body)
    carried = {index[name] for name in _CARRIED if name in index}
    shared = {index[name] for name in _SHARED if name in index}
    places = {number - 1: place for place, (number, _) in enumerate(body)}
    covered = {(number, left) for top, left, bottom, _ in merged for number in range(top + 1, bottom + 1)}
    for top, left, bottom, right in merged:
        if top not in places:
            continue  # a title row's or the header's merge
        source = body[places[top]][1]
        value = source[left] if left < len(source) else None
        for number in range(top + 1, bottom + 1):
            row = list(body[places[number]][1]) if number in places else []
            if not cell(row, index.get("title")):
                continue
            own_room = "room" in index and (number, index["room"]) not in covered and cell(row, index["room"])
            for column in range(left, min(right + 1, len(row))):
                if column in carried or column in shared and own_room:
                    row[column] = value
            body[places[number]] = (body[places[number]][0], row)
    return body
