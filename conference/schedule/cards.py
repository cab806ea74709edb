"""Sessions as every endpoint shows them, serialized once per process and program version.

A session changes only when its program is imported (which bumps the conference's
program_version) or when its conference changes (its version: zone, name). Keyed by both,
a kept card is reused by every user's agenda until then and never served stale.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from ..extensions import db
from ..pagecache import process_cache
from ..pagination import paginate
from .models import Conference, Session
from .queries import session_loading
from .schemas import SessionSchema


@dataclass(frozen=True)
class CardSpeaker:
    """A speaker of the session, as agendas match targets to it."""

    id: int
    name: str
    program_id: int | None


@dataclass(frozen=True)
class SessionCard:
    """What an agenda needs of a session, with its serialized form (shared: never modify `dump`)."""

    id: int
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime
    speakers: tuple[CardSpeaker, ...]
    dump: dict


def _card(session: Session, dump: dict) -> SessionCard:
    """The card of a loaded session and its serialized form."""
    speakers = tuple(CardSpeaker(a.speaker.id, a.speaker.name, a.speaker.program_id) for a in session.appearances)
    return SessionCard(session.id, session.title, session.status, session.starts_at, session.ends_at, speakers, dump)


def session_cards(conference: Conference, ids: Iterable[int]) -> dict[int, SessionCard]:
    """The cards of these sessions of the conference, loading (in one query set) only those this process lacks."""
    cache = process_cache("session_cards", "SESSION_CARD_CACHE_SIZE")
    version = (conference.id, conference.version, conference.program_version)
    cards, missing = {}, []
    for session_id in ids:
        card = cache.get((version, session_id))
        if card is None:
            missing.append(session_id)
        else:
            cards[session_id] = card
    if missing:
        query = select(Session).where(Session.conference_id == conference.id, Session.id.in_(missing))
        sessions = db.session.scalars(query.options(*session_loading())).unique().all()
        for session, dump in zip(sessions, SessionSchema(many=True).dump(sessions)):
            cards[session.id] = card = _card(session, dump)
            cache.put((version, session.id), card)
    return cards


def serialized_page(conference: Conference, ids: Select, args: dict) -> dict:
    """One page of the sessions whose ids the query selects, serialized from their cards."""
    page = paginate(ids, args)
    cards = session_cards(conference, page["items"])
    return {**page, "items": [cards[session_id].dump for session_id in page["items"] if session_id in cards]}
