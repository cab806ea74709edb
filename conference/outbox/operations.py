"""Queuing a message in the caller's transaction, so it is kept exactly when the caller's work is."""

from __future__ import annotations

from email.utils import make_msgid, parseaddr

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..db.types import utcnow
from ..extensions import db
from .models import OutboxMessage

#: The dialects whose INSERT ... ON CONFLICT the outbox uses.
_UPSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def one_line(text: str) -> str:
    """A header value on one line: whitespace (line breaks included) collapsed, so nothing is injected."""
    return " ".join(text.split())


def queue(
    user, *, kind: str, conference=None, subject: str, text: str, html: str, headers=None
) -> tuple[OutboxMessage, bool]:
    """Put a message for `user` in the outbox; returns (message, queued).

    Queuing the same kind again for the same user and conference keeps one message: one not
    yet sent gets the new content (queued is True); one being sent, sent or failed stays as it
    is (queued is False). Flushes; the caller commits.
    """
    table = OutboxMessage.__table__
    now = utcnow()
    content = {
        "to_address": user.email,
        "to_name": one_line(user.name),
        "subject": one_line(subject)[:300],
        "text_body": text,
        "html_body": html,
        "headers": {name: one_line(value) for name, value in (headers or {}).items()},
        "updated_at": now,
    }
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    insert = _UPSERT[db.session.connection().dialect.name](table).values(
        owner_id=user.id,
        conference_id=conference.id if conference is not None else None,
        kind=kind,
        message_id=make_msgid(domain=domain),
        status="queued",
        attempts=0,
        last_error="",
        next_attempt_at=now,
        created_at=now,
        **content,
    )
    upsert = insert.on_conflict_do_update(
        index_elements=[table.c.owner_id, table.c.conference_id, table.c.kind],
        set_=content,
        where=table.c.status == "queued",
    ).returning(table.c.id)
    queued = db.session.execute(upsert).scalar() is not None
    message = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.owner_id == user.id, OutboxMessage.kind == kind)
        .where(OutboxMessage.conference_id.is_not_distinct_from(conference.id if conference is not None else None))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    ).one()
    return message, queued
