"""Draining the outbox over SMTP: one connection for many messages, retries with backoff, at least once.

A sender claims one due message at a time with an atomic UPDATE (on PostgreSQL its candidate
row is picked with FOR UPDATE SKIP LOCKED, so several senders take different messages without
waiting on each other; SQLite runs one writer at a time), commits the claim, talks to the
server outside any transaction, and commits the outcome. A claim that never got an outcome
(the sender was killed mid-delivery) may or may not have reached the server: once its lease has
run out it is sent again with the same Message-ID, since a summary lost is worse than one that
arrives twice and receivers drop a repeated Message-ID.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from flask import current_app
from sqlalchemy import select, update

from ..db.types import utcnow
from ..extensions import db
from .models import STATUSES, OutboxMessage

#: An email address as an SMTP reply may quote it ("550 5.1.1 <someone@example.org>: no such user").
ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")
#: The longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=6)


class ConnectionLost(Exception):
    """The server could not be reached or dropped the connection: no message can go now."""


@dataclass
class Report:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    #: One line per message given up on or put back, and why.
    problems: list[str] = field(default_factory=list)


class Mailer:
    """One SMTP connection, opened on first use and reused for every message after it."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        """Connect, secure and log in as configured."""
        config = self.config
        host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
        if config["MAIL_USE_SSL"]:
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        return smtp

    def send(self, message: EmailMessage, envelope_from: str, recipient: str) -> None:
        """Hand one message to the server.

        :raise ConnectionLost: when the server is unreachable, drops us, or refuses our login.
        :raise smtplib.SMTPResponseException: when the server refuses this message.
        """
        try:
            if self.smtp is None:
                self.smtp = self._connect()
            self.smtp.send_message(message, from_addr=envelope_from, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as refused:
            code, reason = next(iter(refused.recipients.values()))
            raise smtplib.SMTPResponseException(code, reason) from None
        except (smtplib.SMTPResponseException, smtplib.SMTPNotSupportedError) as error:
            if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code not in (421, 530, 535, 534, 538):
                raise  # about this message; the connection stays usable (smtplib reset it)
            self.close()
            raise ConnectionLost(_describe(error)) from None
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise ConnectionLost(_describe(error)) from None

    def close(self) -> None:
        """Say goodbye when the server still listens; forget the connection either way."""
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None


def _describe(error: Exception) -> str:
    """An error as one line: the SMTP code and text, or the exception's message."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = (
            error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
        )
        return f"{error.smtp_code} {' '.join(text.split())}"
    return " ".join(f"{type(error).__name__}: {error}".split())


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The RFC 5322 message: multipart/alternative with the plain text first and the HTML second."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = formataddr((message.to_name, message.to_address))
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    email["Message-ID"] = message.message_id
    for name, value in message.headers.items():
        email[name] = value
    # Quoted-printable keeps every line 7-bit and short, whatever the server supports (no 8BITMIME needed).
    email.set_content(message.text_body, cte="quoted-printable")
    email.add_alternative(message.html_body, subtype="html", cte="quoted-printable")
    return email


