"""The changes feed: everything of a user's that changed since a cursor, for a phone coming back online.

The cursor is the user's change number (see models.py): every write takes the next numbers of its
owner's counter in commit order, so "number > cursor" never misses a change, whatever the clocks
say and however many writes land in the same millisecond.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import literal, select, union_all

from ..extensions import db
from .models import ChangeCounter
from .operations import KINDS, owned


def tombstone(record) -> dict[str, Any]:
    """What a device needs to drop a deleted record (nothing of its content)."""
    return {"id": str(record.id), "deleted_at": record.deleted_at.isoformat(), "version": record.version}


def changes_since(user, since: int | None, limit: int) -> dict[str, Any]:
    """The user's records changed after `since` (all live ones when None), oldest change first.

    Reads the counter first: every change numbered up to it is committed, so the kinds agree even
    while writes go on. One query picks the next `limit` changes (and one more, to tell whether
    more remain) across all kinds by number alone; then one query per kind loads only those records,
    so a page loads no more rows than it returns, in the same number of queries whatever it holds.
    """
    upto = db.session.scalar(select(ChangeCounter.last_seq).where(ChangeCounter.owner_id == user.id)) or 0
    changes = []
    for name, kind in KINDS.items():
        model = kind.model
        query = (
            owned(model, user, include_deleted=since is not None)
            .with_only_columns(literal(name).label("kind"), model.id.label("id"), model.change_seq.label("seq"))
            .where(model.change_seq <= upto)
        )
        if since is not None:
            query = query.where(model.change_seq > since)
        changes.append(query)
    picked = union_all(*changes).subquery()
    rows = db.session.execute(select(picked).order_by(picked.c.seq).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    ids = defaultdict(list)
    for row in rows:
        ids[row.kind].append(row.id)
    answer: dict[str, Any] = {}
    for name, kind in KINDS.items():
        records = []
        if ids[name]:
            records = sorted(
                db.session.scalars(select(kind.model).where(kind.model.id.in_(ids[name]))), key=lambda r: r.change_seq
            )
        kind.complete(user, [record for record in records if record.deleted_at is None])
        answer[name] = [tombstone(record) if record.deleted_at else kind.schema.dump(record) for record in records]
    answer["cursor"] = str(rows[-1].seq if more else max(upto, since or 0))
    answer["more"] = more
    return answer
