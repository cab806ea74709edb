"""Sessions as every endpoint shows them, serialized once per process and program version.

A session changes only when its program is imported (which bumps the conference's
program_version) or when its conference changes (its version: zone, name). Keyed by both,
a kept card is reused by every list, search and agenda until then and never served stale.
Cards are built from plain rows, field for field as SessionSchema dumps a session (a test
holds the two equal), because building them through the ORM and marshmallow costs a busy
search several times more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from ..db.pagecache import kept, process_cache
from ..db.types import one_of
from ..extensions import db
from ..web.pagination import PAGE_ARGS, paginate, paginate_ranked
from .freshness import program_state
from .models import Conference, Session, SessionSpeaker, Speaker
from .schemas import TalkSchema, localized_talks


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
    #: When the session or one of its speakers last changed (a calendar event's LAST-MODIFIED).
    changed_at: datetime


_SESSION_COLUMNS = (
    Session.id,
    Session.external_id,
    Session.code,
    Session.title,
    Session.abstract,
    Session.kind,
    Session.track,
    Session.room,
    Session.starts_at,
    Session.ends_at,
    Session.status,
    Session.version,
    Session.updated_at,
    Session.talks,
)
_APPEARANCE_COLUMNS = (
    SessionSpeaker.session_id,
    Speaker.id,
    Speaker.name,
    Speaker.credentials,
    Speaker.affiliation,
    Speaker.program_id,
    SessionSpeaker.role,
    Speaker.updated_at.label("speaker_updated_at"),
)


def _text(value) -> str | None:
    """A text field as marshmallow's String dumps it."""
    return None if value is None else str(value)


def _load(conference: Conference, ids: list[int]) -> list[SessionCard]:
    """Build the cards of these sessions in two queries."""
    zone, slug = conference.tz, conference.slug
    appearances = defaultdict(list)
    for row in db.session.execute(
        select(*_APPEARANCE_COLUMNS)
        .join(Speaker, SessionSpeaker.speaker_id == Speaker.id)
        .where(one_of(SessionSpeaker.session_id, ids))
        .order_by(SessionSpeaker.session_id, SessionSpeaker.position)
    ):
        appearances[row.session_id].append(row)
    cards = []
    sessions = select(*_SESSION_COLUMNS).where(Session.conference_id == conference.id, one_of(Session.id, ids))
    for row in db.session.execute(sessions):
        speakers = appearances[row.id]
        dump = {
            "id": row.id,
            "external_id": _text(row.external_id),
            "code": _text(row.code),
            "title": _text(row.title),
            "abstract": _text(row.abstract),
            "kind": _text(row.kind),
            "track": _text(row.track),
            "room": _text(row.room),
            "starts_at": row.starts_at.astimezone(zone).isoformat(),
            "ends_at": row.ends_at.astimezone(zone).isoformat(),
            "status": _text(row.status),
            "version": row.version,
            "updated_at": row.updated_at.isoformat(),
            "conference": slug,
            "speakers": [
                {
                    "id": a.id,
                    "name": _text(a.name),
                    "credentials": _text(a.credentials),
                    "affiliation": _text(a.affiliation),
                    "program_id": a.program_id,
                    "role": _text(a.role),
                }
                for a in speakers
            ],
            "talks": TalkSchema(many=True).dump(localized_talks(row.talks, zone)) if row.talks else [],
        }
        people = tuple(CardSpeaker(a.id, a.name, a.program_id) for a in speakers)
        changed_at = max([row.updated_at, *(a.speaker_updated_at for a in speakers)])
        cards.append(SessionCard(row.id, row.title, row.status, row.starts_at, row.ends_at, people, dump, changed_at))
    return cards


def session_cards(conference: Conference, ids: Iterable[int]) -> dict[int, SessionCard]:
    """The cards of these sessions of the conference, building (in two queries) only those this process lacks."""
    cache = process_cache("session_cards", "SESSION_CARD_CACHE_SIZE")
    version = program_state(conference)
    cards, missing = {}, []
    for session_id in ids:
        card = cache.get((version, session_id))
        if card is None:
            missing.append(session_id)
        else:
            cards[session_id] = card
    if missing:
        for card in _load(conference, missing):
            cards[card.id] = card
            cache.put((version, card.id), card)
    return cards


def serialized_page(conference: Conference, ids: Select, args: dict) -> dict:
    """One page of the sessions whose ids the query selects, serialized from their cards."""
    if args.get("q"):
        page = paginate_ranked(ids, args)
    else:  # every page of a list has the same total until the program changes
        filters = tuple(sorted((name, str(value)) for name, value in args.items() if name not in PAGE_ARGS))
        key = ("session count", program_state(conference), filters)
        page = paginate(ids, args, total=lambda count: kept(key, count))
    cards = session_cards(conference, page["items"])
    return {**page, "items": [cards[session_id].dump for session_id in page["items"] if session_id in cards]}
