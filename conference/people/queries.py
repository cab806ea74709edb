"""The filtered lists of a user's contacts and encounters as selects for `paginate`, and who the user has met."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, String, cast, exists, or_, select

from ..db.textsearch import contains
from ..extensions import db
from ..schedule.models import Conference
from ..sync import owned
from .models import Contact, Encounter


def has_contact(owner_id, speaker_id, program_id) -> ColumnElement[bool]:
    """SQL: whether the owner has a live contact who is this speaker or from this program (for a target: met)."""
    return exists().where(
        Contact.owner_id == owner_id,
        Contact.deleted_at.is_(None),
        or_(Contact.speaker_id == speaker_id, Contact.program_id == program_id),
    )


def at_conference(slug: str) -> ColumnElement[bool]:
    """A condition on encounters: at the conference with this slug."""
    return Encounter.conference_id == select(Conference.id).where(Conference.slug == slug).scalar_subquery()


def met_at(user, slug: str, column) -> Select:
    """A column of the user's live encounters at the conference with this slug."""
    return owned(Encounter, user).with_only_columns(column).where(at_conference(slug))


def contacts(user, args: dict) -> Select:
    """The user's contacts matching the filters, by name."""
    query = owned(Contact, user)
    if "q" in args:
        searched = (Contact.name, Contact.institution, Contact.email, Contact.phone, cast(Contact.tags, String))
        query = query.where(contains(args["q"], *searched))
    if "tag" in args:
        # JSON text holds the tag quoted; matching the quotes keeps "cl" from matching "clinic".
        query = query.where(contains(f'"{args["tag"]}"', cast(Contact.tags, String)))
    if "conference" in args:
        query = query.where(Contact.id.in_(met_at(user, args["conference"], Encounter.contact_id)))
    for name in ("role", "tie_strength"):
        if name in args:
            query = query.where(getattr(Contact, name) == args[name])
    return query.order_by(Contact.name, Contact.id)


def encounters(user, args: dict) -> Select:
    """The user's encounters matching the filters, latest first."""
    query = owned(Encounter, user)
    if "contact" in args:
        query = query.where(Encounter.contact_id == args["contact"])
    if "conference" in args:
        query = query.where(at_conference(args["conference"]))
    if "kind" in args:
        query = query.where(Encounter.kind == args["kind"])
    if "q" in args:
        query = query.where(contains(args["q"], Encounter.takeaway, Encounter.place))
    return query.order_by(Encounter.occurred_at.desc(), Encounter.id)


def met_among(user, speaker_ids: set[int], program_ids: set[int], *, excluding=None) -> tuple[set[int], set[int]]:
    """Which of these speakers, and which of these programs, the user has a contact for (one query).

    `excluding` leaves out one contact's id, to tell what the others link.
    """
    if not speaker_ids and not program_ids:
        return set(), set()
    query = (
        owned(Contact, user)
        .with_only_columns(Contact.speaker_id, Contact.program_id)
        .where(or_(Contact.speaker_id.in_(speaker_ids), Contact.program_id.in_(program_ids)))
    )
    if excluding is not None:
        query = query.where(Contact.id != excluding)
    rows = db.session.execute(query).all()
    return {speaker for speaker, _ in rows} & speaker_ids, {program for _, program in rows} & program_ids
