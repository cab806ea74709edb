"""The filtered list of a user's follow-ups as a select for `paginate`, and their shown titles in SQL."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, case, literal, or_, select

from ..db.textsearch import contains
from ..people.models import Contact, Encounter
from ..people.queries import met_at
from ..sync import owned
from .models import ACTION_TITLES, FollowUp


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
        query = query.where(FollowUp.encounter_id.in_(met_at(user, args["conference"], Encounter.id)))
    if "q" in args:
        query = query.where(contains(args["q"], SHOWN_TITLE))
    return query.order_by(FollowUp.due_at, FollowUp.id)
