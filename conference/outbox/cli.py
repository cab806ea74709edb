"""`flask outbox send` for a cron job or a worker loop, and `flask outbox status` for whoever watches it."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from .sender import Report, deliver_due, latest_errors, status_counts

outbox_cli = AppGroup("outbox", help="Deliver and inspect queued email.")


def echo_problems(report: Report) -> None:
    """Print each message a delivery run put back or gave up on, and why, on stderr."""
    for line in report.problems:
        click.echo(line, err=True)


@outbox_cli.command("send")
@click.option("--now", is_flag=True, help="Also send messages still waiting out their retry backoff.")
def send_command(now: bool) -> None:
    """Deliver every message that is due over one SMTP connection."""
    report = deliver_due(ignore_backoff=now)
    echo_problems(report)
    click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
    if report.failed:
        raise SystemExit(1)


@outbox_cli.command("status")
def status_command() -> None:
    """Print how many messages are queued, being sent, sent and failed, and the latest errors."""
    counts = status_counts()
    click.echo(", ".join(f"{name} {count}" for name, count in counts.items()))
    for message in latest_errors():
        click.echo(
            f"message {message.id} ({message.kind}, user {message.owner_id}) {message.status} after "
            f"{message.attempts} attempt(s), at {message.updated_at:%Y-%m-%d %H:%M} UTC: {message.last_error}"
        )
