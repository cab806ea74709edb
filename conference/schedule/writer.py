"""The one writer behind every importer: make a conference's sessions match parsed records, in bulk."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, insert, select, true, update

from ..db_types import utcnow
from ..extensions import db
from .freshness import program_written
from .importers.records import SessionRecord, SpeakerRecord
from .models import Conference, Program, Session, SessionSpeaker, Speaker
from .naming import normalize_institution, normalize_person

#: Rows per statement for IN lists, well below SQLite's and PostgreSQL's parameter limits.
CHUNK = 900

@dataclass
class ImportResult:
    """What an import did, for the summary line and the API."""

    conference: str
    format: str = ""
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The one line the CLI prints."""
        line = f"created {self.created}, updated {self.updated}, cancelled {self.cancelled}, unchanged {self.unchanged}"
        return line + (f", skipped {len(self.skipped)}" if self.skipped else "")

def _session_identity(record: SessionRecord) -> str:
    """The source's id, or a hash of title + start + room when the source has none."""
    if record.external_id:
        return record.external_id
    key = f"{record.title}\x1f{record.starts_at.isoformat()}\x1f{record.room}"
    return "sha1:" + hashlib.sha1(key.encode()).hexdigest()


def _content_hash(record: SessionRecord) -> str:
    """A digest of everything imported for a session, to tell changed from unchanged cheaply."""
    payload = [
        record.code,
        record.title,
        record.abstract,
        record.kind,
        record.track,
        record.room,
        record.starts_at.isoformat(),
        record.ends_at.isoformat(),
        [[s.name, s.credentials, s.affiliation, s.role] for s in record.speakers],
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _identities(records: list[SessionRecord]) -> tuple[list[str], list[str]]:
    """Each record's identity; records sharing one are kept, numbered, and reported."""
    seen: dict[str, list[str]] = {}
    identities, warnings = [], []
    for record in records:
        base = _session_identity(record)
        refs = seen.setdefault(base, [])
        refs.append(record.source_ref or record.title)
        if len(refs) == 1:
            identities.append(base)
        else:
            identities.append(f"{base}#{len(refs)}")
            warnings.append(
                f"{refs[-1]}: same identity {base!r} as {refs[0]}; kept both, this one as {base}#{len(refs)}"
            )
    return identities, warnings


def write_sessions(
    conference: Conference,
    records: list[SessionRecord],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Make the conference's sessions match the records.

    The records are the complete program. Unchanged sessions are compared by hash, not
    rewritten; changed ones are updated in place with a new version; sessions missing from the
    records are cancelled (never deleted: users' targets point at them) and come back when they
    reappear.
    """
    result = ImportResult(conference=conference.slug)
    identities, result.warnings = _identities(records)
    speaker_ids = _upsert_speakers(conference, records)
    existing = {
        row.external_id: row
        for row in db.session.execute(
            select(Session.id, Session.external_id, Session.content_hash, Session.status, Session.version).where(
                Session.conference_id == conference.id
            )
        )
    }
    now = utcnow()
    new_rows, new_records, changed_rows, changed_records, revived = [], [], [], [], []
    for identity, record in zip(identities, records):
        digest = _content_hash(record)
        row = existing.pop(identity, None)
        if row is None:
            new_rows.append(_session_values(conference.id, identity, record, digest, now))
            new_records.append(record)
        elif row.content_hash != digest:
            values = _session_values(conference.id, identity, record, digest, now)
            changed_rows.append({**values, "id": row.id, "status": "scheduled", "version": row.version + 1})
            changed_records.append((row.id, record))
        elif row.status != "scheduled":
            revived.append({"id": row.id, "status": "scheduled", "version": row.version + 1, "updated_at": now})
        else:
            result.unchanged += 1
    cancelled = [
        {"id": row.id, "status": "cancelled", "version": row.version + 1, "updated_at": now}
        for row in existing.values()
        if row.status == "scheduled"
    ]
    new_ids = _insert(Session, new_rows, Session.external_id, Session.conference_id == conference.id)
    if progress:
        progress(len(new_rows), len(records))
    _bulk_update(Session, changed_rows + revived + cancelled)
    _replace_appearances(
        [(new_ids[row["external_id"]], rec) for row, rec in zip(new_rows, new_records)] + changed_records,
        [session_id for session_id, _ in changed_records],
        speaker_ids,
    )
    result.created, result.updated, result.cancelled = len(new_rows), len(changed_rows) + len(revived), len(cancelled)
    if progress:
        progress(len(records), len(records))
    program_written(conference, result.created + result.updated + result.cancelled)
    _update_dates(conference)
    db.session.flush()
    db.session.expire_all()
    return result


def _session_values(conference_id: int, identity: str, record: SessionRecord, digest: str, now) -> dict:
    """Column values of one session row."""
    return {
        "conference_id": conference_id,
        "external_id": identity,
        "code": record.code,
        "title": record.title,
        "abstract": record.abstract,
        "kind": record.kind,
        "track": record.track,
        "room": record.room,
        "starts_at": record.starts_at,
        "ends_at": record.ends_at,
        "status": "scheduled",
        "content_hash": digest,
        "updated_at": now,
    }


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    """Split a list into statement-sized pieces."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _insert(model, rows: list[dict], key, scope) -> dict:
    """Insert rows in one executemany per chunk, then read back key -> id in one query.

    RETURNING would cost one statement per row on SQLite, where no insert order is guaranteed.
    """
    for chunk in _chunks(rows, 5 * CHUNK):
        db.session.execute(insert(model), chunk)
    if not rows:
        return {}
    return {value: row_id for row_id, value in db.session.execute(select(model.id, key).where(scope))}


def _bulk_update(model, rows: list[dict]) -> None:
    """Update rows by primary key in batches."""
    for chunk in _chunks(rows):
        db.session.execute(update(model), chunk)


def _replace_appearances(
    sessions: list[tuple[int, SessionRecord]], changed_ids: list[int], speaker_ids: dict[str, int]
) -> None:
    """Write who speaks where for new and changed sessions (changed ones are rewritten whole)."""
    for chunk in _chunks(changed_ids):
        db.session.execute(delete(SessionSpeaker).where(SessionSpeaker.session_id.in_(chunk)))
    rows = []
    for session_id, record in sessions:
        seen: set[int] = set()
        for position, speaker in enumerate(record.speakers):
            speaker_id = speaker_ids[_speaker_identity(speaker.name, speaker.affiliation)]
            if speaker_id not in seen:  # listed twice in one session: the first role counts
                seen.add(speaker_id)
                rows.append({"session_id": session_id, "speaker_id": speaker_id, "role": speaker.role, "position": position})
    for chunk in _chunks(rows, 5 * CHUNK):
        db.session.execute(insert(SessionSpeaker), chunk)


def _speaker_identity(name: str, affiliation: str) -> str:
    """One speaker per normalized name and affiliation within a conference."""
    return f"{normalize_person(name)}|{normalize_institution(affiliation)}"


def _upsert_speakers(conference: Conference, records: list[SessionRecord]) -> dict[str, int]:
    """Create missing speakers and programs, refresh changed ones; returns identity -> speaker id."""
    wanted: dict[str, SpeakerRecord] = {}
    for record in records:
        for speaker in record.speakers:
            wanted.setdefault(_speaker_identity(speaker.name, speaker.affiliation), speaker)
    program_ids = _upsert_programs(s.affiliation for s in wanted.values())
    existing = {
        row.identity: row
        for row in db.session.execute(
            select(
                Speaker.id, Speaker.identity, Speaker.name, Speaker.credentials, Speaker.affiliation,
                Speaker.program_id, Speaker.version,
            ).where(Speaker.conference_id == conference.id)
        )
    }
    now = utcnow()
    new_rows, changed = [], []
    for identity, speaker in wanted.items():
        values = {
            "name": speaker.name,
            "credentials": speaker.credentials,
            "affiliation": speaker.affiliation,
            "program_id": program_ids.get(normalize_institution(speaker.affiliation)),
        }
        row = existing.get(identity)
        if row is None:
            new_rows.append(
                {**values, "conference_id": conference.id, "identity": identity,
                 "normalized_name": normalize_person(speaker.name), "updated_at": now}
            )
        elif any(getattr(row, key) != value for key, value in values.items()):
            changed.append({**values, "id": row.id, "updated_at": now, "version": row.version + 1})
    _bulk_update(Speaker, changed)
    ids = {identity: row.id for identity, row in existing.items()}
    return ids | _insert(Speaker, new_rows, Speaker.identity, Speaker.conference_id == conference.id)


def _upsert_programs(affiliations: Iterable[str]) -> dict[str, int]:
    """Ensure a Program exists for each affiliation; returns normalized name -> program id."""
    names: dict[str, str] = {}
    for affiliation in affiliations:
        normalized = normalize_institution(affiliation)
        if normalized:
            names.setdefault(normalized, affiliation.strip())
    ids = {
        normalized: program_id
        for program_id, normalized in db.session.execute(select(Program.id, Program.normalized_name))
    }
    missing = [{"name": name, "normalized_name": key} for key, name in names.items() if key not in ids]
    return ids | _insert(Program, missing, Program.normalized_name, true())


def _update_dates(conference: Conference) -> None:
    """Set the conference's first and last day from its scheduled sessions, in its own zone."""
    first, last = db.session.execute(
        select(func.min(Session.starts_at), func.max(Session.starts_at)).where(
            Session.conference_id == conference.id, Session.status == "scheduled"
        )
    ).one()
    if first is None:
        return
    starts_on, ends_on = first.astimezone(conference.tz).date(), last.astimezone(conference.tz).date()
    if (conference.starts_on, conference.ends_on) != (starts_on, ends_on):
        conference.starts_on, conference.ends_on = starts_on, ends_on
        conference.touch()

