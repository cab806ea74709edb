"""The user's own agenda items as selects: the paged list, and one conference's for the agenda."""

from __future__ import annotations

from sqlalchemy import Select

from ..schedule.models import Conference
from ..schedule.queries import get_conference
from ..sync import owned
from .models import Appointment


def agenda_items(user, args: dict) -> Select:
    """The user's agenda items, soonest first; only one conference's when named (an unknown one has none)."""
    query = owned(Appointment, user)
    if "conference" in args:
        conference = get_conference(args["conference"])
        query = query.where(Appointment.conference_id == (conference.id if conference else None))
    return query.order_by(Appointment.starts_at, Appointment.ends_at, Appointment.id)


def at_conference(user, conference: Conference) -> Select:
    """The user's live agenda items at one conference, soonest first."""
    return agenda_items(user, {}).where(Appointment.conference_id == conference.id)
