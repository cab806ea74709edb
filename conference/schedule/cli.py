"""`flask schedule import`: load a program file from the command line."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import AppGroup

from ..extensions import db
from ..web.inputs import unstorable
from . import operations
from .importers import LEVELS, limits
from .importers.columns import MAPPABLE
from .importers.records import ScheduleFormatError
from .schemas import FORMATS

schedule_cli = AppGroup("schedule", help="Import and inspect conference programs.")


def _text(ctx, param, value: str | None) -> str | None:
    """An option as typed; bytes that are not UTF-8 reach Python as lone surrogates, which no database stores."""
    if value is not None and (reason := unstorable(value)) is not None:
        raise click.BadParameter(reason if "\x00" in value else "not UTF-8 text")
    return value


def _parse_mapping(ctx, param, value: str | None) -> dict[str, str]:
    """Read `--map title=Titel,date=Datum` into {"title": "Titel", "date": "Datum"}; several room columns (a grid's
    lanes), `room=Lisbon,room=Porto`, into {"room": "Lisbon|Porto"}."""
    value = _text(ctx, param, value)
    mapping: dict[str, str] = {}
    for item in filter(None, (value or "").split(",")):
        name, sep, header = item.partition("=")
        name = name.strip().lower()
        if not sep or not header.strip():
            raise click.BadParameter(f"{item!r} is not FIELD=Header")
        if name not in MAPPABLE:
            raise click.BadParameter(f"unknown field {name!r}; use one of {', '.join(MAPPABLE)}")
        mapping[name] = f"{mapping[name]}|{header.strip()}" if name == "room" and name in mapping else header.strip()
    return mapping


@schedule_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--conference", "slug", required=True, callback=_text, help="Slug of the conference (created when new).")
@click.option("--name", callback=_text, help="Conference name (default: from the file, else the slug).")
@click.option("--timezone", callback=_text, help="IANA zone of the conference when the file states none.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Skip detection.")
@click.option(
    "--map",
    "mapping",
    callback=_parse_mapping,
    help="Table columns (CSV, Excel): FIELD=Header,...; room=A|B (or room=A,room=B) names a grid's room columns",
)
@click.option("--skip-invalid", is_flag=True, help="Import readable records; list skipped ones.")
@click.option("--allow-cancel", is_flag=True, help="Cancel sessions missing from the file even if they are many.")
@click.option(
    "--first-day",
    type=click.DateTime(["%Y-%m-%d"]),
    help='The conference\'s first day (YYYY-MM-DD), for dates written without a year, as weekdays or as "Day 2".',
)
@click.option(
    "--level",
    default="",
    type=click.Choice(["", *LEVELS]),
    help="Indico: read only the session slots (sessions) or only the contributions (contributions).",
)
@click.option(
    "--sheet", default="", callback=_text, help="Excel: the sheet to read (default: the one that reads as a program)."
)
@click.option("--dry-run", is_flag=True, help="Show what the import would do and write nothing.")
@click.option("--force", is_flag=True, help="Read the file even if it was the last import, with these options.")
def import_command(
    path: Path, slug, name, timezone, fmt, mapping, skip_invalid, allow_cancel, first_day, sheet, level, dry_run, force
) -> None:
    """Import PATH as the complete program of a conference; re-importing updates in place."""
    # A file name need not be UTF-8; it is kept with the import run as the text it shows as.
    filename = path.name.encode(errors="surrogateescape").decode(errors="replace")
    try:
        limits.check_file_size(path.stat().st_size, path.name)  # before reading it all into memory
    except ScheduleFormatError as exc:
        if dry_run:
            raise click.ClickException(str(exc)) from None
        with path.open("rb") as file:
            _refused(slug, hashlib.file_digest(file, "sha256").hexdigest(), fmt, filename, exc)
    data = path.read_bytes()
    options = {
        "slug": slug,
        "name": name,
        "timezone": timezone,
        "fmt": fmt,
        "mapping": mapping,
        "skip_invalid": skip_invalid,
        "allow_cancel": allow_cancel,
        "filename": filename,
        "first_day": first_day.date() if first_day else None,
        "sheet": sheet,
        "level": level,
    }
    if dry_run:
        _preview(data, options)
        return
    try:
        with click.progressbar(length=1, label=f"Importing {filename}", file=sys.stderr) as bar:
            result = operations.import_schedule(data, **options, force=force, progress=_progress_to(bar))
        db.session.commit()
    except ScheduleFormatError as exc:
        _refused(slug, hashlib.sha256(data).hexdigest(), fmt, filename, exc)
    if result.same_file:
        click.echo(
            f"note: {filename} was the last import into {slug}, with these options: not read again (--force reads it)",
            err=True,
        )
    _notes(result)
    click.echo(result.summary())


def _refused(slug: str, file_sha256: str, fmt: str | None, filename: str, exc: ScheduleFormatError) -> NoReturn:
    """Keep the refused import as a failed run and end the command with its one line."""
    db.session.rollback()
    operations.record_failed_import(slug, file_sha256, fmt, filename, str(exc))
    db.session.commit()
    raise click.ClickException(str(exc)) from None


def _preview(data: bytes, options: dict) -> None:
    """Print what the import would do; nothing is written, not even the record of a failed run."""
    try:
        preview = operations.preview_import(data, **options)
    except ScheduleFormatError as exc:
        raise click.ClickException(str(exc)) from None
    _notes(preview)
    click.echo("\n".join(preview.lines()))


def _notes(result) -> None:
    """Print an import's warnings and skipped records to stderr, one line each."""
    for message in result.warnings:
        click.echo(f"warning: {message}", err=True)
    for message in result.skipped:
        click.echo(f"skipped: {message}", err=True)


def _progress_to(bar):
    """Feed the writer's (done, total) reports into a click progress bar."""

    def advance(done: int, total: int) -> None:
        bar.length = total
        bar.update(done - bar.pos)

    return advance