def backoff(attempts: int, base_seconds: int) -> timedelta:
    """The wait before the next attempt: the base, doubled after each failed attempt, capped."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _take_back_interrupted(config) -> tuple[list[str], int]:
    """Put messages whose sender stopped mid-delivery back in the queue, or fail them after the last allowed attempt.

    Returns a line per message given up on, and how many were put back.
    """
    lease = timedelta(seconds=config["OUTBOX_CLAIM_LEASE_SECONDS"])
    stale = (OutboxMessage.status == "sending", OutboxMessage.claimed_at < utcnow() - lease)
    last_attempt = OutboxMessage.attempts >= config["OUTBOX_MAX_ATTEMPTS"]
    given_up = _set_where(
        (*stale, last_attempt), status="failed", last_error="Delivery was interrupted on the last allowed attempt."
    )
    put_back = _set_where(
        (*stale, ~last_attempt),
        status="queued",
        next_attempt_at=utcnow(),
        last_error="Delivery was interrupted; sent again with the same Message-ID.",
    )
    db.session.commit()
    return [f"message {number}: delivery was interrupted on its last allowed attempt" for number in given_up], len(
        put_back
    )


def _set_where(conditions, **values) -> list[int]:
    """Change the messages matching every condition; their ids."""
    return (
        db.session.execute(
            update(OutboxMessage)
            .where(*conditions)
            .values(updated_at=utcnow(), **values)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        .scalars()
        .all()
    )


@dataclass
class _Claimed:
    """A message this sender took, read before the claim was committed."""

    number: int
    attempts: int
    recipient: str
    email: EmailMessage


def _claim(ignore_backoff: bool, skip: set[int], sender: str) -> _Claimed | None:
    """Take the next due message for this sender, atomically, and commit the claim; None when nothing is due."""
    now = utcnow()
    candidate = select(OutboxMessage.id).where(OutboxMessage.status == "queued")
    if not ignore_backoff:
        candidate = candidate.where(OutboxMessage.next_attempt_at <= now)
    if skip:
        candidate = candidate.where(OutboxMessage.id.not_in(skip))
    candidate = (
        candidate.order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1).with_for_update(skip_locked=True)
    )
    message = db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id == candidate.scalar_subquery(), OutboxMessage.status == "queued")
        .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1, updated_at=now)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).first()
    claimed = message and _Claimed(message.id, message.attempts, message.to_address, build_email(message, sender))
    db.session.commit()  # the claim is ours before anything goes on the wire
    return claimed


def _record(message_id: int, **values) -> None:
    """Store the outcome of an attempt and commit it at once."""
    _set_where((OutboxMessage.id == message_id,), **values)
    db.session.commit()


def deliver_due(*, ignore_backoff: bool = False) -> Report:
    """Send every message that is due, over one connection, until none is left or the server is unreachable."""
    config = current_app.config
    envelope_from = parseaddr(config["MAIL_FROM"])[1]
    given_up, put_back = _take_back_interrupted(config)
    report = Report(failed=len(given_up), problems=given_up)
    if put_back:
        report.problems.append(f"{put_back} interrupted deliveries sent again with the same Message-ID")
    mailer = Mailer(config)
    put_back: set[int] = set()
    try:
        while (claimed := _claim(ignore_backoff, put_back, config["MAIL_FROM"])) is not None:
            number = claimed.number
            try:
                mailer.send(claimed.email, envelope_from, claimed.recipient)
            except ConnectionLost as error:
                _retry_or_fail(report, number, claimed.attempts, str(error), put_back)
                break  # every other message would fail the same way; they keep their attempts
            except smtplib.SMTPResponseException as error:
                if error.smtp_code >= 500:
                    _record(number, status="failed", last_error=_describe(error))
                    report.failed += 1
                    report.problems.append(f"message {number}: refused: {_describe(error)}")
                else:
                    _retry_or_fail(report, number, claimed.attempts, _describe(error), put_back)
            else:
                _record(number, status="sent", sent_at=utcnow(), last_error="")
                report.sent += 1
    finally:
        mailer.close()
    # Logs and cron mail keep the reasons, not whose address was refused (the message's row keeps that).
    report.problems = [ADDRESS.sub("[address]", line) for line in report.problems]
    for line in report.problems:
        current_app.logger.warning("outbox: %s", line)
    return report


def _retry_or_fail(report: Report, number: int, attempts: int, error: str, put_back: set[int]) -> None:
    """Put a message back with a later time, or give up on it after the last allowed attempt."""
    config = current_app.config
    if attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        _record(number, status="failed", last_error=f"Gave up after {attempts} attempts: {error}")
        report.failed += 1
        report.problems.append(f"message {number}: gave up after {attempts} attempts: {error}")
        return
    wait = backoff(attempts, config["OUTBOX_RETRY_SECONDS"])
    _record(number, status="queued", last_error=error, next_attempt_at=utcnow() + wait)
    put_back.add(number)
    report.retrying += 1
    report.problems.append(f"message {number}: will retry in {int(wait.total_seconds())} s: {error}")


def status_counts() -> dict[str, int]:
    """How many messages are in each state."""
    rows = db.session.execute(select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(dict(rows.all()))
    return counts


def latest_errors(limit: int = 10) -> list[OutboxMessage]:
    """The messages that failed or wait for a retry, latest problem first."""
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(("queued", "failed")), OutboxMessage.last_error != "")
        .order_by(OutboxMessage.updated_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    ).all()
