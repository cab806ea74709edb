"""Schema pieces every feature shares: text as typed on a phone, and what every synced record shows."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load


class Trimmed(fields.String):
    """A string with surrounding whitespace removed, as phone keyboards add it."""

    def _deserialize(self, value, attr, data, **kwargs):
        """Strip the loaded string; refuse NUL characters, which PostgreSQL cannot store."""
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Contains a NUL character.")
        return text.strip()


class SyncedSchema(Schema):
    """What every synced record shows: its id, version, times and tombstone."""

    id = fields.UUID(dump_only=True, metadata={"description": "made by the client; PUT to this id creates"})
    version = fields.Integer(dump_only=True, metadata={"description": "bumped on every change; send as If-Match"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    deleted_at = fields.DateTime(dump_only=True, allow_none=True)

    @pre_load
    def drop_server_fields(self, data, **kwargs):
        """Ignore what only the server sets (dump-only fields), so a record can be sent back as it was received."""
        if isinstance(data, dict):
            server_fields = {field.data_key or name for name, field in self.dump_fields.items() if field.dump_only}
            data = {key: value for key, value in data.items() if key not in server_fields}
        return data
