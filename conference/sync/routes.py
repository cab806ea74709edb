"""The endpoints every synced kind shares: one record under its client-made id, and the changes feed.

Items are written with PUT to an id the phone made, so a request retried after a lost answer
finds its record instead of making a second one. Item answers carry the version as ETag; send it
back as If-Match to refuse overwriting a change made on another device.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest import Blueprint
from marshmallow import Schema
from sqlalchemy import Select

from ..web.errors import ErrorSchema
from ..web.pagination import page_schema, paginate
from . import operations
from .changes import changes_since
from .operations import Kind, etag_headers, get_owned_or_404
from .reading import showing, shown
from .schemas import ChangesArgsSchema, IfMatchSchema, changes_schema

STALE = "Changed since the version in If-Match; `current` holds the stored record"
UNCONDITIONAL = "Would replace a stored record without If-Match; `current` holds it"
GONE = "Deleted by the user; a new record needs a new id"


class Summaries(NamedTuple):
    """The one-line summary the API document shows for each endpoint of a synced record."""

    get: str
    put: str
    patch: str
    delete: str


def summary(text: str):
    """Give a generated view method its summary: flask-smorest reads it from the docstring."""

    def set_doc(method):
        method.__doc__ = text
        return method

    return set_doc


def register_item_views(
    blp: Blueprint,
    kind: Kind,
    rule: str,
    *,
    put_schema: type[Schema],
    patch_schema: type[Schema],
    summaries: Summaries,
    duplicate: str | None = None,
) -> None:
    """Serve one record of a kind at `rule` (which ends in `<uuid:record_id>`): GET, PUT, PATCH and DELETE.

    `duplicate` describes the 409 a PUT answers when a new id repeats a record the user has (None: never).
    """
    schema = type(kind.schema)
    documents_duplicate = (
        blp.alt_response(409, schema=ErrorSchema, description=duplicate) if duplicate else (lambda method: method)
    )

    class Item(MethodView):
        """One of the user's records, written under the id the phone made."""

        decorators = [login_required]

        @blp.response(200, schema)
        @summary(summaries.get)
        def get(self, record_id):
            record = get_owned_or_404(kind.model, current_user, record_id)
            kind.complete(current_user, [record])
            return record, 200, etag_headers(record)

        @blp.arguments(IfMatchSchema, location="headers", error_status_code=400)
        @blp.arguments(put_schema)
        @blp.response(200, schema)
        @blp.alt_response(201, schema=schema, description="Created under the id in the path")
        @blp.alt_response(410, schema=ErrorSchema, description=GONE)
        @blp.alt_response(412, schema=ErrorSchema, description=STALE)
        @blp.alt_response(428, schema=ErrorSchema, description=UNCONDITIONAL)
        @documents_duplicate
        @summary(summaries.put)
        def put(self, headers, data, record_id):
            record, created = operations.put(kind, current_user, record_id, data, headers["if_match"])
            kind.complete(current_user, [record])
            return record, 201 if created else 200, etag_headers(record)

        @blp.arguments(IfMatchSchema, location="headers", error_status_code=400)
        @blp.arguments(patch_schema(partial=True))
        @blp.response(200, schema)
        @blp.alt_response(412, schema=ErrorSchema, description=STALE)
        @summary(summaries.patch)
        def patch(self, headers, data, record_id):
            record = operations.patch(kind, current_user, record_id, data, headers["if_match"])
            kind.complete(current_user, [record])
            return record, 200, etag_headers(record)

        @blp.arguments(IfMatchSchema, location="headers", error_status_code=400)
        @blp.response(204)
        @blp.alt_response(412, schema=ErrorSchema, description=STALE)
        @summary(summaries.delete)
        def delete(self, headers, record_id):
            operations.delete(kind, current_user, record_id, headers["if_match"])

    # The class name is the endpoint's name, so each kind's view needs its own.
    Item.__name__ = Item.__qualname__ = f"{kind.model.__name__}ById"
    blp.route(rule)(Item)


def register_synced(
    blp: Blueprint,
    kind: Kind,
    path: str,
    *,
    patch_schema: type[Schema],
    query_schema: type[Schema],
    query: Callable[[object, dict], Select],
    list_summary: str,
    summaries: Summaries,
) -> None:
    """Serve one kind of synced record: a paged list at `path`, and each record at `path/<id>`."""

    class Collection(MethodView):
        """The user's records of one kind, a page at a time."""

        decorators = [login_required]

        @blp.arguments(query_schema, location="query")
        @blp.response(200, page_schema(type(kind.schema), serialized=True))
        @summary(list_summary)
        def get(self, args):
            kind.refresh(current_user)
            return paginate(query(current_user, args), args, lambda page: shown(kind, showing(kind, page)))

    # The class name is the endpoint's name, so each kind's view needs its own.
    Collection.__name__ = Collection.__qualname__ = f"{kind.model.__name__}s"
    blp.route(path)(Collection)
    register_item_views(
        blp,
        kind,
        f"{path}/<uuid:record_id>",
        put_schema=type(kind.schema),
        patch_schema=patch_schema,
        summaries=summaries,
    )


def changes_blueprint() -> Blueprint:
    """The changes feed, built with the app once every feature has registered its kinds."""
    blp = Blueprint("sync", __name__, url_prefix="/api/v1/me", description="The changes feed of synced records")

    @blp.route("/changes")
    @login_required
    @blp.arguments(ChangesArgsSchema, location="query")
    @blp.response(200, changes_schema())
    def changes(args):
        """Everything of mine created, changed or deleted since a cursor, and the next cursor."""
        since = int(args["since"]) if "since" in args else None
        return changes_since(current_user, since, args["limit"])

    return blp
