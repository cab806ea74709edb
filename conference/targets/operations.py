"""Targets as a synced kind: marking, changing and removing them, and linking must-meet names to speakers.

PUT, PATCH and DELETE of one target follow the sync protocol (conference/sync); POST stays for
clients that do not make ids. Writes flush; the request commits once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flask_smorest import abort
from sqlalchemy import case, or_, select
from sqlalchemy.exc import IntegrityError

from ..db.types import utcnow
from ..extensions import db
from ..people.queries import has_contact
from ..people.signals import met_changed
from ..schedule.models import Conference, Program, Session, Speaker
from ..schedule.naming import normalize_institution, normalize_person, same_institution
from ..schedule.queries import conference_or_404, conference_or_422, conference_slug
from ..schedule.signals import program_imported
from ..sync.models import write_many
from ..sync.operations import Kind, owned, register, savepoint
from ..sync.reading import showing, shown
from ..timeutil import local_day
from ..web.pagination import paginate
from .models import RANK, Target
from .schemas import ID_FIELD, PERSON_FIELDS, TargetSchema

#: SQL ordering of priorities, best first.
PRIORITY_ORDER = case(RANK, value=Target.priority)


def for_conference(query, conference: Conference):
    """Limit a target query to one conference's targets and those meant for any conference."""
    return query.where(or_(Target.conference_id == conference.id, Target.conference_id.is_(None)))


#: Whether its owner has met a target: a live contact who is its speaker or from its program.
MET = has_contact(Target.owner_id, Target.speaker_id, Target.program_id)


def list_targets(user, args: dict) -> dict:
    """One page of the user's live targets, best priority first, with their met flags, as shown."""
    query = owned(Target, user)
    if args.get("conference"):
        query = for_conference(query, conference_or_404(args["conference"]))
    if args.get("kind"):
        query = query.where(Target.kind == args["kind"])
    ordered = query.order_by(PRIORITY_ORDER, Target.created_at, Target.id)
    return paginate(ordered, args, lambda page: shown(TARGETS, showing(TARGETS, page)))


def mark_met(user, targets: Iterable[Target]) -> None:
    """Set `met` on the user's (flushed) targets, in one query of the same SQL the lists read."""
    targets = list(targets)
    if not targets:
        return
    query = owned(Target, user, include_deleted=True).with_only_columns(Target.id, MET)
    met = dict(db.session.execute(query.where(Target.id.in_([target.id for target in targets]))).all())
    for target in targets:
        target.met = met.get(target.id, False)


def create_target(user, data: dict) -> tuple[Target, bool]:
    """Mark something as a target; returns (target, created), the existing one when already marked.

    :raise 422: when the speaker, program, session or conference named does not exist.
    :raise 409: when a client-made id is already used by another record.
    """
    if data.get("id") is not None:
        known = db.session.get(Target, data["id"])
        if known is not None:
            if known.owner_id == user.id and known.deleted_at is None:
                return known, False
            abort(409, message="This id is already used.", errors={"id": ["Already used."]})
    values = _values_for(data)
    existing = find_same(user, values)
    if existing is not None:
        return existing, False
    target = Target(owner_id=user.id, **values)
    if data.get("id") is not None:
        target.id = data["id"]
    try:
        with savepoint():
            db.session.add(target)
            db.session.flush()
    except IntegrityError:
        # A concurrent request (a double tap, a retry) marked the same thing first.
        existing = find_same(user, values)
        if existing is None:
            raise
        return existing, False
    return target, True


def _values_for(data: dict) -> dict:
    """The columns of a new target, with the referenced row's conference and name.

    :raise 422: naming the field whose row does not exist.
    """
    kind = data["kind"]
    conference = conference_or_422(data["conference"]) if data.get("conference") else None
    values = {
        "kind": kind,
        "priority": data["priority"],
        "note": data.get("note", ""),
        "why": data.get("why", ""),
        "recommended_by": data.get("recommended_by", ""),
        "conference_id": conference.id if conference else None,
    }
    if kind == "person":
        values.update(_person_values(data["name"], data.get("affiliation", "")))
        speaker = find_speaker(values["normalized_name"], values["normalized_affiliation"], values["conference_id"])
        if speaker is not None:
            values.update(speaker_id=speaker.id, conference_id=speaker.conference_id)
        return values
    field = f"{kind}_id"
    model = {"speaker": Speaker, "program": Program, "session": Session}[kind]
    row = db.session.get(model, data[field])
    if row is None:
        abort(422, message=f"No {kind} {data[field]}.", errors={field: [f"No {kind} with this id."]})
    values[field] = row.id
    if kind == "program":
        values["name"] = row.name
        return values
    if conference is not None and row.conference_id != conference.id:
        abort(
            422,
            message=f"This {kind} is not at {conference.slug}.",
            errors={"conference": [f"Not the {kind}'s conference."]},
        )
    values["conference_id"] = row.conference_id
    if kind == "speaker":
        values.update(name=row.name, affiliation=row.affiliation)
    else:
        values["name"] = row.title[:300]
    return values


