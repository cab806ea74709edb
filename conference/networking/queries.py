"""The filtered lists of a user's contacts, encounters and follow-ups, as selects for `paginate`."""
from __future__ import annotations

from sqlalchemy import ColumnElement, Select, String, case, cast, exists, literal, or_, select

from ..extensions import db
from ..schedule.models import Conference
from ..sync import owned
from ..db.textsearch import contains
from .models import ACTION_TITLES, Contact, Encounter, FollowUp


def conference_slug(conference_id) -> ColumnElement[str]:
    """SQL giving the slug of the conference a column names (NULL for none), read with each row."""
    return select(Conference.slug).where(Conference.id == conference_id).scalar_subquery()


def _shown_title() -> ColumnElement[str]:
    """SQL giving a follow-up's shown title: the user's own, else the default from the action and the contact's name."""
    name = select(Contact.name).where(Contact.id == FollowUp.contact_id).scalar_subquery()
    defaults = {}
    for action, template in ACTION_TITLES.items():
        before, after = template.split("{name}")
        defaults[action] = literal(before) + name + literal(after)
    return case((FollowUp.title != "", FollowUp.title), else_=case(defaults, value=FollowUp.action))


#: Read with each row by lists, the changes feed and the title search.
SHOWN_TITLE = _shown_title()


def has_contact(owner_id, speaker_id, program_id) -> ColumnElement[bool]:
    """SQL: whether the owner has a live contact who is this speaker or from this program (for a target: met)."""
    return exists().where(
        Contact.owner_id == owner_id,
        Contact.deleted_at.is_(None),
        or_(Contact.speaker_id == speaker_id, Contact.program_id == program_id),
    )


def _at_conference(slug: str) -> ColumnElement[bool]:
    """A condition on encounters: at the conference with this slug."""
    return Encounter.conference_id == select(Conference.id).where(Conference.slug == slug).scalar_subquery()


def _met_at(user, slug: str, column) -> Select:
    """A column of the user's live encounters at the conference with this slug."""
    return owned(Encounter, user).with_only_columns(column).where(_at_conference(slug))


def contacts(user, args: dict) -> Select:
    """The user's contacts matching the filters, by name."""
    query = owned(Contact, user)
    if "q" in args:
        query = query.where(
            contains(args["q"], Contact.name, Contact.institution, Contact.email, cast(Contact.tags, String))
        )
    if "tag" in args:
        # JSON text holds the tag quoted; matching the quotes keeps "cl" from matching "clinic".
        query = query.where(contains(f'"{args["tag"]}"', cast(Contact.tags, String)))
    if "conference" in args:
        query = query.where(Contact.id.in_(_met_at(user, args["conference"], Encounter.contact_id)))
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
        query = query.where(_at_conference(args["conference"]))
    if "kind" in args:
        query = query.where(Encounter.kind == args["kind"])
    if "q" in args:
        query = query.where(contains(args["q"], Encounter.takeaway, Encounter.place))
    return query.order_by(Encounter.occurred_at.desc(), Encounter.id)


def followups(user, args: dict) -> Select:
    """The user's follow-ups matching the filters, soonest due first."""
    query = owned(FollowUp, user)
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
        query = query.where(FollowUp.encounter_id.in_(_met_at(user, args["conference"], Encounter.id)))
    if "q" in args:
        query = query.where(contains(args["q"], SHOWN_TITLE))
    return query.order_by(FollowUp.due_at, FollowUp.id)


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
