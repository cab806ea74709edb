"""Contact details in and out: the user's own card, scanned and imported cards as contacts, and contacts as files."""

from __future__ import annotations

import uuid
from collections import defaultdict
from zoneinfo import ZoneInfo

from flask_smorest import abort
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import CARD_FIELDS, User
from ..extensions import db
from ..people.models import ROLE_LABELS, Contact, Encounter
from ..people.schemas import NOTES_MAX, ContactSchema
from ..schedule.models import Conference, Program, Speaker
from ..schedule.naming import normalize_institution, normalize_person, same_institution
from ..schedule.queries import get_conference
from ..sync.models import write_many
from ..sync.operations import get_owned_or_404, owned, retrying
from ..targets.models import Target
from .vcard import Card, CardError, read_card, read_vcards

#: The most cards one import reads: a phone's whole address book fits; a file meant to flood the database does not.
MAX_CARDS = 5_000
#: The largest .vcf file one import reads (photos included, though they are never kept).
MAX_IMPORT_BYTES = 5 * 1024 * 1024
#: Words in a card's TITLE that say which of our roles the person has, most specific first.
ROLE_WORDS = (
    ("program director", "program_director"),
    ("fellow", "fellow"),
    ("resident", "resident"),
    ("student", "student"),
    ("professor", "faculty"),
    ("faculty", "faculty"),
    ("attending", "faculty"),
)
_contact_schema = ContactSchema()


# The user's own card.


def own_card(user) -> Card:
    """The user's contact card: only the profile fields they chose to share, nothing else."""
    profile = {
        "name": user.name,
        "credentials": user.credentials,
        "pronouns": user.pronouns,
        "institution": user.institution,
        "email": user.email,
        "phone": user.phone,
        "linkedin_url": user.linkedin_url or "",
        "interest": user.interest,
    }
    shared = {name: profile[name] for name in CARD_FIELDS if name in user.card_fields}
    return Card(note=shared.pop("interest", ""), **shared)


# Cards becoming contacts.


def role_for_title(title: str) -> str:
    """Our role for a card's job title: one of our labels ("Peer"), else a telling word ("Associate Program
    Director" -> program_director); "other" when none fits."""
    lowered = title.strip().lower()
    named = {label.lower(): role for role, label in ROLE_LABELS.items()}
    return named.get(lowered) or next((role for words, role in ROLE_WORDS if words in lowered), "other")


def _contact_values(card: Card) -> dict:
    """The contact a card describes, as the contact form (and ContactSchema) takes it: the notes keep the card's
    NOTE and what no contact field holds (pronouns, and a phone or link a field would refuse, so no card is lost)."""
    values = {
        "name": card.name,
        "role": role_for_title(card.title),
        "institution": card.institution,
        "email": card.email or None,
        "linkedin_url": card.linkedin_url or None,
        "tags": card.categories,
    }
    extra = [f"Pronouns: {card.pronouns}"] if card.pronouns else []
    for name, label in (("phone", "Phone"), ("url", "Web")):
        value = getattr(card, name) or None
        if value and _contact_schema.validate({name: value}, partial=True):
            extra.append(f"{label}: {value}")
            value = None
        values[name] = value
    # Cut to what the notes field takes: a card's long NOTE is no reason to lose the person.
    values["notes"] = "\n".join(filter(None, [card.note, *extra]))[:NOTES_MAX]
    return values


class _Matcher:
    """Finds a user's contact by email, else by name and institution, among contacts loaded once."""

    def __init__(self, contacts):
        """Index the contacts by email and by normalized name."""
        self.by_email: dict[str, Contact] = {}
        self.by_name: dict[str, list[Contact]] = defaultdict(list)
        for contact in contacts:
            self.add(contact)

    def add(self, contact) -> None:
        """Let later cards match this contact too (a file that holds one person twice)."""
        if contact.email:
            self.by_email.setdefault(contact.email.lower(), contact)
        self.by_name[normalize_person(contact.name)].append(contact)

    def find(self, card: Card) -> tuple[Contact | None, str | None]:
        """The contact the card is, and how it was recognised ("email" or "name_and_institution")."""
        if card.email and (found := self.by_email.get(card.email.lower())) is not None:
            return found, "email"
        institution = normalize_institution(card.institution)
        for contact in self.by_name.get(normalize_person(card.name), []) if card.name else []:
            if same_institution(normalize_institution(contact.institution), institution):
                return contact, "name_and_institution"
        return None, None


