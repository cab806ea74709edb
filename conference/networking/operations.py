"""Contacts and encounters as synced kinds: what a write stores, and what changes with it (see conference/sync)."""
from __future__ import annotations

from collections import defaultdict

from flask_smorest import abort
from sqlalchemy import or_, select

from ..db.types import utcnow
from ..extensions import db
from ..schedule.models import Conference, Program, Session, Speaker
from ..schedule.naming import normalize_institution
from ..schedule.operations import get_conference
from ..schedule.signals import program_imported
from ..sync.models import write_many
from ..sync.operations import Kind, changed, owned, register, require_owned, require_row
from ..targets.models import Target
from .models import Contact, Encounter, FollowUp
from .queries import conference_slug, met_among
from .schemas import ContactSchema, EncounterSchema


def require_conference(slug: str, field_name: str = "conference") -> Conference:
    """The conference with this slug.

    :raise 422: naming the field when there is none.
    """
    conference = get_conference(slug)
    if conference is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: [f"No conference {slug!r}."]})
    return conference


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
    columns["program_id"] = program_for(columns["institution"])
    return columns


def _tombstone_contact_records(user, contact: Contact) -> None:
    """Delete a contact's encounters and follow-ups with it, each as its own tombstone."""
    for model in (Encounter, FollowUp):
        for record in db.session.scalars(owned(model, user).where(model.contact_id == contact.id)):
            record.deleted_at = contact.deleted_at
            record.touch()
    _touch_targets_met(user, contact, {"speaker_id": contact.speaker_id, "program_id": contact.program_id})


def _touch_targets_met(user, contact: Contact, before: dict | None) -> None:
    """Give a new version to the user's targets whose `met` this contact's change flipped, so phones hear of it."""
    now = (None, None) if contact.deleted_at else (contact.speaker_id, contact.program_id)
    was = (None, None) if before is None else (before["speaker_id"], before["program_id"])
    speakers, programs = ({old, new} - {None} if old != new else set() for old, new in zip(was, now))
    if not speakers and not programs:
        return
    # An id another contact still (or already) links does not change whether the target is met.
    kept_speakers, kept_programs = met_among(user, speakers, programs, excluding=contact.id)
    _touch_targets(
        owned(Target, user).where(
            or_(Target.speaker_id.in_(speakers - kept_speakers), Target.program_id.in_(programs - kept_programs))
        )
    )


def _touch_targets(query) -> None:
    """Bump the version (and change number) of the targets a query selects, through the ORM."""
    for target in db.session.scalars(query):
        target.touch()
    db.session.flush()


CONTACTS = register(
    Kind(
        name="contacts",
        model=Contact,
        schema=ContactSchema(),
        defaults={
            "name": "", "role": "other", "institution": "", "speaker_id": None, "email": None,
            "linkedin_url": None, "tie_strength": "expanded", "tags": [], "notes": "",
        },  # fmt: skip
        prepare=_prepare_contact,
        after_change=_touch_targets_met,
        on_delete=_tombstone_contact_records,
    )
)


@program_imported.connect
def link_contacts_to_programs(conference: Conference, **_) -> int:
    """Link every user's unlinked contacts whose institution names a program, as an import may just have created it.

    Four queries and one flush whatever the number of contacts: the distinct institutions typed on
    unlinked contacts, the programs they name, the contacts to link, and their owners' targets of those programs.
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
    pairs = {(contact.owner_id, contact.program_id) for contact in contacts}
    # The owners' targets of these programs are met now: one query, the pairs picked here.
    targets = db.session.scalars(
        select(Target).where(
            Target.owner_id.in_({owner for owner, _ in pairs}),
            Target.program_id.in_({program for _, program in pairs}),
            Target.deleted_at.is_(None),
        )
    )
    met = [(target, {}) for target in targets if (target.owner_id, target.program_id) in pairs]
    write_many(db.session, Target, met)
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
        named = require_conference(sent["conference"])
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
            "contact_id": None, "occurred_at": None, "session_id": None, "place": "", "conference_id": None,
            "kind": "introduced", "takeaway": "", "notes": "",
        },  # fmt: skip
        prepare=_prepare_encounter,
        derived={"conference": conference_slug(Encounter.conference_id)},
    )
)
