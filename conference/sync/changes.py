"""The changes feed: everything of a user's that changed since a cursor, for a phone coming back online.

The cursor is the user's change number (see models.py): every write takes the next numbers of its
owner's counter in commit order, so "number > cursor" never misses a change, whatever the clocks
say and however many writes land in the same millisecond.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, literal, select, true, union_all

from ..extensions import db
from .models import ChangeCounter
from .operations import ANY_USER, KINDS, owned, owner
from .reading import showing, shown


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
    """The feed's statements, built once: the user's counter with the next change numbers across kinds up to it,
    and each kind's records up to one."""
    counter = select(ChangeCounter.last_seq.label("upto")).where(ChangeCounter.owner_id == ANY_USER.id).cte("counter")
    upto = select(counter.c.upto).scalar_subquery()
    numbers = union_all(
        *(
            _changed(kind.model, tombstones)
            .with_only_columns(literal(name).label("kind"), kind.model.change_seq.label("seq"))
            .where(kind.model.change_seq <= upto)
            for name, kind in KINDS.items()
        )
    ).subquery()
    page = select(numbers).order_by(numbers.c.seq).limit(bindparam("limit")).subquery()
    # The counter's row comes back even when no number follows (seq NULL), and none when the user never wrote.
    next_numbers = (
        select(counter.c.upto, page.c.kind, page.c.seq)
        .select_from(counter.outerjoin(page, true()))
        .order_by(page.c.seq)
    )
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

    One query reads the counter and picks the next `limit` change numbers up to it (and one more, to
    tell whether more remain) across all kinds: every change numbered up to the counter is committed,
    so the kinds agree even while writes go on. Then one query per kind that has any loads its records
    numbered up to the last one picked, which are exactly those picked (numbers are unique per user).
    So a page loads no more rows than it returns, in the same number of queries whatever it holds,
    from statements built once.
    """
    for kind in KINDS.values():
        kind.refresh(user)
    params = owner(user)
    params.update(since=since, limit=limit + 1)
    next_numbers, records = _statements(since is not None)
    rows = db.session.execute(next_numbers, params).all()
    upto = rows[0].upto if rows else 0
    picked = [row for row in rows if row.seq is not None]
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
