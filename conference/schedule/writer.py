"""The one writer behind every importer: make a conference's sessions match parsed records, in bulk."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, true

from ..db.types import utcnow
from ..extensions import db
from .bulk import bulk_update, chunks, insert_ids, insert_rows
from .freshness import program_written
from .importers.records import SessionRecord, SpeakerRecord, TooManyCancelled
from .importers.text import with_filename
from .matching import kept_by_skipped, pair_moved, people_in, speakers_key, stored_speakers_for, title_key
from .models import Conference, Program, Session, SessionSpeaker, Speaker
from .naming import normalize_institution, normalize_person

#: how identities made from a session's content start, for sources without ids
HASHED = "sha1:"


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
    #: the file and options were those of the last import, recognised by their digest and not read again
    same_file: bool = False

    def summary(self) -> str:
        """The one line the CLI prints."""
        line = f"created {self.created}, updated {self.updated}, cancelled {self.cancelled}, unchanged {self.unchanged}"
        return line + (f", skipped {len(self.skipped)}" if self.skipped else "")


def _session_identity(record: SessionRecord) -> str:
    """The source's id, or a hash of title + start + room when the source has none."""
    if record.external_id:
        return record.external_id
    key = f"{record.title}\x1f{record.starts_at.isoformat()}\x1f{record.room}"
    return HASHED + hashlib.sha1(key.encode()).hexdigest()


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
        *([[talk.stored() for talk in record.talks]] if record.talks else []),  # sessions without talks keep their hash
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
    skipped_keys: list[tuple[str, str]] = (),
    max_cancelled_share: float | None = None,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Make the conference's sessions match the records.

    The records are the complete program. Unchanged sessions are compared by hash, not
    rewritten; changed ones are updated in place with a new version, and so are moved ones
    whose source gives no id (see `_pair_moved`); sessions missing from the records are cancelled
    (never deleted: users' targets point at them) and come back when they reappear, except those
    that skipped records may be (skipped_keys, see `matching.kept_by_skipped`).
    :raise TooManyCancelled: when more than max_cancelled_share of the scheduled sessions would be cancelled.
    """
    result = ImportResult(conference=conference.slug)
    conference.import_digest = None  # the program is no longer that file's; import_schedule records its own
    identities, result.warnings = _identities(records)
    existing = {
        row.external_id: row
        for row in db.session.execute(
            select(
                Session.id,
                Session.external_id,
                Session.content_hash,
                Session.status,
                Session.version,
                Session.title,
                Session.starts_at,
                Session.room,
            ).where(Session.conference_id == conference.id)
        )
    }
    scheduled = sum(row.status == "scheduled" for row in existing.values())
    rows = [existing.pop(identity, None) for identity in identities]
    for position, row in _pair_moved(conference, records, rows, existing).items():
        rows[position] = existing.pop(row.external_id)
    missing = _to_cancel(existing.values(), skipped_keys, result)
    if max_cancelled_share is not None and len(missing) > max_cancelled_share * scheduled:
        raise TooManyCancelled(
            with_filename(
                filename,
                f"this import would cancel {len(missing)} of the {scheduled} scheduled sessions (more than "
                f"{max_cancelled_share:.0%}); nothing was changed. Is the file complete? To cancel them, allow it "
                "(--allow-cancel, or allow_cancel=true in the upload)",
            )
        )
    speaker_ids = _upsert_speakers(conference, records)
    now = utcnow()
    new_rows, new_records, changed_rows, changed_records, revived = [], [], [], [], []
    for identity, record, row in zip(identities, records, rows, strict=False):
        digest = _content_hash(record)
        if row is None:
            new_rows.append({**_session_values(conference.id, identity, record, digest, now), **_created(now)})
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
        {"id": row.id, "status": "cancelled", "version": row.version + 1, "updated_at": now} for row in missing
    ]
    new_ids = insert_ids(Session, new_rows, Session.external_id, Session.conference_id == conference.id)
    if progress:
        progress(len(new_rows), len(records))
    bulk_update(Session, changed_rows + revived + cancelled)
    written = [
        (new_ids[row["external_id"]], rec) for row, rec in zip(new_rows, new_records, strict=False)
    ] + changed_records
    _replace_appearances(written, [session_id for session_id, _ in changed_records], speaker_ids)
    result.created, result.updated, result.cancelled = len(new_rows), len(changed_rows) + len(revived), len(cancelled)
    if progress:
        progress(len(records), len(records))
    program_written(conference, result.created + result.updated + result.cancelled, [row_id for row_id, _ in written])
    _update_dates(conference)
    db.session.flush()
    db.session.expire_all()
    return result


def _to_cancel(unmatched: Iterable, skipped_keys: Iterable[tuple[str, str]], result: ImportResult) -> list:
    """Return the scheduled rows the file no longer lists, but none that a skipped record may be."""
    scheduled = [row for row in unmatched if row.status == "scheduled"]
    kept = kept_by_skipped(scheduled, list(skipped_keys))
    if kept is None:
        if scheduled:
            result.warnings.append("a skipped record could not be identified: no session was cancelled")
        return []
    if kept:
        result.warnings.append(f"{len(kept)} sessions not in the file were kept: skipped records may be them")
    return [row for row in scheduled if row.id not in kept]


def _pair_moved(conference: Conference, records: list[SessionRecord], rows: list, unmatched: dict) -> dict[int, object]:
    """Return record position -> stored row for sessions moved in time or room, which their hash identity misses.

    Only records without a source id, and rows whose identity is such a hash, take part: a source's
    own ids stay the only identity where it has them. Speakers are loaded (one query) only when a
    title is on both sides.
    """
    new = {
        p: record
        for p, (record, row) in enumerate(zip(records, rows, strict=False))
        if row is None and not record.external_id
    }
    candidates = [row for row in unmatched.values() if row.external_id.startswith(HASHED)]
    titles = {title_key(record.title) for record in new.values()}
    candidates = [row for row in candidates if title_key(row.title) in titles]
    if not candidates:
        return {}
    names: dict[int, list[str]] = {}
    for session_id, name in db.session.execute(
        select(SessionSpeaker.session_id, Speaker.name)
        .join(Speaker, SessionSpeaker.speaker_id == Speaker.id)
        .join(Session, SessionSpeaker.session_id == Session.id)
        .where(Session.conference_id == conference.id, Session.external_id.startswith(HASHED))
    ):
        names.setdefault(session_id, []).append(name)
    return pair_moved(new, candidates, {session_id: speakers_key(found) for session_id, found in names.items()})


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
        "talks": [talk.stored() for talk in record.talks],
        "content_hash": digest,
        "search_hash": digest,  # program_written indexes the sessions written, in this transaction
        "updated_at": now,
    }


def _created(now) -> dict:
    """The version columns of a new row, given outright: COPY fills in no Python-side defaults."""
    return {"version": 1, "created_at": now, "updated_at": now}


def _replace_appearances(
    sessions: list[tuple[int, SessionRecord]], changed_ids: list[int], speaker_ids: dict[tuple[str, str], int]
) -> None:
    """Write who speaks where for new and changed sessions (changed ones are rewritten whole)."""
    for chunk in chunks(changed_ids):
        db.session.execute(delete(SessionSpeaker).where(SessionSpeaker.session_id.in_(chunk)))
    rows = []
    for session_id, record in sessions:
        seen: set[int] = set()
        for position, speaker in enumerate(record.speakers):
            speaker_id = speaker_ids[_speaker_key(speaker)]
            if speaker_id not in seen:  # listed twice in one session: the first role counts
                seen.add(speaker_id)
                rows.append(
                    {"session_id": session_id, "speaker_id": speaker_id, "role": speaker.role, "position": position}
                )
    insert_rows(SessionSpeaker.__table__, rows)


def _speaker_key(speaker: SpeakerRecord) -> tuple[str, str]:
    """How the writer looks up a listed speaker's person: normalized name and affiliation."""
    return normalize_person(speaker.name), normalize_institution(speaker.affiliation)


def _unused(identity: str, taken: set[str]) -> str:
    """Return identity, numbered when another speaker of the conference holds it already, and reserve it."""
    candidate, number = identity, 1
    while candidate in taken:
        number += 1
        candidate = f"{identity}#{number}"
    taken.add(candidate)
    return candidate


def _upsert_speakers(conference: Conference, records: list[SessionRecord]) -> dict[tuple[str, str], int]:
    """Create missing speakers and programs, refresh changed ones; returns `_speaker_key` -> speaker id.

    One speaker per person (see `matching.people_in`): a re-imported person keeps their row, whose
    affiliation, credentials and spelling follow the file, so targets on them stay where they are.
    """
    person_of = people_in(records)
    people = list({id(person): person for person in person_of.values()}.values())
    program_ids = _upsert_programs(person.record.affiliation for person in people)
    stored = db.session.execute(
        select(
            Speaker.id,
            Speaker.identity,
            Speaker.name,
            Speaker.normalized_name,
            Speaker.credentials,
            Speaker.affiliation,
            Speaker.program_id,
            Speaker.version,
        ).where(Speaker.conference_id == conference.id)
    ).all()
    row_of = stored_speakers_for(people, stored)
    taken = {row.identity for row in stored}
    now = utcnow()
    new_rows, changed, new_identity = [], [], {}
    for person in people:
        values = {
            "name": person.record.name,
            "normalized_name": person.name,
            "credentials": person.record.credentials,
            "affiliation": person.record.affiliation,
            "program_id": program_ids.get(person.affiliation),
        }
        row = row_of.get(id(person))
        if row is None:
            new_identity[id(person)] = identity = _unused(person.identity, taken)
            new_rows.append({**values, "conference_id": conference.id, "identity": identity, **_created(now)})
            continue
        if person.identity not in taken:
            values["identity"] = person.identity  # the old one stays reserved: rows update in any order
            taken.add(person.identity)
        if any(getattr(row, key) != value for key, value in values.items()):
            changed.append({**values, "id": row.id, "updated_at": now, "version": row.version + 1})
    bulk_update(Speaker, changed)
    inserted = insert_ids(Speaker, new_rows, Speaker.identity, Speaker.conference_id == conference.id)
    ids = {
        id(person): row_of[id(person)].id if id(person) in row_of else inserted[new_identity[id(person)]]
        for person in people
    }
    return {key: ids[id(person)] for key, person in person_of.items()}


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
    now = utcnow()
    missing = [{"name": name, "normalized_name": key, **_created(now)} for key, name in names.items() if key not in ids]
    return ids | insert_ids(Program, missing, Program.normalized_name, true())


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
