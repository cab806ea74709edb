"""The outbox: delivery over a real SMTP server, retries with backoff, failures reported, every message at least once."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from conference.accounts.models import User
from conference.db.types import utcnow
from conference.extensions import db
from conference.outbox.models import OutboxMessage
from conference.outbox.operations import queue
from conference.outbox.sender import backoff, deliver_due
from tests.support.paths import ROOT
from tests.support.schedule_helpers import conference
from tests.support.smtp_sink import SmtpServer, free_port


def users(count: int) -> list[User]:
    """Accounts to write to, committed."""
    people = [User(email=f"reader{n}@example.org", name=f"Reader {n}", password_hash="-") for n in range(count)]
    db.session.add_all(people)
    db.session.flush()
    return people


def queue_for(people, kind="notice") -> list[int]:
    """One message to each user, committed; their ids."""
    ids = [
        queue(person, kind=kind, subject=f"Hello {person.name}", text="Plain words.", html="<p>Plain words.</p>")[0].id
        for person in people
    ]
    db.session.commit()
    return ids


def stored(message_id: int) -> OutboxMessage:
    """A message as stored now."""
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_many_messages_go_over_one_connection(app, smtp):
    queue_for(users(5))
    report = deliver_due()
    assert (report.sent, report.retrying, report.failed) == (5, 0, 0)
    assert smtp.sink.count == 5 and smtp.sink.connections == 1
    assert {message["To"].addresses[0].addr_spec for message in smtp.sink.messages()} == {
        f"reader{n}@example.org" for n in range(5)
    }


def test_a_server_that_is_down_leaves_the_message_queued_with_the_error_then_it_goes_once(app):
    server = SmtpServer(port=free_port())
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)
    [number] = queue_for(users(1))
    report = deliver_due()
    assert (report.sent, report.retrying) == (0, 1)
    message = stored(number)
    assert (message.status, message.attempts) == ("queued", 1)
    assert "Connection refused" in message.last_error or "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > utcnow()
    server.start()
    try:
        assert deliver_due().sent == 0  # still waiting out its backoff
        assert deliver_due(ignore_backoff=True).sent == 1
        assert deliver_due(ignore_backoff=True).sent == 0
        assert server.sink.count == 1
        message = stored(number)
        assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")
    finally:
        server.stop()


def test_a_permanent_refusal_fails_that_message_with_the_reason_and_the_others_still_go(app, smtp):
    people = users(3)
    smtp.sink.refuse["reader1@example.org"] = "550 5.1.1 No such mailbox here"
    numbers = queue_for(people)
    report = deliver_due()
    assert (report.sent, report.failed) == (2, 1)
    refused = stored(numbers[1])
    assert (refused.status, refused.attempts) == ("failed", 1)
    assert refused.last_error == "550 5.1.1 No such mailbox here"
    assert any("550 5.1.1 No such mailbox here" in line for line in report.problems)
    assert smtp.sink.connections == 1  # the refusal did not cost the connection
    assert deliver_due(ignore_backoff=True).sent == 0  # a failed message is not tried again


def test_a_refusal_quoting_the_address_is_logged_without_it(app, smtp, caplog, monkeypatch):
    monkeypatch.setattr(logging.getLogger("conference"), "disabled", False)  # Alembic's fileConfig() may disable it
    people = users(2)
    smtp.sink.refuse["reader1@example.org"] = "550 5.1.1 <reader1@example.org>: Recipient address rejected"
    numbers = queue_for(people)
    report = deliver_due()
    assert report.failed == 1
    assert "550 5.1.1 <[address]>: Recipient address rejected" in caplog.text
    assert "reader1@example.org" not in caplog.text + "".join(report.problems)
    assert "reader1@example.org" in stored(numbers[1]).last_error  # the operator's record keeps it


def test_a_temporary_refusal_is_retried_with_backoff_until_the_last_attempt_then_failed(app, smtp):
    app.config.update(OUTBOX_MAX_ATTEMPTS=3)
    smtp.sink.refuse["reader0@example.org"] = "451 4.3.0 Try again later"
    [number] = queue_for(users(1))
    waits = []
    for attempt in (1, 2):
        report = deliver_due(ignore_backoff=True)
        message = stored(number)
        assert (report.retrying, message.status, message.attempts) == (1, "queued", attempt)
        assert message.last_error == "451 4.3.0 Try again later"
        waits.append(message.next_attempt_at - message.updated_at)
    assert waits[1] > waits[0]
    report = deliver_due(ignore_backoff=True)
    message = stored(number)
    assert (report.failed, message.status, message.attempts) == (1, "failed", 3)
    assert message.last_error == "Gave up after 3 attempts: 451 4.3.0 Try again later"
    assert smtp.sink.count == 0


def test_backoff_doubles_from_the_base_and_is_capped():
    assert [backoff(n, 300).total_seconds() for n in (1, 2, 3)] == [300, 600, 1200]
    assert backoff(30, 300) == timedelta(hours=6)


def test_queuing_the_same_kind_twice_for_a_user_and_conference_keeps_one_message_with_the_new_content(app, smtp):
    [person] = users(1)
    meeting = conference()
    first, queued_first = queue(person, kind="notice", conference=meeting, subject="One", text="a", html="<p>a</p>")
    second, queued_second = queue(person, kind="notice", conference=meeting, subject="Two", text="b", html="<p>b</p>")
    db.session.commit()
    assert queued_first and queued_second and first.id == second.id
    assert db.session.scalars(select(OutboxMessage)).all() == [second]
    assert second.subject == "Two" and second.message_id == first.message_id
    deliver_due()
    _, queued_again = queue(person, kind="notice", conference=meeting, subject="Three", text="c", html="<p>c</p>")
    db.session.commit()
    assert queued_again is False and stored(first.id).subject == "Two"
    assert deliver_due().sent == 0
    assert [message["Subject"] for message in smtp.sink.messages()] == ["Two"]


def test_a_queued_message_is_lost_with_the_work_that_queued_it(app):
    [person] = users(1)
    db.session.commit()

    def failing_request():
        with db.session.begin_nested():
            queue(person, kind="notice", subject="Never", text="x", html="<p>x</p>")
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        failing_request()
    db.session.commit()
    assert db.session.scalars(select(OutboxMessage)).all() == []


def send_one(smtp, name: str, subject: str, text: str):
    """Queue and deliver one message to a user of this name; what the server received (recipients, bytes)."""
    [person] = users(1)
    person.name = name
    queue(person, kind="notice", subject=subject, text=text, html=f"<p>{text}</p>")
    db.session.commit()
    assert deliver_due().sent == 1
    [(_, recipients, raw)] = smtp.sink.received
    return recipients, raw


def test_header_values_cannot_smuggle_headers(app, smtp):
    recipients, raw = send_one(smtp, "Eve\r\nBcc: victim@example.org", "Hi\r\nBcc: victim@example.org", "x")
    assert recipients == ["reader0@example.org"]
    assert b"\r\nBcc:" not in raw


@pytest.mark.parametrize("server_kept_it", [False, True], ids=["lost-in-transit", "accepted-unacknowledged"])
def test_a_sender_killed_mid_send_loses_nothing_a_new_sender_sends_the_rest_with_the_same_message_ids(
    app, smtp, database_url, server_kept_it
):
    numbers = queue_for(users(30))
    smtp.sink.stall_at, smtp.sink.keep_stalled = 12, server_kept_it
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp.port),
        "MAIL_FROM": app.config["MAIL_FROM"],
    }
    sender = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "send"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert smtp.sink.stalled.wait(60), "the sender never reached the 12th message"
    finally:
        sender.kill()  # SIGKILL: no handler, no outcome recorded
        sender.wait()
    smtp.sink.release.set()
    assert deliver_due().sent == 30 - 12  # the rest; the dead sender's claim is left alone within its lease
    assert [stored(number).status for number in numbers].count("sending") == 1
    app.config.update(OUTBOX_CLAIM_LEASE_SECONDS=0)  # the dead sender's lease has run out
    report = deliver_due()
    assert report.sent == 1 and report.failed == 0
    assert {stored(number).status for number in numbers} == {"sent"}
    arrivals = Counter(message["Message-ID"] for message in smtp.sink.messages())
    assert set(arrivals) == {stored(number).message_id for number in numbers}
    assert sorted(arrivals.values()) == [1] * 29 + [2 if server_kept_it else 1]


def test_a_delivery_interrupted_on_its_last_allowed_attempt_is_failed_with_the_reason(app, smtp):
    app.config.update(OUTBOX_MAX_ATTEMPTS=3)
    [number] = queue_for(users(1))
    stale = utcnow() - timedelta(seconds=app.config["OUTBOX_CLAIM_LEASE_SECONDS"] + 60)
    db.session.execute(update(OutboxMessage).values(status="sending", attempts=3, claimed_at=stale))
    db.session.commit()
    report = deliver_due(ignore_backoff=True)
    assert (report.sent, report.failed) == (0, 1)
    assert stored(number).status == "failed" and "interrupted" in stored(number).last_error
    assert smtp.sink.count == 0


def test_outbox_send_and_status_commands(app, smtp, runner):
    people = users(2)
    smtp.sink.refuse["reader1@example.org"] = "550 5.7.1 Rejected by policy"
    queue_for(people)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "sent 1, retrying 0, failed 1" in result.output
    status = runner.invoke(args=["outbox", "status"])
    assert status.exit_code == 0
    assert "queued 0, sending 0, sent 1, failed 1" in status.output
    assert "550 5.7.1 Rejected by policy" in status.output


def test_outbox_send_now_ignores_the_backoff(app, smtp, runner):
    [number] = queue_for(users(1))
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() + timedelta(hours=1)))
    db.session.commit()
    assert "sent 0" in runner.invoke(args=["outbox", "send"]).output
    assert "sent 1" in runner.invoke(args=["outbox", "send", "--now"]).output
    assert stored(number).status == "sent"


def test_two_senders_at_once_send_each_message_exactly_once(app, make_app, smtp):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several senders at once are for PostgreSQL; SQLite runs one sender at a time")
    count = 60
    numbers = queue_for(users(count))
    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_FROM": "summaries@conference.test"}
    senders = [make_app(**config) for _ in range(2)]
    start = threading.Barrier(len(senders))
    reports, errors = [], []

    def drain(sender_app):
        with sender_app.app_context():
            try:
                start.wait()
                reports.append(deliver_due())
            except Exception as error:  # noqa: BLE001 (surfaced by the assertion below)
                errors.append(error)

    threads = [threading.Thread(target=drain, args=(sender_app,)) for sender_app in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(report.sent for report in reports) == count
    assert all(report.sent > 0 for report in reports)  # both really worked
    ids = [message["Message-ID"] for message in smtp.sink.messages()]
    assert len(ids) == count and len(set(ids)) == count
    db.session.expire_all()
    assert {stored(number).status for number in numbers} == {"sent"}


def test_names_and_subjects_outside_ascii_arrive_intact(app, smtp):
    _, raw = send_one(smtp, "José Núñez-Żółć", "Your Congrès 2026 summary — 2 people", "Olá, café.")
    assert raw.isascii()  # 7-bit on the wire: no server extension needed
    [message] = smtp.sink.messages()
    assert message["Subject"] == "Your Congrès 2026 summary — 2 people"
    assert message["To"].addresses[0].display_name == "José Núñez-Żółć"
    assert message.get_body(("plain",)).get_content().splitlines() == ["Olá, café."]
