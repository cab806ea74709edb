"""Browsing the program, and importing it (admins)."""
from __future__ import annotations

from flask import request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import func, select

from ..accounts.access import admin_required
from ..etag import not_modified
from ..extensions import db
from ..pagecache import json_page
from ..pagination import PageArgsSchema, page_schema, paginate
from . import operations, queries
from .importers.records import ScheduleFormatError
from .models import Conference, Program, Session, Speaker
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


def _conference_or_404(slug: str) -> Conference:
    """Load a conference by slug.

    :raise 404: when there is none.
    """
    conference = operations.get_conference(slug)
    if conference is None:
        abort(404, message=f"Conference {slug!r} not found.")
    return conference


def _every_program_version() -> tuple:
    """Facts that move whenever any conference's program or the list of conferences changes."""
    return tuple(
        db.session.execute(
            select(func.count(), func.max(Conference.id), func.sum(Conference.program_version), func.max(Conference.updated_at))
        ).one()
    )


def _program_page(facts: tuple, schema, listing, args):
    """A 304 when the client's copy is as fresh as `facts`, else the page, serialized once per process."""
    page_type = page_schema(schema)
    return not_modified(*facts) or json_page(
        (request.endpoint, request.full_path, facts), lambda: page_type().dump(paginate(listing, args))
    )


def _conference_facts(conference: Conference) -> tuple:
    """What a conference's program lists depend on: one indexed lookup already made."""
    return conference.id, conference.version, conference.program_version


@blp.route("/conferences")
class Conferences(MethodView):
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(ConferenceSchema))
    def get(self, args):
        """List conferences, latest first."""
        listing = select(Conference).order_by(Conference.starts_on.desc(), Conference.id)
        return _program_page(_every_program_version(), ConferenceSchema, listing, args)


@blp.route("/conferences/<slug>")
class ConferenceItem(MethodView):
    @blp.response(200, ConferenceSchema)
    def get(self, slug):
        """One conference."""
        return _conference_or_404(slug)


@blp.route("/conferences/<slug>/sessions")
class Sessions(MethodView):
    @blp.arguments(SessionQueryArgsSchema, location="query")
    @blp.response(200, page_schema(SessionSchema))
    def get(self, args, slug):
        """List sessions by start time, filtered; answers 304 when the program has not changed."""
        conference = _conference_or_404(slug)
        return _program_page(_conference_facts(conference), SessionSchema, queries.sessions_query(conference, args), args)


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
        conference = _conference_or_404(slug)
        listing = queries.speakers_query(conference, args.get("q"), args.get("program"))
        return _program_page(_conference_facts(conference), SpeakerSchema, listing, args)


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
        listing = queries.programs_query(args.get("q"))
        return _program_page(_every_program_version(), ProgramSchema, listing, args)


@blp.route("/conferences/<slug>/imports")
class Imports(MethodView):
    decorators = [admin_required]

    @blp.arguments(ImportFormSchema, location="form")
    @blp.response(201, ImportResultSchema)
    @blp.alt_response(403, description="Only admins import programs")
    @blp.alt_response(413, description="The file is larger than the upload limit")
    def post(self, form, slug):
        """Import a program file (multipart `file`) as the complete program of the conference."""
        upload = request.files.get("file")
        if upload is None:
            abort(422, message="Attach the program as the multipart field `file`.", errors={"file": ["Missing file."]})
        data = upload.read()
        try:
            return operations.import_schedule(
                data,
                slug=slug,
                name=form.get("name"),
                timezone=form.get("timezone"),
                fmt=form.get("format"),
                skip_invalid=form["skip_invalid"],
                filename=upload.filename or "",
                user_id=current_user.id,
            )
        except ScheduleFormatError as exc:
            db.session.rollback()
            operations.record_failed_import(slug, data, form.get("format"), upload.filename or "", str(exc), current_user.id)
            db.session.commit()
            abort(422, message=str(exc), errors={"file": [str(exc)]})
