"""`flask summaries send`: every attendee's summary once the conference is over, then delivery."""

from __future__ import annotations

from collections import Counter

import click
from flask.cli import AppGroup

from ..extensions import db
from ..outbox.cli import echo_problems
from ..outbox.sender import deliver_due
from ..schedule.queries import get_conference
from .operations import has_ended, queue_each

summaries_cli = AppGroup("summaries", help="Summary emails after a conference.")


@summaries_cli.command("send")
@click.option("--conference", "slug", required=True, help="The conference's slug.")
@click.option("--dry-run", is_flag=True, help="Count who would get a summary; queue and send nothing.")
@click.option("--force", is_flag=True, help="Send even though the conference's last day is not over yet.")
def send_command(slug: str, dry_run: bool, force: bool) -> None:
    """Queue a summary for every attendee with any activity, then deliver the outbox."""
    conference = get_conference(slug)
    if conference is None:
        raise click.ClickException(f"no conference {slug!r}")
    if not force and not has_ended(conference):
        raise click.ClickException(
            f"{slug} has not ended yet in {conference.timezone} (last day {conference.ends_on or 'not known'}); "
            "use --force to send anyway"
        )
    counts = Counter()
    for outcome in queue_each(conference, dry_run=dry_run):
        counts[outcome] += 1
        if not dry_run:
            db.session.commit()  # each summary on its own: other writers never wait for the whole run
    if dry_run:
        click.echo(f"would queue {counts['queued']}, skipped {counts['skipped']} (dry run: nothing queued or sent)")
        return
    report = deliver_due()
    echo_problems(report)
    click.echo(f"queued {counts['queued']}, sent {report.sent}, failed {report.failed}, skipped {counts['skipped']}")
    if report.failed:
        raise SystemExit(1)
