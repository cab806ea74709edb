"""Read queries for the program, loading related rows in set-based queries (no N+1)."""

from __future__ import annotations

from flask_smorest import abort
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..db.textsearch import contains
from ..extensions import db
from ..timeutil import day_bounds
from . import search
from .models import Conference, Program, Session, SessionSpeaker, Speaker


def get_conference(slug: str) -> Conference | None:
    """The conference with this slug, if any."""
    return db.session.scalars(select(Conference).where(Conference.slug == slug)).one_or_none()


def conference_or_404(slug: str) -> Conference:
    """The conference a URL names.

    :raise 404: when there is none.
    """
    conference = get_conference(slug)
    if conference is None:
        abort(404, message=f"Conference {slug!r} not found.")
    return conference


def conference_or_422(slug: str, field_name: str = "conference") -> Conference:
    """The conference a request body names.

    :raise 422: naming the field when there is none.
    """
    conference = get_conference(slug)
    if conference is None:
        abort(422, message=f"Invalid input: {field_name}.", errors={field_name: [f"No conference {slug!r}."]})
    return conference


def session_loading() -> tuple:
    """Loader options that bring a session's conference and speakers in a fixed number of queries."""
    return (
        joinedload(Session.conference),
        selectinload(Session.appearances).joinedload(SessionSpeaker.speaker),
    )


def sessions_query(conference: Conference, args: dict) -> Select:
    """Ids of a conference's sessions, filtered as the sessions endpoint allows, by start time (by relevance with `q`)."""
    filters = []
    if "day" in args:
        start, end = day_bounds(args["day"], conference.tz)
        filters += [Session.starts_at >= start, Session.starts_at < end]
    for name in ("track", "kind", "status"):
        if args.get(name):
            filters.append(getattr(Session, name) == args[name])
    if "since" in args:
        filters.append(Session.updated_at > args["since"])
    if "speaker" in args:
        filters.append(Session.appearances.any(SessionSpeaker.speaker_id == args["speaker"]))
    if "program" in args:
        filters.append(Session.appearances.any(SessionSpeaker.speaker.has(Speaker.program_id == args["program"])))
    if not args.get("q"):
        query = select(Session.id).where(Session.conference_id == conference.id, *filters)
        return query.order_by(Session.starts_at, Session.id)
    found = search.matches(args["q"], conference.id).subquery()
    query = select(found.c.session_id)
    if filters:  # a search alone needs nothing but the index
        query = query.join(Session, Session.id == found.c.session_id).where(*filters)
    return query.order_by(found.c.rank, found.c.starts_at, found.c.session_id)


def speakers_query(conference: Conference, q: str | None, program_id: int | None = None) -> Select:
    """A conference's speakers by name, optionally matching a name or affiliation, or of one program."""
    query = (
        select(Speaker)
        .options(joinedload(Speaker.conference))
        .where(Speaker.conference_id == conference.id)
        .order_by(Speaker.name, Speaker.id)
    )
    if q:
        query = query.where(contains(q, Speaker.name, Speaker.affiliation))
    if program_id is not None:
        query = query.where(Speaker.program_id == program_id)
    return query


def speaker_detail_query(speaker_id: int) -> Select:
    """One speaker with every session they appear in."""
    return (
        select(Speaker)
        .options(
            joinedload(Speaker.conference),
            selectinload(Speaker.appearances).joinedload(SessionSpeaker.session).joinedload(Session.conference),
        )
        .where(Speaker.id == speaker_id)
    )


def programs_query(q: str | None) -> Select:
    """Programs by name (their speakers are listed per conference, by the speakers endpoint)."""
    query = select(Program).order_by(Program.name, Program.id)
    if q:
        query = query.where(contains(q, Program.name))
    return query


def conference_slug(conference_id) -> ColumnElement[str]:
    """SQL giving the slug of the conference a column names (NULL for none), read with each row."""
    return select(Conference.slug).where(Conference.id == conference_id).scalar_subquery()
