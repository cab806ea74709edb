"""The changes feed: everything of a user's that changed since a cursor, for a phone coming back online.

The cursor is the user's change number (see models.py): every write takes the next numbers of its
owner's counter in commit order, so "number > cursor" never misses a change, whatever the clocks
say and however many writes land in the same millisecond.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, literal, select, union_all

from ..extensions import db
from .models import ChangeCounter
from .operations import ANY_USER, KINDS, owned, owner
from .reading import showing, shown

_COUNTER = select(ChangeCounter.last_seq).where(ChangeCounter.owner_id == ANY_USER.id)


def tombstone(record: dict[str, Any]) -> dict[str, Any]:
    """What a device needs to drop a deleted record (nothing of its content), from the record as shown."""
    return {"id": record["id"], "deleted_at": record["deleted_at"], "version": record["version"]}


def _changed(model, tombstones: bool) -> Select:
    """Any user's records of a model changed after `since` (tombstones included), or all live ones."""
    if not tombstones:
        return owned(model, ANY_USER)
    return owned(model, ANY_USER, include_deleted=True).where(model.change_seq > bindparam("since"))


@cache
def _statements(tombstones: bool) -> tuple[Select, dict[str, Select]]:
    """The feed's statements, built once: the next change numbers across kinds, and each kind's records up to one."""
    numbers = union_all(
        *(
            _changed(kind.model, tombstones)
            .with_only_columns(literal(name).label("kind"), kind.model.change_seq.label("seq"))
            .where(kind.model.change_seq <= bindparam("upto"))
            for name, kind in KINDS.items()
        )
    ).subquery()
    next_numbers = select(numbers).order_by(numbers.c.seq).limit(bindparam("limit"))
    records = {
        name: showing(
            kind,
            _changed(kind.model, tombstones)
            .where(kind.model.change_seq <= bindparam("last"))
            .order_by(kind.model.change_seq),
        )
        for name, kind in KINDS.items()
    }
    return next_numbers, records


def changes_since(user, since: int | None, limit: int) -> dict[str, Any]:
    """The user's records changed after `since` (all live ones when None), oldest change first.

    Reads the counter first: every change numbered up to it is committed, so the kinds agree even
    while writes go on. One query picks the next `limit` change numbers (and one more, to tell
    whether more remain) across all kinds; then one query per kind that has any loads its records
    numbered up to the last one picked, which are exactly those picked (numbers are unique per user).
    So a page loads no more rows than it returns, in the same number of queries whatever it holds,
    from statements built once.
    """
    params = owner(user)
    upto = db.session.scalar(_COUNTER, params) or 0
    params.update(upto=upto, since=since, limit=limit + 1)
    next_numbers, records = _statements(since is not None)
    picked = db.session.execute(next_numbers, params).all()
    more = len(picked) > limit
    picked = picked[:limit]
    params["last"] = picked[-1].seq if more else upto
    kinds = {row.kind for row in picked}
    answer: dict[str, Any] = {}
    for name, kind in KINDS.items():
        shown_here = shown(kind, records[name], params) if name in kinds else []
        answer[name] = [tombstone(record) if record["deleted_at"] else record for record in shown_here]
    answer["cursor"] = str(params["last"] if more else max(upto, since or 0))
    answer["more"] = more
    return answer
