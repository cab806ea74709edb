"""Browsing the program, and importing it (admins)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app, g, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import Select, bindparam, func, select
from werkzeug.exceptions import RequestEntityTooLarge

from ..accounts.access import admin_required
from ..db.pagecache import cached_json, json_page, recent
from ..extensions import db
from ..web.conditional import not_modified
from ..web.errors import error_response
from ..web.pagination import PageArgsSchema, page_schema, paginate
from . import operations, queries
from .cards import serialized_page
from .importers.records import ScheduleFormatError
from .models import Conference, Session
from .schemas import (
    ConferenceSchema,
    ImportFormSchema,
    ImportResultSchema,
    ProgramSchema,
    SearchArgsSchema,
    SessionQueryArgsSchema,
    SessionSchema,
    SpeakerDetailSchema,
    SpeakerQueryArgsSchema,
    SpeakerSchema,
)

blp = Blueprint("schedule", __name__, url_prefix="/api/v1", description="The conference program")


# Built once: these run on every list request, 304s included.
_ALL_VERSIONS = select(
    func.count(), func.max(Conference.id), func.sum(Conference.program_version), func.max(Conference.updated_at)
)
_VERSIONS_BY_SLUG = select(Conference.id, Conference.version, Conference.program_version).where(
    Conference.slug == bindparam("slug")
)


def _every_program_version(view_args: dict) -> tuple:
    """Facts that move whenever any conference's program or the list of conferences changes."""
    return recent(("every program",), lambda: tuple(db.session.execute(_ALL_VERSIONS).one()))


def _conference_versions(view_args: dict) -> tuple | None:
    """What a conference's program lists depend on, in one lookup by its unique slug; None when there is none."""
    slug = view_args["slug"]
    row = recent(("program", slug), lambda: db.session.execute(_VERSIONS_BY_SLUG, {"slug": slug}).one_or_none())
    return None if row is None else tuple(row)


#: The program lists, and the facts each one's answer depends on (the program changes only by import).
PROGRAM_LISTS = {
    "schedule.Conferences": _every_program_version,
    "schedule.Programs": _every_program_version,
    "schedule.Sessions": _conference_versions,
    "schedule.Speakers": _conference_versions,
}


@blp.before_request
def answer_unchanged_program_lists():
    """Answer a program list with a 304, or a page this process already serialized, before parsing anything."""
    facts_of = PROGRAM_LISTS.get(request.endpoint)
    facts = facts_of(request.view_args) if facts_of else None
    if facts is None:
        return None  # not a program list, or an unknown conference: the view answers
    g.program_page_key = (request.endpoint, request.full_path, facts)
    return not_modified(*facts) or cached_json(g.program_page_key)


def _program_page(schema, listing: Callable[[], Select], args):
    """The page, serialized once per process and program version (see answer_unchanged_program_lists)."""
    page_type = page_schema(schema)
    return json_page(g.program_page_key, lambda: page_type().dump(paginate(listing(), args)))


@blp.route("/conferences")
class Conferences(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(ConferenceSchema))
    def get(self, args):
        """List conferences, latest first."""
        listing = lambda: select(Conference).order_by(Conference.starts_on.desc(), Conference.id)  # noqa: E731
        return _program_page(ConferenceSchema, listing, args)


@blp.route("/conferences/<slug>")
class ConferenceItem(MethodView):
    @blp.response(200, ConferenceSchema)
    def get(self, slug):
        """One conference."""
        return queries.conference_or_404(slug)


@blp.route("/conferences/<slug>/sessions")
class Sessions(MethodView):
    @blp.arguments(SessionQueryArgsSchema, location="query")
    @blp.response(200, page_schema(SessionSchema))
    def get(self, args, slug):
        """List sessions by start time, filtered; answers 304 when the program has not changed."""
        conference = queries.conference_or_404(slug)
        listing = queries.sessions_query(conference, args)
        return json_page(g.program_page_key, lambda: serialized_page(conference, listing, args))


