"""Email drafts and LinkedIn notes for follow-ups, from what the user logged (texts in conference/messages).

Drafts use names, sessions, places and takeaways; never a contact's or encounter's private
notes. The user edits and sends them from their own mail app: nothing leaves the server.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import joinedload

from ..db.types import utcnow
from ..extensions import db
from ..messages.drafts import Draft, place_name, sentence, session_when, text
from ..messages.mailto import mailtos
from ..messages.names import greeting
from ..messages.notes import LinkedInNote, connection_note
from ..people.models import MENTOR_UPDATE_MONTHS, Encounter
from ..schedule.models import Conference, Session, SessionSpeaker, Speaker
from ..sync import owned
from ..timeutil import add_months
from .introductions import FORMAL_ROLES, introducers, thanked_for
from .models import FollowUp
from .signals import followups_drafted, mentor_update_drafted


def day_text(user, moment: datetime) -> str:
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
    #: speaker id -> their next scheduled session, for writing to a speaker the user has not met
    next_sessions: dict[int, Session]
    #: contact id -> how to name who introduced the user to them
    introducers: dict[uuid.UUID, str]
    #: thank-you follow-up id -> how to name the person its contact introduced the user to
    thanked_for: dict[uuid.UUID, str]
    #: what the templates sign with, and the user's introduction: read once a batch, not once a draft
    sender: dict[str, str]
    introduction: str


def followup_draft(user, followup: FollowUp) -> Draft:
    """The email for a follow-up: where they met, the takeaway, one light ask fitting the action."""
    return followup_drafts(user, [followup])[followup.id]


def followup_drafts(user, followups: Sequence[FollowUp], now: datetime | None = None) -> dict[uuid.UUID, Draft]:
    """The emails for many follow-ups (records or the feed's rows, contacts attached), in a fixed number of queries.

    `now` bounds what a mentor update reports, so a caller can draft as of a moment it names.
    """
    now = now or utcnow()
    own: dict[uuid.UUID, tuple[str, dict]] = {}
    for _, proposed in followups_drafted.send(user, followups=followups, now=now):
        own.update(proposed)
    facts = _load_facts(user, followups, now, skip=own.keys())
    messages = [
        _own_message(followup, facts, *own[followup.id]) if followup.id in own else _followup_message(followup, facts)
        for followup in followups
    ]
    links = mailtos(messages)
    return {
        followup.id: Draft(subject, body, link)
        for followup, (_, subject, body), link in zip(followups, messages, links, strict=True)
    }


def _load_facts(user, followups: Sequence[FollowUp], now: datetime, skip=frozenset()) -> _Facts:
    """Load what the drafts of these follow-ups draw on (of those in `skip`, only the speakers, for greetings)."""
    plain = [followup for followup in followups if followup.action != "mentor_update" and followup.id not in skip]
    speaker_ids = {followup.contact.speaker_id for followup in followups if followup.contact.speaker_id}
    speakers = db.session.scalars(select(Speaker).where(Speaker.id.in_(speaker_ids))).all() if speaker_ids else []
    meetings = _meetings_for(user, plain)
    unmet = {f.contact.speaker_id for f in plain if f.id not in meetings and f.contact.speaker_id}
    return _Facts(
        speakers={speaker.id: speaker for speaker in speakers},
        meetings=meetings,
        spoke_at=_spoke_at(meetings.values(), speaker_ids),
        updates=_since_last_updates(
            user, [f for f in followups if f.action == "mentor_update" and f.id not in skip], now
        ),
        next_sessions=_next_sessions(unmet, now),
        introducers=introducers(user, plain),
        thanked_for=thanked_for(user, plain),
        sender=_sender(user),
        introduction=sentence(user.introduction),
    )


def _followup_message(followup: FollowUp, facts: _Facts) -> tuple[str | None, str, str]:
    """One follow-up's email (to, subject, body) from the facts loaded for its batch."""
    contact = followup.contact
    salutation = _salutation(contact, facts)
    if followup.action == "mentor_update":
        return contact.email, *text(
            "mentor_update.txt", **facts.sender, greeting=salutation, **facts.updates[followup.id]
        )
    context = dict(
        greeting=salutation,
        action=followup.action,
        introduction=facts.introduction,
        introducer=facts.introducers.get(contact.id, ""),
        thanked_for=facts.thanked_for.get(followup.id, ""),
        **_meeting_facts(followup, facts),
        **_their_next_session(contact, facts),
    )
    return contact.email, *text("followup.txt", **facts.sender, **context)


def _own_message(followup: FollowUp, facts: _Facts, template: str, context: dict) -> tuple[str | None, str, str]:
    """The email of a follow-up a feature above drafts: its template and facts, greeted and signed like the others."""
    contact = followup.contact
    return contact.email, *text(template, **facts.sender, greeting=_salutation(contact, facts), **context)


def _sender(user) -> dict:
    """What the templates sign with."""
    return {"user_name": user.name, "signature": user.signature}


def _salutation(contact, facts: _Facts) -> str:
    """ "Dear Dr. Rivera," or "Dear Alex," from the contact's role and, for a speaker, their degrees."""
    speaker = facts.speakers.get(contact.speaker_id)
    return greeting(
        contact.name, formal=contact.role in FORMAL_ROLES, credentials=speaker.credentials if speaker else ""
    )


def _meeting_facts(followup: FollowUp, facts: _Facts) -> dict:
    """Where and how the user met the contact: session (theirs or not), place, conference, takeaway."""
    encounter = facts.meetings.get(followup.id)
    session_id = encounter.session_id if encounter else None
    return {
        "met": encounter is not None or followup.action == "mentor_update",  # a mentor is known, logged or not
        "session_title": (encounter.session_title or "") if session_id else "",
        "their_session": bool(session_id and (session_id, followup.contact.speaker_id) in facts.spoke_at),
        "place": place_name(encounter.place) if encounter else "",
        "conference_name": (encounter.conference_name or "") if encounter else "",
        "takeaway": sentence(encounter.takeaway) if encounter else "",
    }


def _their_next_session(contact, facts: _Facts) -> dict:
    """The unmet speaker's coming session the user can say they will attend; none once it has passed."""
    session = facts.next_sessions.get(contact.speaker_id)
    if session is None:
        return {"next_session_title": "", "next_session_when": ""}
    return {
        "next_session_title": session.title,
        "next_session_when": session_when(session.starts_at, session.conference.tz),
    }


def _next_sessions(speaker_ids: set[int], now: datetime) -> dict[int, Session]:
    """Each speaker's first scheduled session still to come (one query)."""
    if not speaker_ids:
        return {}
    rows = db.session.execute(
        select(SessionSpeaker.speaker_id, Session)
        .join(Session, Session.id == SessionSpeaker.session_id)
        .options(joinedload(Session.conference))
        .where(SessionSpeaker.speaker_id.in_(speaker_ids), Session.status == "scheduled", Session.starts_at > now)
        .order_by(Session.starts_at.desc(), Session.id.desc())
    ).all()
    return dict(rows)  # latest first: the earliest wins


# LinkedIn connection notes.


def linkedin_note(user, followup: FollowUp) -> LinkedInNote:
    """A connection note naming where the user met the contact, at most 300 characters."""
    facts = _load_facts(user, [followup], utcnow())
    hello = "Hi" + _salutation(followup.contact, facts).removeprefix("Dear")
    return LinkedInNote(
        connection_note(hello, _meeting_facts(followup, facts), user.name), followup.contact.linkedin_url
    )


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
            Encounter.id,
            Encounter.contact_id,
            Encounter.session_id,
            Encounter.place,
            Encounter.takeaway,
            Session.title.label("session_title"),
            Conference.name.label("conference_name"),
        )
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
    sent: dict[uuid.UUID, list[tuple[uuid.UUID, datetime]]] = {}  # by contact: each update once, not once an update
    for sent_id, contact_id, done_at in db.session.execute(
        owned(FollowUp, user)
        .with_only_columns(FollowUp.id, FollowUp.contact_id, FollowUp.done_at)
        .where(FollowUp.action == "mentor_update", FollowUp.status == "done")
        .where(FollowUp.contact_id.in_({update.contact_id for update in updates}))
    ):
        sent.setdefault(contact_id, []).append((sent_id, done_at))
    tz = user.tz
    one_interval_ago = add_months(now, -MENTOR_UPDATE_MONTHS, tz)
    first_update = (one_interval_ago, day_text(user, one_interval_ago))
    starts = {}
    for update in updates:
        previous = max(
            (done_at for sent_id, done_at in sent.get(update.contact_id, ()) if sent_id != update.id), default=None
        )
        if previous is not None:
            starts[update.id] = (previous, f"my last update on {day_text(user, previous)}")
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
    # Features above (milestones) answer with (day, line) pairs for the days since the earliest start.
    achieved = sorted(
        item
        for _, items in mentor_update_drafted.send(
            user, since=earliest.astimezone(tz).date(), until=now.astimezone(tz).date()
        )
        for item in items
    )
    first_days = {update.id: starts[update.id][0].astimezone(tz).date() for update in updates}
    return {
        update.id: {
            **_update_context(update, *starts[update.id], encounters, done),
            "milestones": [line for day, line in achieved if day >= first_days[update.id]],
        }
        for update in updates
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
