"""Who introduced whom, as drafts name it: "Dr. Nair suggested I reach out", "thank you for introducing me"."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import aliased

from ..extensions import db
from ..messages.names import greeting
from ..people.models import Contact
from ..sync import owned
from .models import FollowUp
from .operations import introduction_ids

#: Roles named "Dr." whatever their typed name says.
FORMAL_ROLES = frozenset({"faculty", "program_director"})


def referred_to(name: str, role: str) -> str:
    """How a draft names a third person: "Dr. Nair" for a doctor or faculty, else the full name."""
    greeted = greeting(name, formal=role in FORMAL_ROLES).removeprefix("Dear ").removesuffix(",")
    return greeted if greeted.startswith("Dr. ") else name.strip()


def introducers(user, followups: Sequence[FollowUp]) -> dict[uuid.UUID, str]:
    """Contact id -> how to name the live contact who introduced them, for the batch's contacts (one query)."""
    contact_ids = {followup.contact_id for followup in followups}
    if not contact_ids:
        return {}
    introducer = aliased(Contact)
    rows = db.session.execute(
        owned(Contact, user)
        .with_only_columns(Contact.id, introducer.name, introducer.role)
        .join(introducer, introducer.id == Contact.introduced_by_id)
        .where(Contact.id.in_(contact_ids), introducer.deleted_at.is_(None))
    )
    return {contact_id: referred_to(name, role) for contact_id, name, role in rows}


def thanked_for(user, followups: Sequence[FollowUp]) -> dict[uuid.UUID, str]:
    """Thank-you follow-up id -> how to name the person its contact introduced the user to (one query).

    The thanks proposed for an introduction has an id derived from both contacts, so it is found again here.
    """
    thanks = {followup.id: followup.contact_id for followup in followups if followup.action == "thank_you"}
    if not thanks:
        return {}
    rows = db.session.execute(
        owned(Contact, user)
        .with_only_columns(Contact.id, Contact.name, Contact.role, Contact.introduced_by_id)
        .where(Contact.introduced_by_id.in_(set(thanks.values())))
    )
    found = {}
    for contact_id, name, role, introducer_id in rows:
        thanks_id = introduction_ids(contact_id, introducer_id)[1]
        if thanks.get(thanks_id) == introducer_id:
            found[thanks_id] = referred_to(name, role)
    return found
