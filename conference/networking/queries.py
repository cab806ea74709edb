"""The filtered lists of a user's contacts, encounters and follow-ups, as selects for `paginate`."""
from __future__ import annotations

from sqlalchemy import Select, String, cast, or_, select

from ..extensions import db
from ..schedule.models import Conference
from ..sync import owned
from .models import Contact, Encounter, FollowUp


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _encounters_at(slug: str) -> Select:
    """Ids of the user's live encounters at the conference with this slug."""
    return (
        owned(Encounter)
        .with_only_columns(Encounter.id)
        .join(Conference, Conference.id == Encounter.conference_id)
        .where(Conference.slug == slug)
    )


def contacts(args: dict) -> Select:
    """The user's contacts matching the filters, by name."""
    query = owned(Contact)
    if "q" in args:
        pattern = _like(args["q"])
        query = query.where(
            or_(
                Contact.name.ilike(pattern, escape="\\"),
                Contact.institution.ilike(pattern, escape="\\"),
                Contact.email.ilike(pattern, escape="\\"),
                cast(Contact.tags, String).ilike(pattern, escape="\\"),
            )
        )
    if "tag" in args:
        # JSON text holds the tag quoted; matching the quotes keeps "cl" from matching "clinic".
        query = query.where(cast(Contact.tags, String).ilike(_like(f'"{args["tag"]}"'), escape="\\"))
    if "conference" in args:
        met_there = select(Encounter.contact_id).where(Encounter.id.in_(_encounters_at(args["conference"])))
        query = query.where(Contact.id.in_(met_there))
    for name in ("role", "tie_strength"):
        if name in args:
            query = query.where(getattr(Contact, name) == args[name])
    return query.order_by(Contact.name, Contact.id)


def encounters(args: dict) -> Select:
    """The user's encounters matching the filters, latest first."""
    query = owned(Encounter)
    if "contact" in args:
        query = query.where(Encounter.contact_id == args["contact"])
    if "conference" in args:
        query = query.where(Encounter.id.in_(_encounters_at(args["conference"])))
    if "kind" in args:
        query = query.where(Encounter.kind == args["kind"])
    if "q" in args:
        pattern = _like(args["q"])
        query = query.where(
            or_(Encounter.takeaway.ilike(pattern, escape="\\"), Encounter.place.ilike(pattern, escape="\\"))
        )
    return query.order_by(Encounter.occurred_at.desc(), Encounter.id)


def followups(args: dict) -> Select:
    """The user's follow-ups matching the filters, soonest due first."""
    query = owned(FollowUp)
    if "status" in args:
        query = query.where(FollowUp.status == args["status"])
    if "due_before" in args:
        moment = args["due_before"]
        query = query.where(
            FollowUp.due_at < moment, or_(FollowUp.snoozed_until.is_(None), FollowUp.snoozed_until < moment)
        )
    if "contact" in args:
        query = query.where(FollowUp.contact_id == args["contact"])
    if "conference" in args:
        query = query.where(FollowUp.encounter_id.in_(_encounters_at(args["conference"])))
    if "q" in args:
        query = query.where(FollowUp.title.ilike(_like(args["q"]), escape="\\"))
    return query.order_by(FollowUp.due_at, FollowUp.id)


def met_among(speaker_ids: set[int], program_ids: set[int]) -> tuple[set[int], set[int]]:
    """Which of these speakers, and which of these programs, the user has a contact for (one query)."""
    if not speaker_ids and not program_ids:
        return set(), set()
    rows = db.session.execute(
        owned(Contact)
        .with_only_columns(Contact.speaker_id, Contact.program_id)
        .where(or_(Contact.speaker_id.in_(speaker_ids), Contact.program_id.in_(program_ids)))
    ).all()
    return {speaker for speaker, _ in rows} & speaker_ids, {program for _, program in rows} & program_ids
