"""Building program records and conferences for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from conference.extensions import db
from conference.schedule.importers.records import SessionRecord, SpeakerRecord
from conference.schedule.models import Conference
from tests.support.paths import ROOT

DEMO_CSV = ROOT / "conference" / "demo" / "apa-2027-program.csv"


def conference(slug="apa-2027", tz="America/New_York") -> Conference:
    """A conference row, flushed."""
    row = Conference(slug=slug, name=slug.upper(), timezone=tz)
    db.session.add(row)
    db.session.flush()
    return row


def record(external_id, title=None, start="2027-05-15T12:00", minutes=60, speakers=(), **fields) -> SessionRecord:
    """A session record starting at a UTC time given as YYYY-MM-DDTHH:MM."""
    starts_at = datetime.fromisoformat(start).replace(tzinfo=UTC)
    return SessionRecord(
        external_id=external_id,
        title=title or f"Session {external_id}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        speakers=tuple(SpeakerRecord(*s) if isinstance(s, tuple) else SpeakerRecord(s) for s in speakers),
        source_ref=f"row {external_id}",
        **fields,
    )


def cli_import(runner, folder: Path, content: str | bytes, *extra, name="program.csv", slug="apa-2027"):
    """Write content to folder/name and run `flask schedule import` on it as slug, in New York time."""
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return runner.invoke(
        args=["schedule", "import", str(path), "--conference", slug, "--timezone", "America/New_York", *extra]
    )


def refused(result, *words):
    """Check a CLI import failed with one line naming these words (the file's name among them), and no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert all(word in line for word in words), line
    return line
