"""The changes feed: everything of a user's that changed since a cursor, for a phone coming back online.

The cursor is the user's change number (see conference/sync.py): every write takes the next
numbers of its owner's counter in commit order, so "number > cursor" never misses a change,
whatever the clocks say and however many writes land in the same millisecond.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields
from sqlalchemy import select

from ..extensions import db
from ..sync import ChangeCounter, owned
from ..targets.models import Target
from ..targets.operations import mark_met
from ..targets.schemas import TargetSchema
from .models import Contact, Encounter, FollowUp
from .schemas import ContactSchema, EncounterSchema, FollowUpSchema


def _as_is(user, records: list) -> None:
    """Nothing to fill in before dumping."""


@dataclass(frozen=True)
class SyncedKind:
    """A kind of user-owned record in the feed: its name there, model and schema."""

    name: str
    model: type
    schema: type[Schema]
    #: Fills in computed attributes of a user's live records before they are dumped.
    complete: Callable[[object, list], None] = _as_is


#: Every kind the feed carries; adding a synced model is one line here.
SYNCED_KINDS = (
    SyncedKind("contacts", Contact, ContactSchema),
    SyncedKind("encounters", Encounter, EncounterSchema),
    SyncedKind("followups", FollowUp, FollowUpSchema),
    SyncedKind("targets", Target, TargetSchema, complete=mark_met),
)


def changes_schema() -> type[Schema]:
    """The feed's response schema: one list per kind, the new cursor, and whether more remain."""
    lists = {
        kind.name: fields.List(
            fields.Dict(), required=True, metadata={"description": f"changed {kind.name}; deleted ones as tombstones"}
        )
        for kind in SYNCED_KINDS
    }
    return type(
        "ChangesSchema",
        (Schema,),
        {
            **lists,
            "cursor": fields.String(required=True, metadata={"description": "send as `since` next time"}),
            "more": fields.Boolean(required=True, metadata={"description": "ask again with the new cursor"}),
        },
    )


def tombstone(record) -> dict[str, Any]:
    """What a device needs to drop a deleted record (nothing of its content)."""
    return {"id": str(record.id), "deleted_at": record.deleted_at.isoformat(), "version": record.version}


def changes_since(user, since: int | None, limit: int) -> dict[str, Any]:
    """The user's records changed after `since` (all live ones when None), oldest change first.

    Reads the counter first: every change numbered up to it is committed, so the kinds read one
    after the other agree even while writes go on. Takes at most `limit` records in all, one
    query per kind; the cursor is then the last change taken, so the next request continues there.
    """
    upto = db.session.scalar(select(ChangeCounter.last_seq).where(ChangeCounter.owner_id == user.id)) or 0
    taken: list[tuple[int, SyncedKind, Any]] = []
    for kind in SYNCED_KINDS:
        query = owned(kind.model, user, include_deleted=since is not None).where(kind.model.change_seq <= upto)
        if since is not None:
            query = query.where(kind.model.change_seq > since)
        rows = db.session.scalars(query.order_by(kind.model.change_seq).limit(limit + 1))
        taken += [(record.change_seq, kind, record) for record in rows]
    taken.sort(key=lambda item: item[0])
    more = len(taken) > limit
    taken = taken[:limit]
    answer: dict[str, Any] = {}
    for kind in SYNCED_KINDS:
        records = [record for _, of_kind, record in taken if of_kind is kind]
        kind.complete(user, [record for record in records if record.deleted_at is None])
        schema = kind.schema()
        answer[kind.name] = [tombstone(record) if record.deleted_at else schema.dump(record) for record in records]
    answer["cursor"] = str(taken[-1][0] if more else max(upto, since or 0))
    answer["more"] = more
    return answer
