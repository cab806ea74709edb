"""Agenda items as a synced kind (see conference/sync)."""

from __future__ import annotations

from datetime import UTC

from flask_smorest import abort

from ..extensions import db
from ..people.models import Contact
from ..people.signals import contact_deleted
from ..schedule.queries import conference_or_422, conference_slug
from ..sync.operations import Kind, changed, owned, register, require_owned
from .models import Appointment
from .schemas import AppointmentSchema


def _prepare_item(user, stored: Appointment | None, values: dict, sent: dict) -> dict:
    """Check the contact and conference, and that the item ends after it starts; times are stored in UTC."""
    columns = {name: values[name] for name in AGENDA_ITEMS.defaults if name != "conference"}
    columns["starts_at"], columns["ends_at"] = columns["starts_at"].astimezone(UTC), columns["ends_at"].astimezone(UTC)
    if columns["contact_id"] is not None and changed(stored, "contact_id", columns["contact_id"]):
        require_owned(user, Contact, columns["contact_id"], "contact_id")
    if "conference" in sent:
        columns["conference_id"] = conference_or_422(sent["conference"]).id
    else:
        columns["conference_id"] = stored.conference_id
    if columns["ends_at"] <= columns["starts_at"]:
        abort(422, message="Invalid input: ends_at.", errors={"ends_at": ["Must be after starts_at."]})
    return columns


AGENDA_ITEMS = register(
    Kind(
        name="agenda-items",
        model=Appointment,
        schema=AppointmentSchema(),
        defaults={
            "title": "",
            "starts_at": None,
            "ends_at": None,
            "place": "",
            "conference": None,
            "contact_id": None,
            "notes": "",
        },
        prepare=_prepare_item,
        derived={"conference": conference_slug(Appointment.conference_id)},
    )
)


@contact_deleted.connect
def forget_deleted_contact(user, contact: Contact, **_) -> None:
    """An item with a deleted contact stays on the agenda, with no one named, as a new version."""
    for item in db.session.scalars(owned(Appointment, user).where(Appointment.contact_id == contact.id)):
        item.contact_id = None
        item.touch()
