"""Writing contacts, encounters and follow-ups from a phone whose requests get lost and retried.

A PUT to a client-made id creates or replaces the record; the same request sent again changes
nothing (no version bump) and creates nothing. If-Match is checked only when a write would change
something, so a retry of an applied write answers 200 rather than a conflict. Writes flush; the
request commits once.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask_smorest import abort
from marshmallow import Schema
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db_types import utcnow
from ..extensions import db
from ..schedule.models import Conference, Program, Session, Speaker
from ..schedule.naming import normalize_institution
from ..schedule.operations import get_conference
from ..sync import check_if_match, find_owned, owned
from .models import Contact, Encounter, FollowUp
from .schemas import ContactSchema, EncounterSchema

T = TypeVar("T")


def _no_hook(*_args) -> None:
    """Nothing to do around a write."""


@dataclass(frozen=True)
class Kind:
    """How one kind of synced record is written."""

    model: type
    #: Dumps the stored record into a 409 answer.
    schema: Schema
    #: The columns a client writes, and what a PUT without them gets.
    defaults: dict[str, Any]
    #: (user, stored record or None, values, fields sent) -> columns to store; validates references.
    prepare: Callable[[Any, Any, dict, dict], dict]
    #: Called after a change with the user, the record and its columns before (None when just created).
    after_change: Callable[[Any, Any, dict | None], None] = field(default=_no_hook)
    #: Called with the user and the record when the record is tombstoned.
    on_delete: Callable[[Any, Any], None] = field(default=_no_hook)


def put(kind: Kind, user, record_id: uuid.UUID, data: dict) -> tuple[Any, bool]:
    """Create the record under the client's id or replace it; returns (record, created).

    :raise 404: when the id belongs to another user (nothing of theirs is read or changed).
    :raise 409: when If-Match names a stale version and the request would change the record.
    :raise 410: when the user deleted this record.
    :raise 422: when a referenced id is unknown or not the user's.
    """
    try:
        # The id may be taken between our look and our insert: by the same request racing from
        # another thread (the second try then finds it and answers as a replay), or by another
        # user (the second try clashes again).
        return retrying(lambda: _put_once(kind, user, record_id, data))
    except IntegrityError:
        db.session.rollback()
    abort(404, message=f"{kind.model.__name__} {record_id} not found.")


def _put_once(kind: Kind, user, record_id: uuid.UUID, data: dict) -> tuple[Any, bool]:
    """One attempt at a PUT; a unique-key clash escapes as IntegrityError."""
    record = find_owned(kind.model, user, record_id, include_deleted=True)
    values = {**kind.defaults, **data}
    if record is None:
        record = kind.model(id=record_id, owner_id=user.id, **kind.prepare(user, None, values, data))
        db.session.add(record)
        db.session.flush()
        kind.after_change(user, record, None)
        return record, True
    if record.deleted_at is not None:
        abort(410, message=f"{kind.model.__name__} {record_id} was deleted; create a new one with a new id.")
    return _update(kind, user, record, values, data), False


def patch(kind: Kind, user, record, data: dict):
    """Change some fields of a record.

    :raise 409: when If-Match names a stale version and the request would change the record.
    :raise 422: when a referenced id is unknown or not the user's.
    """
    values = {**{name: getattr(record, name) for name in kind.defaults}, **data}
    return _update(kind, user, record, values, data)


def _update(kind: Kind, user, record, values: dict, sent: dict):
    """Store the columns that differ; bump the version only when something does."""
    before = {name: getattr(record, name) for name in kind.defaults}
    columns = kind.prepare(user, record, values, sent)
    changes = {name: value for name, value in columns.items() if getattr(record, name) != value}
    if not changes:
        return record
    check_if_match(record, kind.schema)
    for name, value in changes.items():
        setattr(record, name, value)
    record.touch()
    db.session.flush()
    kind.after_change(user, record, before)
    return record


def delete(kind: Kind, user, record) -> None:
    """Tombstone a record, so every device learns of the deletion; deleting twice is harmless.

    :raise 409: when If-Match names a stale version.
    """
    if record.deleted_at is not None:
        return
    check_if_match(record, kind.schema)
    record.deleted_at = utcnow()
    record.touch()
    kind.on_delete(user, record)
    db.session.flush()


def retrying(write: Callable[[], T]) -> T:
    """Run a write again after a unique-key clash with a concurrent request, which it then sees."""
    try:
        return write()
    except IntegrityError:
        db.session.rollback()
        return write()


# References in request bodies.


def changed(stored, name: str, value) -> bool:
    """Whether a column gets a new value (always, for a record being created)."""
    return stored is None or getattr(stored, name) != value


def require_owned(user, model, record_id, field_name: str):
    """One of the user's live records, referenced from a request body.

    :raise 422: naming the field, alike for unknown ids and other users' ids.
    """
    record = find_owned(model, user, record_id)
    if record is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: ["Not found among your records."]})
    return record


def require_row(model, row_id: int, field_name: str):
    """A shared row (session, speaker) referenced from a request body.

    :raise 422: naming the field when there is none.
    """
    row = db.session.get(model, row_id)
    if row is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: ["Not found."]})
    return row


def require_conference(slug: str, field_name: str = "conference") -> Conference:
    """The conference with this slug.

    :raise 422: naming the field when there is none.
    """
    conference = get_conference(slug)
    if conference is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: [f"No conference {slug!r}."]})
    return conference


# Contacts.


def program_for(institution: str) -> int | None:
    """The id of the program an institution names, matched as the schedule importer matches them."""
    if not institution:
        return None
    return db.session.scalar(select(Program.id).where(Program.normalized_name == normalize_institution(institution)))


def _prepare_contact(user, stored: Contact | None, values: dict, sent: dict) -> dict:
    """Validate the speaker, deduplicate tags, and link the institution to a program."""
    columns = {name: values[name] for name in CONTACTS.defaults}
    if columns["speaker_id"] is not None and changed(stored, "speaker_id", columns["speaker_id"]):
        require_row(Speaker, columns["speaker_id"], "speaker_id")
    columns["tags"] = list(dict.fromkeys(tag for tag in columns["tags"] if tag))
    columns["program_id"] = program_for(columns["institution"])
    return columns


def _tombstone_contact_records(user, contact: Contact) -> None:
    """Delete a contact's encounters and follow-ups with it, each as its own tombstone."""
    for model in (Encounter, FollowUp):
        for record in db.session.scalars(owned(model, user).where(model.contact_id == contact.id)):
            record.deleted_at = contact.deleted_at
            record.touch()