def _matching_speaker(card: Card, conference: Conference | None) -> Speaker | None:
    """The speaker with the card's name and institution: at the named conference, else any (latest first)."""
    institution = normalize_institution(card.institution)
    if not card.name or not institution:
        return None
    query = select(Speaker).join(Speaker.conference).where(Speaker.normalized_name == normalize_person(card.name))
    if conference is not None:
        query = query.where(Speaker.conference_id == conference.id)
    for speaker in db.session.scalars(query.order_by(Conference.starts_on.desc(), Speaker.id)):
        if same_institution(normalize_institution(speaker.affiliation), institution):
            return speaker
    return None


def prefill(user, text: str, conference_slug: str | None) -> dict:
    """The contact a scanned code describes, unsaved, with the existing contact or speaker it matches.

    :raise 422: naming `text` when it is not a contact card, `conference` when there is no such conference.
    """
    try:
        card = read_card(text)
    except CardError as exc:
        abort(422, message=str(exc), errors={"text": [str(exc)]})
    conference = None
    if conference_slug:
        conference = get_conference(conference_slug)
        if conference is None:
            reason = f"No conference {conference_slug!r}."
            abort(422, message="Invalid input: conference.", errors={"conference": [reason]})
    contact, matched_by = _Matcher(db.session.scalars(owned(Contact, user)).all()).find(card)
    speaker = _matching_speaker(card, conference)
    values = {**_contact_values(card), "speaker_id": speaker.id if speaker else None}
    return {
        "contact": values,
        "card": card.as_dict(),
        "match": {"contact_id": contact.id if contact else None, "speaker_id": values["speaker_id"], "by": matched_by},
    }


def import_cards(user, data: bytes) -> dict:
    """Add the contacts of a .vcf file: one per card, matched rather than duplicated (email first, then name and
    institution); a card that cannot be a contact is skipped with a one-line reason.

    :raise 422: naming `file` when it is too large, not text, or not a vCard file (then nothing is added).
    """
    if len(data) > MAX_IMPORT_BYTES:
        _refuse_file(f"The file is {len(data) // 1024} KB; at most {MAX_IMPORT_BYTES // 1024 // 1024} MB per import.")
    try:
        cards = read_vcards(_text_of(data))
    except CardError as exc:
        _refuse_file(f"Not imported: {exc}")
    if len(cards) > MAX_CARDS:
        _refuse_file(f"The file holds {len(cards)} cards; at most {MAX_CARDS} per import. Split it into parts.")
    return retrying(lambda: _add_contacts(user, cards))


def _refuse_file(message: str) -> None:
    """:raise 422: naming the upload field."""
    abort(422, message=message, errors={"file": [message]})


def _text_of(data: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without a byte order mark), else the Windows code page old phones use."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _add_contacts(user, cards: list[Card]) -> dict:
    """Create the contacts of the cards no contact matches, in one flush; count and explain the rest."""
    # One import per user at a time (PostgreSQL row lock; SQLite's write lock, taken by the savepoint, does the
    # same): a second import of the same file, sent at once, then reads the contacts the first created.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    matcher = _Matcher(db.session.scalars(owned(Contact, user)).all())
    created, matched, skipped = [], 0, []
    for number, card in enumerate(cards, 1):
        who = f"Card {number}" + (f" ({card.name[:60]})" if card.name else "")
        if not card.name:
            skipped.append(f"{who}: no name (FN or N).")
            continue
        if matcher.find(card)[0] is not None:
            matched += 1
            continue
        try:
            values = _contact_schema.load(_contact_values(card))
        except ValidationError as exc:
            field, reasons = next(iter(exc.normalized_messages().items()))
            skipped.append(f"{who}: {field}: {_first(reasons)}")
            continue
        values["tags"] = list(dict.fromkeys(values.get("tags", [])))
        contact = Contact(id=uuid.uuid4(), owner_id=user.id, **values)
        matcher.add(contact)
        created.append(contact)
    _link_programs(user, created)
    db.session.add_all(created)
    db.session.flush()
    return {"created": len(created), "matched": matched, "skipped": len(skipped), "reasons": skipped}