def _person_values(name: str, affiliation: str) -> dict:
    """A person's name and affiliation with the forms used to match them to speakers.

    :raise 422: when nothing of the name is left once titles and punctuation are removed.
    """
    normalized = normalize_person(name)
    if not normalized:
        abort(422, message="Give the person's name.", errors={"name": ["Give the person's name."]})
    return {
        "name": name,
        "affiliation": affiliation,
        "normalized_name": normalized,
        "normalized_affiliation": normalize_institution(affiliation),
    }


def find_same(user, values: dict, *, exclude=None) -> Target | None:
    """The user's live target for the same speaker, program, session or person, if any."""
    kind = values["kind"]
    query = owned(Target, user).where(Target.kind == kind)
    if kind in ("speaker", "session"):
        column = getattr(Target, f"{kind}_id")
        query = query.where(column == values[f"{kind}_id"])
    else:
        query = query.where(Target.conference_id.is_not_distinct_from(values.get("conference_id")))
        if kind == "program":
            query = query.where(Target.program_id == values["program_id"])
        else:
            query = query.where(
                Target.normalized_name == values["normalized_name"],
                Target.normalized_affiliation == values["normalized_affiliation"],
            )
    if exclude is not None:
        query = query.where(Target.id != exclude.id)
    return db.session.scalars(query.limit(1)).first()


def _prepare_target(user, stored: Target | None, values: dict, sent: dict) -> dict:
    """The columns of a target as written: a new one is checked and named; a stored one keeps what it is about.

    :raise 409: with the existing target as `current` when a new id marks something already marked.
    :raise 422: when the request changes what a target is about, or names a person the user already has.
    """
    if stored is None:
        columns = _values_for(values)
        existing = find_same(user, columns)
        if existing is not None:
            mark_met(user, [existing])
            abort(409, message=f"Already a target, under id {existing.id}.", current=TargetSchema().dump(existing))
        return columns
    _refuse_another_subject(stored, sent)
    columns = {name: values[name] for name in ("priority", "note", "why", "recommended_by")}
    if stored.kind != "person":
        return columns
    columns.update({name: values[name] for name in PERSON_FIELDS})
    if (columns["name"], columns["affiliation"]) != (stored.name, stored.affiliation):
        person = _person_values(columns["name"], columns["affiliation"])
        if find_same(user, {"kind": "person", "conference_id": stored.conference_id, **person}, exclude=stored):
            abort(422, message="You already have this person as a target.", errors={"name": ["Already a target."]})
        speaker = find_speaker(person["normalized_name"], person["normalized_affiliation"], stored.conference_id)
        columns.update(person, speaker_id=speaker.id if speaker else None)
        if speaker is not None:
            columns["conference_id"] = speaker.conference_id
    return columns


def _refuse_another_subject(stored: Target, sent: dict) -> None:
    """A target stays about the speaker, program, session or person it was made for (another one is a new target).

    :raise 422: naming the field that would change it.
    """
    wrong = {}
    if stored.kind != "person":
        wrong.update({name: ["Only person targets have this field."] for name in PERSON_FIELDS if name in sent})
    if sent.get("kind", stored.kind) != stored.kind:
        wrong["kind"] = ["A target keeps its kind; mark the other one as a new target."]
    field = ID_FIELD.get(stored.kind)
    if field and sent.get(field, getattr(stored, field)) != getattr(stored, field):
        wrong[field] = ["A target keeps what it is about; mark the other one as a new target."]
    stored_slug = stored.conference.slug if stored.conference else None
    if sent.get("conference", stored_slug) != stored_slug:
        wrong["conference"] = ["A target keeps its conference."]
    if wrong:
        abort(422, errors=wrong)  # the message names the fields, as for any invalid input


