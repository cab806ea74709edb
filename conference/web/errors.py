"""The one JSON error shape every endpoint answers with."""

from __future__ import annotations

from flask import current_app, jsonify
from flask_smorest import Api
from marshmallow import Schema, fields
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException

#: Failures of the database connection, not of the request: worth trying again shortly.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)
#: Seconds a client waits before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 5


class ErrorDetailSchema(Schema):
    """What went wrong: the HTTP status, a sentence, and the fields at fault."""

    status = fields.Integer(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", metadata={"description": "field name -> messages"})
    current = fields.Dict(metadata={"description": "the stored record, on a version conflict"})


class ErrorSchema(Schema):
    """The envelope of every error response."""

    error = fields.Nested(ErrorDetailSchema, required=True)


def _flatten(messages) -> dict:
    """Merge webargs' per-location messages ({"json": {...}, "query": {...}}) into one field map."""
    if not isinstance(messages, dict):
        return {"_schema": messages} if messages else {}
    flat: dict = {}
    for location, value in messages.items():
        if location in {"json", "query", "form", "files", "headers", "path", "view_args"} and isinstance(value, dict):
            flat.update(value)
        else:
            flat[location] = value
    return flat


def error_response(status: int, message: str, fields_at_fault: dict | None = None, **extra):
    """Build the JSON error response used everywhere: {"error": {"status", "message", "fields"}}."""
    body = {"status": status, "message": message}
    if fields_at_fault:
        body["fields"] = fields_at_fault
    body.update(extra)
    response = jsonify({"error": body})
    response.status_code = status
    return response


class ConferenceApi(Api):
    """flask-smorest's Api with our error shape, the Allow header kept on 405, and the API document built late.

    Describing every endpoint is most of the cost of building an app, and only `/api/openapi.json` (and the
    `flask openapi` commands) read the description: it is written when `spec` is first read.
    """

    ERROR_SCHEMA = ErrorSchema

    @property
    def spec(self):
        """The API document, with the blueprints registered since it was last read described in it."""
        while self._undescribed:
            blueprint, app, name, parameters = self._undescribed.pop(0)
            blueprint.register_views_in_doc(self, app, self._spec, name=name, parameters=parameters)
            self._spec.tag({"name": name, "description": blueprint.description})
        return self._spec

    @spec.setter
    def spec(self, spec) -> None:
        """A new app's document: what was waiting to be described belonged to the previous one."""
        self._spec = spec
        self._undescribed = []

    def register_blueprint(self, blp, *, parameters=None, **options):
        """Serve the blueprint's endpoints now; describe them when the document is read."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undescribed.append((blp, self._app, name, parameters))

    def handle_http_exception(self, error: HTTPException):
        """Answer any HTTP error, including unhandled exceptions turned into 500, as JSON."""
        from ..extensions import db

        data = getattr(error, "data", None) or {}
        if error.code == 500:
            db.session.rollback()
            if isinstance(getattr(error, "original_exception", None), DATABASE_UNAVAILABLE):
                return _database_unavailable()
        fields_at_fault = _flatten(data.get("errors") or data.get("messages") or {})
        message = data.get("message") or _message_for(error, fields_at_fault)
        extra = {"current": data["current"]} if "current" in data else {}
        response = error_response(error.code or 500, message, fields_at_fault, **extra)
        valid_methods = getattr(error, "valid_methods", None)
        if valid_methods:
            response.headers["Allow"] = ", ".join(valid_methods)
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response


def _database_unavailable():
    """503 with Retry-After while the database cannot be reached; the pool reconnects by itself."""
    current_app.logger.warning("database unavailable; answered 503")  # no statement, no parameters
    response = error_response(503, "The service is briefly unavailable; try again in a few seconds.")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _message_for(error: HTTPException, fields_at_fault: dict) -> str:
    """A short sentence for errors raised without one of our own."""
    if error.code == 422 and fields_at_fault:
        return "Invalid input: " + ", ".join(sorted(fields_at_fault)) + "."
    if error.code == 500:
        return "Internal server error."
    if error.code == 429:
        return f"Too many requests: {error.description}."
    return error.description or error.name