def _first(reasons) -> str:
    """The first message of a marshmallow error value (a list, or a dict of them for list items)."""
    while isinstance(reasons, (list, dict)):
        reasons = next(iter(reasons.values())) if isinstance(reasons, dict) else reasons[0]
    return str(reasons)


def _link_programs(user, contacts: list[Contact]) -> None:
    """Link new contacts to the programs their institutions name (one query), and tell phones of the targets now met."""
    names = {normalize_institution(contact.institution) for contact in contacts} - {""}
    if not names:
        return
    programs = dict(
        db.session.execute(select(Program.normalized_name, Program.id).where(Program.normalized_name.in_(names))).all()
    )
    for contact in contacts:
        contact.program_id = programs.get(normalize_institution(contact.institution))
    linked = {contact.program_id for contact in contacts} - {None}
    if linked:
        targets = db.session.scalars(owned(Target, user).where(Target.program_id.in_(linked))).all()
        write_many(db.session, Target, [(target, {}) for target in targets])


# Contacts as files.


def contact_cards(user, *, with_notes: bool, contact_id: uuid.UUID | None = None) -> list[Card]:
    """The user's contacts (or one of them) as cards, each NOTE saying where and when they met and the takeaways.

    The private notes appear only when asked for. Two queries whatever the number of contacts.
    :raise 404: when `contact_id` is not one of the user's live contacts.
    """
    if contact_id is not None:
        contacts = [get_owned_or_404(Contact, user, contact_id)]
    else:
        contacts = db.session.scalars(owned(Contact, user).order_by(Contact.name, Contact.id)).all()
    met = _encounters_by_contact(user, [contact.id for contact in contacts] if contact_id else None)
    return [_card_of(user, contact, met.get(contact.id, []), with_notes) for contact in contacts]


def _encounters_by_contact(user, contact_ids) -> dict[uuid.UUID, list[Encounter]]:
    """The user's live encounters, with their sessions and conferences, grouped by contact in time order."""
    query = owned(Encounter, user).options(selectinload(Encounter.session)).order_by(Encounter.occurred_at)
    if contact_ids is not None:
        query = query.where(Encounter.contact_id.in_(contact_ids))
    grouped = defaultdict(list)
    for encounter in db.session.scalars(query):
        grouped[encounter.contact_id].append(encounter)
    return grouped


def _card_of(user, contact: Contact, encounters: list[Encounter], with_notes: bool) -> Card:
    """One contact as a card."""
    lines = [_met_line(user, encounter) for encounter in encounters]
    if with_notes and contact.notes:
        lines.append(f"Notes: {contact.notes}")
    return Card(
        name=contact.name,
        institution=contact.institution,
        email=contact.email or "",
        title=ROLE_LABELS[contact.role] if contact.role != "other" else "",
        linkedin_url=contact.linkedin_url or "",
        phone=contact.phone or "",
        url=contact.url or "",
        categories=list(contact.tags),
        note="\n".join(lines),
        uid=f"urn:uuid:{contact.id}",
    )


def _met_line(user, encounter: Encounter) -> str:
    """Where and when, in words that mean something outside this app: "Met 16 May 2027 14:00 at APA 2027, <session>"."""
    conference, session = encounter.conference, encounter.session
    zone = ZoneInfo(conference.timezone) if conference is not None else user.tz
    when = encounter.occurred_at.astimezone(zone).strftime("%d %b %Y %H:%M")
    shown_session = "" if session is None else f"{session.title} ({session.room})" if session.room else session.title
    where = [part for part in (conference.name if conference else "", shown_session, encounter.place) if part]
    line = f"Met {when}" + (f" at {', '.join(where)}" if where else "")
    return f"{line}: {encounter.takeaway}" if encounter.takeaway else line
