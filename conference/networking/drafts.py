"""Email drafts from what the user logged: follow-ups, mentor updates, and notes to speakers before a meeting.

Drafts use names, sessions, places and takeaways; never a contact's, encounter's or target's
private notes. The user edits and sends them from their own mail app: nothing leaves the server.
"""
from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

from flask_smorest import abort
from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import Row, or_, select
from sqlalchemy.orm import joinedload

from ..db.types import utcnow
from ..extensions import db
from ..schedule.models import Conference, Session, SessionSpeaker, Speaker
from ..sync import owned
from ..timeutil import add_months
from .followups import MENTOR_UPDATE_MONTHS
from .models import Encounter, FollowUp

_templates = Environment(
    loader=PackageLoader("conference.networking", "templates"),
    autoescape=False,  # plain-text email, not HTML
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the code: no stat() per draft
)

#: Degrees that make someone "Dr." in a greeting.
DOCTORATES = frozenset({"md", "do", "phd", "psyd", "mbbs", "mbchb", "drph", "edd", "dphil", "scd"})
#: Roles greeted formally whatever their listed degrees.
FORMAL_ROLES = frozenset({"faculty", "program_director"})

_HONORIFIC = re.compile(r"^(?:(dr|prof|professor|mr|mrs|ms|mx)\.?\s+)+", re.I)
_PARTICLES = frozenset({"de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "bin", "al", "el"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass
class Draft:
    """A subject, a body, and a mailto: link that opens both in the user's mail app."""

    subject: str
    body: str
    mailto: str


@dataclass
class PersonName:
    """A name split for greetings: "Dr. Maria de la Cruz, MD" -> first "Maria", last "de la Cruz"."""

    first: str
    last: str
    doctor: bool  #: written with "Dr." or a doctoral degree


def _is_doctorate(word: str) -> bool:
    """Whether a word is a doctoral degree as programs print them ("M.D.", "PhD")."""
    return word.replace(".", "").strip().lower() in DOCTORATES


def split_name(full_name: str) -> PersonName:
    """Split a name as typed on a phone into first and last name, noting a title or doctorate."""
    name, _, after_comma = full_name.strip().partition(",")
    honorific = _HONORIFIC.match(name)
    doctor = bool(honorific and honorific.group(1).lower() == "dr")
    words = _HONORIFIC.sub("", name).split()
    degrees = re.split(r"[\s,]+", after_comma)
    while len(words) > 1 and (_is_doctorate(words[-1]) or words[-1].rstrip(".").lower() in _SUFFIXES):
        degrees.append(words.pop())
    doctor = doctor or any(_is_doctorate(word) for word in degrees)
    if not words:
        return PersonName(full_name.strip(), full_name.strip(), doctor)
    last_start = len(words) - 1
    while last_start > 1 and words[last_start - 1].lower() in _PARTICLES:
        last_start -= 1
    return PersonName(words[0], " ".join(words[last_start:]), doctor)


@lru_cache(maxsize=4096)  # a batch of drafts greets each contact again for each follow-up
def greeting(name: str, *, formal: bool = False, credentials: str = "", unknown_formal: bool = False) -> str:
    """"Dear Dr. Rivera," for faculty and doctors, else "Dear Maria,"; `unknown_formal` uses the full name."""
    parts = split_name(name)
    if formal or parts.doctor or any(_is_doctorate(word) for word in re.split(r"[\s,]+", credentials)):
        return f"Dear Dr. {parts.last},"
    if unknown_formal:
        return f"Dear {_HONORIFIC.sub('', name.split(',')[0]).strip()},"
    return f"Dear {parts.first},"


def mailto(to: str | None, subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068) with the subject and body percent-encoded and CRLF line ends."""
    return mailtos([(to, subject, body)])[0]


def mailtos(messages: Sequence[tuple[str | None, str, str]]) -> list[str]:
    """The mailto: URLs of many (to, subject, body) messages, percent-encoded in one pass."""
    # RFC 6068: line ends in a body are CRLF.
    parts = percent_encode_all(
        [text for _, subject, body in messages for text in (subject, body.replace("\n", "\r\n"))]
    )
    addresses = {to: quote(to or "", safe="@") for to, _, _ in messages}
    return [
        f"mailto:{addresses[to]}?subject={parts[2 * n]}&body={parts[2 * n + 1]}"
        for n, (to, _, _) in enumerate(messages)
    ]


#: What RFC 3986 leaves unencoded anywhere in a URL.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def percent_encode_all(texts: Sequence[str]) -> list[str]:
    """Each text as `quote(text, safe="")` gives it, with one str.replace per distinct character over all of them.

    quote() takes a Python step per byte, which thousands of long drafts make the larger part of a feed.
    The texts are joined by a character none of them holds, which encoding leaves alone.
    """
    if not texts:
        return []
    chars = set().union(*texts)
    candidates = map(chr, itertools.chain(range(32), range(0xE000, 0x110000)))  # controls, then private use
    separator = next(char for char in candidates if char not in chars)
    joined = separator.join(texts)
    for char in sorted(chars - _UNRESERVED, key=lambda char: char != "%"):  # "%" first: the others add some
        joined = joined.replace(char, "".join(f"%{byte:02X}" for byte in char.encode()))
    return joined.split(separator)


def render(user, template: str, to: str | None, **context) -> Draft:
    """Render a template whose first line is "Subject: ..." into a draft."""
    subject, body = _text(user, template, context)
    return Draft(subject, body, mailto(to, subject, body))


def _text(user, template: str, context: dict) -> tuple[str, str]:
    """A template's subject and body."""
    text = _templates.get_template(template).render(user_name=user.name, user_email=user.email, **context)
    first_line, _, body = text.partition("\n")
    return first_line.removeprefix("Subject:").strip(), _BLANK_LINES.sub("\n\n", body).strip() + "\n"


_BLANK_LINES = re.compile(r"\n{3,}")
_LEADING_THE = re.compile(r"^the\s+", re.I)


def _sentence(text: str) -> str:
    """A line of the user's as a sentence: trimmed and ending in punctuation."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _day(user, moment: datetime) -> str:
    """ "March 3", in the user's zone."""
    local = moment.astimezone(user.tz)
    return f"{local:%B} {local.day}"


# Follow-ups.


@dataclass
class _Facts:
    """What the drafts of a set of follow-ups draw on, loaded in a fixed number of queries."""

    speakers: dict[int, Speaker]
    #: follow-up id -> the meeting it is about (a row of `_meetings_for`)
    meetings: dict[uuid.UUID, Row]
    #: (session id, speaker id) of the meetings' sessions the contacts spoke at
    spoke_at: set[tuple[int, int]]
    #: follow-up id -> what a mentor update tells
    updates: dict[uuid.UUID, dict]


def followup_draft(user, followup: FollowUp) -> Draft:
    """The email for a follow-up: where they met, the takeaway, one light ask fitting the action."""
    return followup_drafts(user, [followup])[followup.id]


def followup_drafts(user, followups: Sequence[FollowUp], now: datetime | None = None) -> dict[uuid.UUID, Draft]:
    """The emails for many follow-ups (records or the feed's rows, contacts attached), in a fixed number of queries.

    `now` bounds what a mentor update reports, so a caller can draft as of a moment it names.
    """
    facts = _load_facts(user, followups, now or utcnow())
    messages = [_followup_message(user, followup, facts) for followup in followups]
    links = mailtos(messages)
    return {
        followup.id: Draft(subject, body, link)
        for followup, (_, subject, body), link in zip(followups, messages, links, strict=True)
    }


def _load_facts(user, followups: Sequence[FollowUp], now: datetime) -> _Facts:
    """Load what the drafts of these follow-ups draw on."""
    plain = [followup for followup in followups if followup.action != "mentor_update"]
    speaker_ids = {followup.contact.speaker_id for followup in followups if followup.contact.speaker_id}
    speakers = db.session.scalars(select(Speaker).where(Speaker.id.in_(speaker_ids))).all() if speaker_ids else []
    meetings = _meetings_for(user, plain)
    return _Facts(
        speakers={speaker.id: speaker for speaker in speakers},
        meetings=meetings,
        spoke_at=_spoke_at(meetings.values(), speaker_ids),
        updates=_since_last_updates(user, [f for f in followups if f.action == "mentor_update"], now),
    )


def _followup_message(user, followup: FollowUp, facts: _Facts) -> tuple[str | None, str, str]:
    """One follow-up's email (to, subject, body) from the facts loaded for its batch."""
    contact = followup.contact
    salutation = _salutation(contact, facts)
    if followup.action == "mentor_update":
        return contact.email, *_text(user, "mentor_update.txt", dict(greeting=salutation, **facts.updates[followup.id]))
    context = dict(greeting=salutation, action=followup.action, **_meeting_facts(followup, facts))
    return contact.email, *_text(user, "followup.txt", context)


def _salutation(contact, facts: _Facts) -> str:
    """ "Dear Dr. Rivera," or "Dear Alex," from the contact's role and, for a speaker, their degrees."""
    speaker = facts.speakers.get(contact.speaker_id)
    return greeting(contact.name, formal=contact.role in FORMAL_ROLES, credentials=speaker.credentials if speaker else "")


def _meeting_facts(followup: FollowUp, facts: _Facts) -> dict:
    """Where and how the user met the contact: session (theirs or not), place, conference, takeaway."""
    encounter = facts.meetings.get(followup.id)
    session_id = encounter.session_id if encounter else None
    return {
        "session_title": (encounter.session_title or "") if session_id else "",
        "their_session": bool(session_id and (session_id, followup.contact.speaker_id) in facts.spoke_at),
        "place": _LEADING_THE.sub("", encounter.place) if encounter else "",
        "conference_name": (encounter.conference_name or "") if encounter else "",
        "takeaway": _sentence(encounter.takeaway) if encounter else "",
    }


# LinkedIn connection notes.

#: The longest note LinkedIn accepts with a connection request.
LINKEDIN_NOTE_MAX = 300


@dataclass
class LinkedInNote:
    """A connection note short enough for LinkedIn, and the contact's profile to open."""

    note: str
    linkedin_url: str | None


def linkedin_note(user, followup: FollowUp) -> LinkedInNote:
    """A connection note naming where the user met the contact, at most 300 characters.

    Detail is dropped from the least to the most needed (takeaway, session title, place) until
    the note fits; the conference or the place always stays, so the contact knows who writes.
    """
    facts = _load_facts(user, [followup], utcnow())
    hello = "Hi" + _salutation(followup.contact, facts).removeprefix("Dear")
    meeting = _meeting_facts(followup, facts)
    sign = f"I would be glad to stay in touch. {user.name}"
    notes = [
        " ".join(part for part in (hello, _where_we_met(**{**meeting, **drop}), keep, sign) if part)
        for drop, keep in (
            ({}, f"What stayed with me: {meeting['takeaway']}" if meeting["takeaway"] else ""),
            ({}, ""),
            ({"session_title": ""}, ""),
            ({"session_title": "", "place": ""}, ""),
        )
    ]
    fitting = next((note for note in notes if len(note) <= LINKEDIN_NOTE_MAX), None)
    if fitting is None:  # a very long conference name or user name: cut, and say so
        fitting = notes[-1][: LINKEDIN_NOTE_MAX - 1].rstrip() + "\u2026"
    return LinkedInNote(fitting, followup.contact.linkedin_url)


def _where_we_met(session_title: str, their_session: bool, place: str, conference_name: str, **_ignored) -> str:
    """ "it was a pleasure to meet you after your session \"X\" at the APA Annual Meeting" (follows the greeting)."""
    if their_session and session_title:
        where = f' after your session "{session_title}"'
    elif session_title:
        where = f' at "{session_title}"'
    elif place:
        where = f" at the {place}"
    else:
        where = ""
    if conference_name:
        where += f"{' during' if place and not session_title else ' at'} the {conference_name}"
    return f"it was a pleasure to meet you{where}."


def _meetings_for(user, followups: Sequence[FollowUp]) -> dict[uuid.UUID, Row]:
    """The meeting each follow-up is about: its own while not deleted, else the latest with its contact.

    Plain rows with what a draft reads (a batch may hold thousands): contact, session, place,
    conference name and takeaway.
    """
    if not followups:
        return {}
    encounters = db.session.execute(
        owned(Encounter, user)
        .with_only_columns(
            Encounter.id, Encounter.contact_id, Encounter.session_id, Encounter.place, Encounter.takeaway,
            Session.title.label("session_title"), Conference.name.label("conference_name"),
        )  # fmt: skip
        .outerjoin(Session, Session.id == Encounter.session_id)
        .outerjoin(Conference, Conference.id == Encounter.conference_id)
        .where(
            or_(
                Encounter.contact_id.in_({followup.contact_id for followup in followups}),
                Encounter.id.in_({followup.encounter_id for followup in followups if followup.encounter_id}),
            )
        )
        .order_by(Encounter.occurred_at, Encounter.id)
    ).all()
    by_id = {encounter.id: encounter for encounter in encounters}
    latest = {encounter.contact_id: encounter for encounter in encounters}  # in time order: the last one wins
    found = {followup.id: by_id.get(followup.encounter_id) or latest.get(followup.contact_id) for followup in followups}
    return {followup_id: encounter for followup_id, encounter in found.items() if encounter is not None}


def _spoke_at(meetings: Iterable[Row], speaker_ids: set[int]) -> set[tuple[int, int]]:
    """Which of these speakers spoke at which of the meetings' sessions (one query)."""
    session_ids = {encounter.session_id for encounter in meetings if encounter.session_id}
    if not session_ids or not speaker_ids:
        return set()
    rows = db.session.execute(
        select(SessionSpeaker.session_id, SessionSpeaker.speaker_id).where(
            SessionSpeaker.session_id.in_(session_ids), SessionSpeaker.speaker_id.in_(speaker_ids)
        )
    )
    return {(session_id, speaker_id) for session_id, speaker_id in rows}


def _since_last_updates(user, updates: Sequence[FollowUp], now: datetime) -> dict[uuid.UUID, dict]:
    """For each mentor update, what happened since the last one to its contact (else over one update's interval)."""
    if not updates:
        return {}
    sent = db.session.execute(
        owned(FollowUp, user)
        .with_only_columns(FollowUp.id, FollowUp.contact_id, FollowUp.done_at)
        .where(FollowUp.action == "mentor_update", FollowUp.status == "done")
        .where(FollowUp.contact_id.in_({update.contact_id for update in updates}))
    ).all()
    one_interval_ago = add_months(now, -MENTOR_UPDATE_MONTHS, user.tz)
    first_update = (one_interval_ago, _day(user, one_interval_ago))
    starts = {}
    for update in updates:
        previous = max(
            (done_at for sent_id, contact_id, done_at in sent if contact_id == update.contact_id and sent_id != update.id),
            default=None,
        )
        if previous is not None:
            starts[update.id] = (previous, f"my last update on {_day(user, previous)}")
        else:
            starts[update.id] = first_update
    earliest = min(since for since, _ in starts.values())
    encounters = db.session.scalars(
        owned(Encounter, user)
        .options(joinedload(Encounter.contact), joinedload(Encounter.session))
        .where(Encounter.occurred_at >= earliest, Encounter.occurred_at <= now)
        .order_by(Encounter.occurred_at)
    ).all()
    done = db.session.scalars(
        owned(FollowUp, user)
        .options(joinedload(FollowUp.contact))
        .where(FollowUp.status == "done", FollowUp.done_at >= earliest, FollowUp.done_at <= now)
        .order_by(FollowUp.done_at)
    ).all()
    return {
        update.id: _update_context(update, *starts[update.id], encounters, done) for update in updates
    }


def _update_context(update: FollowUp, since: datetime, since_text: str, encounters, done) -> dict:
    """The people, sessions, conferences and follow-ups a mentor update lists, from those loaded."""
    people: dict = {}
    sessions: dict = {}
    conferences: dict = {}
    for encounter in encounters:
        if encounter.occurred_at < since or encounter.contact_id == update.contact_id:
            continue
        person = encounter.contact
        people.setdefault(person.id, f"{person.name}, {person.institution}" if person.institution else person.name)
        if encounter.session is not None:
            sessions.setdefault(encounter.session.id, f'"{encounter.session.title}"')
        if encounter.conference is not None:
            conferences.setdefault(encounter.conference.id, encounter.conference.name)
    return {
        "since": since_text,
        "people": list(people.values()),
        "sessions": list(sessions.values()),
        "conference_names": list(conferences.values()),
        "done": [
            f"{item.contact.name}: {ACTION_WORDS[item.action]}"
            for item in done
            if item.done_at >= since and item.contact_id != update.contact_id
        ],
    }


#: How a done follow-up reads in a mentor update.
ACTION_WORDS = {
    "email": "a follow-up email",
    "linkedin": "connected on LinkedIn",
    "send_article": "sent the article we discussed",
    "thank_you": "a thank-you note",
    "mentor_update": "an update",
    "meeting": "a meeting",
    "other": "followed up",
}


# Notes to speakers before the meeting.


def outreach_draft(user, target) -> Draft:
    """A short note to a speaker or must-meet person asking for 10-15 minutes at the meeting.

    :raise 422: for program and session targets, which have nobody to write to.
    """
    if target.kind not in ("speaker", "person"):
        abort(422, message="Outreach drafts are for speaker and person targets.", errors={"kind": ["Not a person."]})
    speaker = target.speaker
    conference = target.conference or (speaker.conference if speaker else None)
    session = target.session or (_first_session(speaker) if speaker else None)
    when = ""
    if session is not None:
        local = session.starts_at.astimezone(session.conference.tz)
        when = f"{local:%A, %B} {local.day}"
    return render(
        user,
        "outreach.txt",
        None,
        greeting=greeting(
            speaker.name if speaker else target.name,
            credentials=speaker.credentials if speaker else "",
            unknown_formal=True,
        ),
        conference_name=conference.name if conference else "meeting",
        session_title=session.title if session else "",
        session_when=when,
        why=_sentence(target.why),
    )


def _first_session(speaker: Speaker) -> Session | None:
    """The speaker's first scheduled session at their conference."""
    return db.session.scalars(
        select(Session)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.speaker_id == speaker.id, Session.status == "scheduled")
        .order_by(Session.starts_at)
        .limit(1)
    ).first()
