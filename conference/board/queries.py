"""The user's board: each seat with its advisors and their update cadence, in a fixed number of statements."""

from __future__ import annotations

from ..extensions import db
from ..followups.cadence import Cadence, add_due_updates, advisors, cadences
from ..followups.models import FollowUp
from ..people.models import ADVISOR_ROLE_LABELS
from ..sync import owned


def _advisor(cadence: Cadence, open_updates: dict) -> dict:
    """One advisor as the board shows them."""
    contact = cadence.contact
    return {
        "contact_id": contact.id,
        "name": contact.name,
        "institution": contact.institution,
        "advisor_roles": contact.advisor_roles,
        "update_every_months": cadence.months,
        "last_contact_at": cadence.last_contact_at,
        "next_update_due": cadence.next_update_due,
        "update_followup_id": open_updates.get(contact.id),
    }


def board(user) -> dict:
    """Every seat in the guidance's order with its advisors, the empty seats, and the updates now due (made once)."""
    found = cadences(user, advisors(user))
    add_due_updates(user, found)
    open_updates = dict(
        db.session.execute(
            owned(FollowUp, user)
            .with_only_columns(FollowUp.contact_id, FollowUp.id)
            .where(FollowUp.action == "mentor_update", FollowUp.status == "open")
            .where(FollowUp.contact_id.in_({cadence.contact.id for cadence in found}))
            .order_by(FollowUp.due_at.desc())  # the soonest due wins
        ).all()
    )
    roles = []
    for role, label in ADVISOR_ROLE_LABELS.items():
        seated = [_advisor(cadence, open_updates) for cadence in found if role in cadence.contact.advisor_roles]
        roles.append({"role": role, "label": label, "empty_text": f"No {label.lower()} yet", "advisors": seated})
    return {"roles": roles, "empty_roles": [seat["role"] for seat in roles if not seat["advisors"]]}
