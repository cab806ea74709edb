"""Notes to speakers and must-meet people before the meeting, asking for 10-15 minutes (texts in conference/messages).

A note uses the target's name, session and why; never the user's private note on the target.
"""

from __future__ import annotations

from flask_smorest import abort
from sqlalchemy import select

from ..extensions import db
from ..messages.drafts import Draft, render, sentence, session_when
from ..messages.names import greeting
from ..schedule.models import Session, SessionSpeaker, Speaker
from .models import Target


def outreach_draft(user, target: Target) -> Draft:
    """A short note to a speaker or must-meet person asking for 10-15 minutes at the meeting.

    :raise 422: for program and session targets, which have nobody to write to.
    """
    if target.kind not in ("speaker", "person"):
        abort(422, message="Outreach drafts are for speaker and person targets.", errors={"kind": ["Not a person."]})
    speaker = target.speaker
    conference = target.conference or (speaker.conference if speaker else None)
    session = target.session or (_first_session(speaker) if speaker else None)
    return render(
        "outreach.txt",
        None,
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


def _first_session(speaker: Speaker) -> Session | None:
    """The speaker's first scheduled session at their conference."""
    return db.session.scalars(
        select(Session)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.speaker_id == speaker.id, Session.status == "scheduled")
        .order_by(Session.starts_at)
        .limit(1)
    ).first()
