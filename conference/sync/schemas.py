"""Request and response shapes of the sync protocol: If-Match and the changes feed."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate
from werkzeug.http import parse_etags

from .operations import ANY_VERSION, KINDS


class VersionsField(fields.String):
    """An If-Match header read as the versions it names (`3`, `"3"`, `W/"3"`, lists), or any version for `*`."""

    def _deserialize(self, value, attr, data, **kwargs):
        """Parse the entity tags; one that is no version of ours matches nothing, and a header naming none
        (empty, `""`) is refused: it is no condition a client means, and ignoring it would overwrite."""
        tags = parse_etags(super()._deserialize(value, attr, data, **kwargs))
        if tags.star_tag:
            return ANY_VERSION
        named = {tag for tag in tags.as_set(include_weak=True) if tag}
        if not named:
            raise ValidationError("Names no version: send the ETag you last saw, or *, or no If-Match at all.")
        return {int(tag) for tag in named if tag.isdigit() and len(tag) < 10}


class IfMatchSchema(Schema):
    """The version the client last saw, to refuse overwriting a change made on another device."""

    if_match = VersionsField(
        data_key="If-Match",
        load_default=None,
        metadata={"description": "the ETag of the record as the client last saw it; required to replace one with PUT"},
    )


class ChangesArgsSchema(Schema):
    """Where the client's copy stands."""

    since = fields.String(
        validate=validate.Regexp(r"^\d{1,9}$", error="Send the cursor of the previous answer."),
        metadata={"description": "the previous answer's cursor; without it, everything (no tombstones)"},
    )
    limit = fields.Integer(load_default=1000, validate=validate.Range(min=1, max=5000))


def changes_schema() -> type[Schema]:
    """The feed's response schema: one list per registered kind, the new cursor, and whether more remain."""
    lists = {
        name: fields.List(
            fields.Dict(), required=True, metadata={"description": f"changed {name}; deleted ones as tombstones"}
        )
        for name in KINDS
    }
    return type(
        "ChangesSchema",
        (Schema,),
        {
            **lists,
            "cursor": fields.String(required=True, metadata={"description": "send as `since` next time"}),
            "more": fields.Boolean(required=True, metadata={"description": "ask again with the new cursor"}),
        },
    )
