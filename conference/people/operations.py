"""Contacts and encounters as synced kinds: what a write stores, and what changes with it (see conference/sync)."""

from __future__ import annotations

from collections import defaultdict

from flask_smorest import abort
from sqlalchemy import select

from ..db.types import utcnow
from ..extensions import db
from ..schedule.models import Conference, Program, Session, Speaker
from ..schedule.naming import normalize_institution
from ..schedule.queries import conference_or_422, conference_slug
from ..schedule.signals import program_imported
from ..sync.models import write_many
from ..sync.operations import Kind, changed, owned, register, require_owned, require_row
from .models import Contact, Encounter
from .queries import met_among
from .schemas import ContactSchema, EncounterSchema
from .signals import contact_deleted, contact_introduced, met_changed

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
    columns["advisor_roles"] = list(dict.fromkeys(columns["advisor_roles"]))
    introducer = columns["introduced_by_id"]
    if introducer is not None and changed(stored, "introduced_by_id", introducer):
        # On creation the contact is not stored yet, so naming itself fails as an unknown contact below.
        if stored is not None and introducer == stored.id:
            abort(
                422,
                message="Invalid input: introduced_by_id.",
                errors={"introduced_by_id": ["A contact cannot introduce itself."]},
            )
        require_owned(user, Contact, introducer, "introduced_by_id")
    columns["program_id"] = program_for(columns["institution"])
    if stored is not None and stored.warmth is None and columns["warmth"] == getattr(stored, "shown_warmth", None):
        columns["warmth"] = None  # the default sent back as shown stays the default, and follows what the user does
    return columns


def _tombstone_contact_records(user, contact: Contact) -> None:
    """Delete a contact's encounters with it, each as its own tombstone; features above delete theirs on the signal."""
    for record in db.session.scalars(owned(Encounter, user).where(Encounter.contact_id == contact.id)):
        record.deleted_at = contact.deleted_at
        record.touch()
    contact_deleted.send(user, contact=contact)
    _tell_met_changes(user, contact, {"speaker_id": contact.speaker_id, "program_id": contact.program_id})


def _after_contact_change(user, contact: Contact, before: dict | None) -> None:
    """Tell features above of a new introduction, and of speakers and programs now met or no longer."""
    if contact.introduced_by_id is not None and (
        before is None or before["introduced_by_id"] != contact.introduced_by_id
    ):
        contact_introduced.send(user, contact=contact)
    _tell_met_changes(user, contact, before)


def _tell_met_changes(user, contact: Contact, before: dict | None) -> None:
    """Signal the speakers and programs whose being met by the user this contact's change flipped."""
    now = (None, None) if contact.deleted_at else (contact.speaker_id, contact.program_id)
    was = (None, None) if before is None else (before["speaker_id"], before["program_id"])
    speakers, programs = ({old, new} - {None} if old != new else set() for old, new in zip(was, now, strict=False))
    if not speakers and not programs:
        return
    # An id another contact still (or already) links does not change whether it is met.
    kept_speakers, kept_programs = met_among(user, speakers, programs, excluding=contact.id)
    met_changed.send(
        user,
        speakers={(user.id, speaker) for speaker in speakers - kept_speakers},
        programs={(user.id, program) for program in programs - kept_programs},
    )


CONTACTS = register(
    Kind(
        name="contacts",
        model=Contact,
        schema=ContactSchema(),
        defaults={
            "name": "",
            "role": "other",
            "institution": "",
            "speaker_id": None,
            "email": None,
            "linkedin_url": None,
            "phone": None,
            "url": None,
            "tie_strength": "expanded",
            "warmth": None,
            "tags": [],
            "notes": "",
            "advisor_roles": [],
            "introduced_by_id": None,
            "update_every_months": None,
        },
        prepare=_prepare_contact,
        after_change=_after_contact_change,
        on_delete=_tombstone_contact_records,
        # The shown "warmth" reads replies to follow-ups: conference/followups/warmth.py adds it.
        derived={"warmth_is_default": Contact.warmth.is_(None)},
    )
)


@program_imported.connect
def link_contacts_to_programs(conference: Conference, **_) -> int:
    """Link every user's unlinked contacts whose institution names a program, as an import may just have created it.

    Three queries and one write whatever the number of contacts: the distinct institutions typed on
    unlinked contacts, the programs they name and the contacts to link; features above hear of the links.
    """
    unlinked = (Contact.program_id.is_(None), Contact.institution != "", Contact.deleted_at.is_(None))
    typed = db.session.scalars(select(Contact.institution).where(*unlinked).distinct()).all()
    by_name = defaultdict(list)
    for institution in typed:
        by_name[normalize_institution(institution)].append(institution)
    programs = dict(
        db.session.execute(
            select(Program.normalized_name, Program.id).where(Program.normalized_name.in_(set(by_name) - {""}))
        ).all()
    )
    program_of = {institution: programs[name] for name in programs for institution in by_name[name]}
    if not program_of:
        return 0
    contacts = db.session.scalars(select(Contact).where(*unlinked, Contact.institution.in_(program_of))).all()
    links = [(contact, {"program_id": program_of[contact.institution]}) for contact in contacts]
    write_many(db.session, Contact, links)
    met_changed.send(None, speakers=set(), programs={(contact.owner_id, contact.program_id) for contact in contacts})
    return len(contacts)


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
        named = conference_or_422(sent["conference"])
        columns["conference_id"] = named.id
    elif "conference" in sent:
        columns["conference_id"] = None
    if columns["session_id"] is not None:
        session = require_row(Session, columns["session_id"], "session_id")
        if named is not None and named.id != session.conference_id:
            abort(422, message="Invalid input: conference.", errors={"conference": ["Not the session's conference."]})
        columns["conference_id"] = session.conference_id
    return columns


ENCOUNTERS = register(
    Kind(
        name="encounters",
        model=Encounter,
        schema=EncounterSchema(),
        defaults={
            "contact_id": None,
            "occurred_at": None,
            "session_id": None,
            "place": "",
            "conference_id": None,
            "kind": "introduced",
            "takeaway": "",
            "notes": "",
        },
        prepare=_prepare_encounter,
        derived={"conference": conference_slug(Encounter.conference_id)},
    )
)
