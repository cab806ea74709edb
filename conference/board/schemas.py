"""Response shapes for the board of advisors."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..people.models import ADVISOR_ROLES
from ..web.schemas import Moment


class AdvisorSchema(Schema):
    """One advisor on the board, with when they last heard from the user and when they are next due an update."""

    contact_id = fields.UUID(required=True)
    name = fields.String(required=True)
    institution = fields.String(required=True)
    advisor_roles = fields.List(fields.String(validate=validate.OneOf(ADVISOR_ROLES)), required=True)
    update_every_months = fields.Integer(
        allow_none=True, metadata={"description": "the contact's own, else 3 for a mentor; none: no reminder"}
    )
    last_contact_at = Moment(
        allow_none=True, metadata={"description": "the latest encounter or done follow-up; none yet when absent"}
    )
    next_update_due = Moment(
        allow_none=True,
        metadata={"description": "the last contact (else when added) plus update_every_months, in the user's zone"},
    )
    update_followup_id = fields.UUID(
        allow_none=True,
        metadata={"description": "the open mentor-update follow-up, made once when the update falls due"},
    )


class SeatSchema(Schema):
    """One seat on the board and who holds it."""

    role = fields.String(required=True, validate=validate.OneOf(ADVISOR_ROLES))
    label = fields.String(required=True)
    empty_text = fields.String(required=True, metadata={"description": '"No research mentor yet"'})
    advisors = fields.List(fields.Nested(AdvisorSchema), required=True)


class BoardSchema(Schema):
    """The user's board of advisors: a seat with nobody in it is a to-do, not a failure."""

    roles = fields.List(fields.Nested(SeatSchema), required=True)
    empty_roles = fields.List(fields.String(validate=validate.OneOf(ADVISOR_ROLES)), required=True)
