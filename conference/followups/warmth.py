"""A contact's shown warmth: the user's choice, else what they did (people.models.default_warmth), in SQL.

The replies live on follow-ups, which the people feature cannot see, so this feature adds the shown
warmth to contacts: as a column read with every contact, and as the SQL the lists and the feed read.
It is computed at read time, as a follow-up's default title is: a meeting or a reply gives the contact
no new version, and the app works the default out from the records it holds.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, exists, func, literal
from sqlalchemy.orm import column_property

from ..people.models import Contact, Encounter, default_warmth
from ..people.operations import CONTACTS
from .models import FollowUp

#: What default_warmth reads, each as SQL about the contact of the row.
FACTS: dict[str, ColumnElement[bool]] = {
    "met": exists()
    .where(Encounter.contact_id == Contact.id, Encounter.deleted_at.is_(None))
    .correlate_except(Encounter),
    "replied": exists()
    .where(FollowUp.contact_id == Contact.id, FollowUp.reply == "replied", FollowUp.deleted_at.is_(None))
    .correlate_except(FollowUp),
    "introduced": Contact.introduced_by_id.is_not(None),
}


def _decided(known: dict[str, bool]) -> ColumnElement[str]:
    """default_warmth as SQL: a CASE per fact, each fact asked once on the way to the answer."""
    if len(known) == len(FACTS):
        return literal(default_warmth(**known))
    name = list(FACTS)[len(known)]
    return case((FACTS[name], _decided({**known, name: True})), else_=_decided({**known, name: False}))


#: The shown warmth: the user's choice, else the default from what they did.
SHOWN_WARMTH = func.coalesce(Contact.warmth, _decided({}))

Contact.shown_warmth = column_property(SHOWN_WARMTH)
CONTACTS.derived["warmth"] = SHOWN_WARMTH