@blp.route("/sessions/<int:session_id>")
class SessionItem(MethodView):
    @blp.response(200, SessionSchema)
    def get(self, session_id):
        """One session with its speakers."""
        session = db.session.scalars(
            select(Session).options(*queries.session_loading()).where(Session.id == session_id)
        ).one_or_none()
        if session is None:
            abort(404, message=f"Session {session_id} not found.")
        return session


@blp.route("/conferences/<slug>/speakers")
class Speakers(MethodView):
    @blp.arguments(SpeakerQueryArgsSchema, location="query")
    @blp.response(200, page_schema(SpeakerSchema))
    def get(self, args, slug):
        """List a conference's speakers by name, optionally matching `q` in name or affiliation, or of one program."""
        conference = queries.conference_or_404(slug)
        listing = lambda: queries.speakers_query(conference, args.get("q"), args.get("program"))  # noqa: E731
        return _program_page(SpeakerSchema, listing, args)


@blp.route("/speakers/<int:speaker_id>")
class SpeakerItem(MethodView):
    @blp.response(200, SpeakerDetailSchema)
    def get(self, speaker_id):
        """One speaker with their sessions."""
        speaker = db.session.scalars(queries.speaker_detail_query(speaker_id)).unique().one_or_none()
        if speaker is None:
            abort(404, message=f"Speaker {speaker_id} not found.")
        return speaker


@blp.route("/programs")
class Programs(MethodView):
    @blp.arguments(SearchArgsSchema, location="query")
    @blp.response(200, page_schema(ProgramSchema))
    def get(self, args):
        """List programs and institutions by name."""
        listing = lambda: queries.programs_query(args.get("q"))  # noqa: E731
        return _program_page(ProgramSchema, listing, args)


@blp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge):
    """Answer an upload over MAX_CONTENT_LENGTH under the field `file`, with the limit; it is refused unread, so
    no import run is recorded (nothing names the file)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    message = f"The upload is larger than the limit of {limit / 2**20:.3g} MB."
    return error_response(413, message, {"file": [message]})


@blp.route("/conferences/<slug>/imports")
class Imports(MethodView):
    decorators = [admin_required]

    @blp.arguments(ImportFormSchema, location="form")
    @blp.response(201, ImportResultSchema)
    @blp.alt_response(200, schema=ImportResultSchema, description="With dry_run: what the import would do")
    @blp.alt_response(403, description="Only admins import programs")
    @blp.alt_response(413, description="The file is larger than the upload limit")
    def post(self, form, slug):
        """Import a program file (multipart `file`) as the complete program; `dry_run=true` previews it (200).

        The last imported file, with the same options, is not read again (`same_file`) unless `force=true`.
        """
        upload = request.files.get("file")
        if upload is None:
            abort(422, message="Attach the program as the multipart field `file`.", errors={"file": ["Missing file."]})
        data, filename = upload.read(), upload.filename or ""
        options = {
            "slug": slug,
            "name": form.get("name"),
            "timezone": form.get("timezone"),
            "fmt": form.get("format"),
            "skip_invalid": form["skip_invalid"],
            "allow_cancel": form["allow_cancel"],
            "filename": filename,
            "first_day": form.get("first_day"),
            "sheet": form.get("sheet", ""),
            "level": form.get("level", ""),
        }
        try:
            if form["dry_run"]:
                return operations.preview_import(data, **options), 200
            return operations.import_schedule(data, **options, force=form["force"], user_id=current_user.id)
        except ScheduleFormatError as exc:
            if not form["dry_run"]:  # a preview that fails is no import run
                db.session.rollback()
                digest = hashlib.sha256(data).hexdigest()
                operations.record_failed_import(slug, digest, form.get("format"), filename, str(exc), current_user.id)
                db.session.commit()
            abort(422, message=str(exc), errors={exc.field: [str(exc)]})
