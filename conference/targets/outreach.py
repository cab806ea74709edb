"""Notes to speakers and must-meet people before the meeting, asking for 10-15 minutes (texts in conference/messages).

A note uses the target's name, session and why; never the user's private note on the target.
"""

from __future__ import annotations

from flask_smorest import abort
from sqlalchemy import func, select

from ..db.types import utcnow
from ..extensions import db
from ..followups.models import FollowUp
from ..followups.outreach import recently_contacted_at
from ..messages.drafts import Draft, render, sentence, session_when
from ..messages.names import greeting
from ..people.models import Contact
from ..schedule.models import Session, SessionSpeaker, Speaker
from ..sync import owned
from .models import Target


def outreach_draft(user, target: Target) -> Draft:
    """A short note to a speaker or must-meet person asking for 10-15 minutes at the meeting.

    Addressed to the contact the user has for them, when it has an email, and saying when the user last
    wrote to that contact if within the last week, so the app can ask before writing again.
    :raise 422: for program and session targets, which have nobody to write to.
    """
    if target.kind not in ("speaker", "person"):
        abort(422, message="Outreach drafts are for speaker and person targets.", errors={"kind": ["Not a person."]})
    speaker = target.speaker
    conference = target.conference or (speaker.conference if speaker else None)
    session = target.session or (_first_session(speaker) if speaker else None)
    contacts = _contacts_for(target)
    email = db.session.scalar(
        owned(Contact, user)
        .with_only_columns(Contact.email)
        .where(contacts, Contact.email.is_not(None))
        .order_by(Contact.created_at)
        .limit(1)
    )
    draft = render(
        "outreach.txt",
        email,
        user_name=user.name,
        signature=user.signature,
        greeting=greeting(
            speaker.name if speaker else target.name,
            credentials=speaker.credentials if speaker else "",
            unknown_formal=True,
        ),
        conference_name=conference.name if conference else "meeting",
        session_title=session.title if session else "",
        session_when=session_when(session.starts_at, session.conference.tz) if session else "",
        why=sentence(target.why),
        introduction=sentence(user.introduction),
    )
    draft.recently_contacted_at = recently_contacted_at(
        user, FollowUp.contact_id.in_(owned(Contact, user).with_only_columns(Contact.id).where(contacts)), utcnow()
    )
    return draft


def _contacts_for(target: Target):
    """Which of the user's contacts a person or speaker target is: linked to its speaker, else of the same name."""
    if target.speaker_id is not None:
        return Contact.speaker_id == target.speaker_id
    return func.lower(Contact.name) == target.name.lower()


def _first_session(speaker: Speaker) -> Session | None:
    """The speaker's first scheduled session at their conference."""
    return db.session.scalars(
        select(Session)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.speaker_id == speaker.id, Session.status == "scheduled")
        .order_by(Session.starts_at)
        .limit(1)
    ).first()
