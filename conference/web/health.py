"""`/healthz` for load balancers: is the service up and does the database answer."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

blp = Blueprint("health", __name__, description="Service health")


class HealthSchema(Schema):
    """Service and database status."""

    status = fields.String(required=True)
    database = fields.String(required=True)


@blp.route("/healthz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database does not answer")
def healthz():
    """Report whether the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        current_app.logger.warning("health check: database unavailable", exc_info=True)
        db.session.rollback()
        return {"status": "error", "database": "unavailable"}, 503
    return {"status": "ok", "database": "ok"}