def _reload_conference(user, target: Target, before: dict | None) -> None:
    """Show the conference a change linked the target to, not the one loaded before it."""
    db.session.expire(target, ["conference"])


TARGETS = register(
    Kind(
        name="targets",
        model=Target,
        schema=TargetSchema(),
        defaults={"priority": "should", "note": "", "why": "", "name": "", "affiliation": "", "recommended_by": ""},
        prepare=_prepare_target,
        after_change=_reload_conference,
        complete=mark_met,
        derived={"conference": conference_slug(Target.conference_id), "met": MET},
    )
)


def _is_open(conference: Conference) -> bool:
    """Whether a conference has not ended: only then does it claim targets meant for any conference."""
    return conference.ends_on is None or conference.ends_on >= local_day(utcnow(), conference.tz)


def _match(normalized_affiliation: str, speakers: Iterable):
    """The one same-named speaker at this place, in any words for it (any when not given); None when none or several."""
    found = [
        speaker
        for speaker in speakers
        if not normalized_affiliation
        or same_institution(normalize_institution(speaker.affiliation), normalized_affiliation)
    ]
    return found[0] if len(found) == 1 else None


def find_speaker(normalized_name: str, normalized_affiliation: str, conference_id: int | None):
    """The speaker a person target names, in its conference or, without one, in any conference not yet over."""
    query = select(Speaker.id, Speaker.conference_id, Speaker.affiliation).where(
        Speaker.normalized_name == normalized_name
    )
    if conference_id is not None:
        return _match(normalized_affiliation, db.session.execute(query.where(Speaker.conference_id == conference_id)))
    # Whether a conference is over depends on its zone, so the few same-named speakers are sorted here.
    rows = db.session.execute(query.add_columns(Conference).join(Conference, Speaker.conference_id == Conference.id))
    return _match(normalized_affiliation, [row for row in rows if _is_open(row.Conference)])


@program_imported.connect
def link_person_targets(conference: Conference, **_) -> int:
    """Link every user's unlinked person targets to this conference's speakers; returns how many were linked.

    Called after each import. Two queries whatever the number of targets: the candidates, then
    the conference's speakers (names only); the matching happens in memory, and the flush
    writes the links in one batch. A name matching several speakers
    (same name, different affiliations) stays unlinked until the user adds the affiliation.
    """
    scope = Target.conference_id == conference.id
    if _is_open(conference):
        scope = or_(scope, Target.conference_id.is_(None))
    candidates = db.session.scalars(
        select(Target).where(Target.kind == "person", Target.deleted_at.is_(None), Target.speaker_id.is_(None), scope)
    ).all()
    if not candidates:
        return 0
    by_name = defaultdict(list)
    for speaker in db.session.execute(
        select(Speaker.id, Speaker.normalized_name, Speaker.affiliation).where(Speaker.conference_id == conference.id)
    ):
        by_name[speaker.normalized_name].append(speaker)
    links = []
    for target in candidates:
        speaker = _match(target.normalized_affiliation, by_name.get(normalize_person(target.name), ()))
        if speaker is not None:
            links.append((target, {"speaker_id": speaker.id, "conference_id": conference.id}))
    write_many(db.session, Target, links)
    return len(links)


@met_changed.connect
def touch_targets_met(_sender, speakers: set, programs: set, **_) -> None:
    """Give a new version to the live targets whose `met` flipped, so their owners' phones hear of it.

    `speakers` and `programs` are (owner id, speaker or program id) pairs: one query picks the
    owners' targets of those ids, the pairs are matched here, and one statement writes them.
    """
    pairs = speakers | programs
    if not pairs:
        return
    candidates = db.session.scalars(
        select(Target).where(
            Target.owner_id.in_({owner for owner, _ in pairs}),
            or_(
                Target.speaker_id.in_({id_ for _, id_ in speakers}), Target.program_id.in_({id_ for _, id_ in programs})
            ),
            Target.deleted_at.is_(None),
        )
    )
    met = [
        (target, {})
        for target in candidates
        if (target.owner_id, target.speaker_id) in speakers or (target.owner_id, target.program_id) in programs
    ]
    write_many(db.session, Target, met)