CONTACTS = Kind(
    model=Contact,
    schema=ContactSchema(),
    defaults={
        "name": "", "role": "other", "institution": "", "speaker_id": None, "email": None,
        "linkedin_url": None, "tie_strength": "expanded", "tags": [], "notes": "",
    },  # fmt: skip
    prepare=_prepare_contact,
    on_delete=_tombstone_contact_records,
)


# Encounters.


def _prepare_encounter(user, stored: Encounter | None, values: dict, sent: dict) -> dict:
    """Check the contact, session and conference; an encounter at a session is at its conference."""
    columns = {name: values[name] for name in ENCOUNTERS.defaults}
    if changed(stored, "contact_id", columns["contact_id"]):
        require_owned(user, Contact, columns["contact_id"], "contact_id")
    # Keep the first-seen time on a retry: "now" has moved on since the first attempt.
    columns["occurred_at"] = values["occurred_at"] or (stored.occurred_at if stored else utcnow())
    named = None
    if sent.get("conference") is not None:
        named = require_conference(sent["conference"])
        columns["conference_id"] = named.id
    elif "conference" in sent:
        columns["conference_id"] = None
    if columns["session_id"] is not None:
        session = require_row(Session, columns["session_id"], "session_id")
        if named is not None and named.id != session.conference_id:
            abort(422, message="Invalid input: conference.", errors={"conference": ["Not the session's conference."]})
        columns["conference_id"] = session.conference_id
    return columns


ENCOUNTERS = Kind(
    model=Encounter,
    schema=EncounterSchema(),
    defaults={
        "contact_id": None, "occurred_at": None, "session_id": None, "place": "", "conference_id": None,
        "kind": "introduced", "takeaway": "", "notes": "",
    },  # fmt: skip
    prepare=_prepare_encounter,
)
