"""Request and response shapes for cards, scans, imports and contact downloads."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..web.schemas import Trimmed

CSV_FORMATS = ("google", "outlook")


class CardSchema(Schema):
    """One person's contact details as a card holds them."""

    name = fields.String()
    credentials = fields.String()
    pronouns = fields.String()
    institution = fields.String()
    title = fields.String()
    email = fields.String()
    phone = fields.String()
    linkedin_url = fields.String()
    url = fields.String()
    note = fields.String(metadata={"description": "on the user's own card: their one-line interest"})
    categories = fields.List(fields.String())


class MyCardSchema(Schema):
    """The user's card: the fields they share, and the vCard its QR code holds."""

    shown = fields.List(fields.String(), metadata={"description": "the profile fields the card shows"})
    card = fields.Nested(CardSchema)
    vcard = fields.String(metadata={"description": "vCard 3.0, exactly what the QR code holds"})


class ContactsFileSchema(Schema):
    """A .vcf file sent for import, as a multipart upload."""

    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary", "description": "a .vcf file"})


class FromCardSchema(Schema):
    """The text a scanned QR code held."""

    text = Trimmed(required=True, validate=validate.Length(min=1, max=8000))
    conference = Trimmed(
        validate=validate.Length(min=1, max=100), metadata={"description": "slug: match this conference's speakers"}
    )


class MatchSchema(Schema):
    """Whom a scanned card already is."""

    contact_id = fields.UUID(allow_none=True, metadata={"description": "the user's contact with this email or name"})
    speaker_id = fields.Integer(allow_none=True, metadata={"description": "the conference speaker this person is"})
    by = fields.String(allow_none=True, metadata={"description": "email or name_and_institution"})


class PrefillSchema(Schema):
    """A contact to show in the form, not saved until the user taps Save."""

    contact = fields.Dict(metadata={"description": "values for PUT /api/v1/me/contacts/<id>"})
    card = fields.Nested(CardSchema, metadata={"description": "everything the code held (phone, web link, ...)"})
    match = fields.Nested(MatchSchema)


class CardImportResultSchema(Schema):
    """What an import did with each card of the file."""

    created = fields.Integer()
    matched = fields.Integer(metadata={"description": "cards of people already among the contacts"})
    skipped = fields.Integer()
    reasons = fields.List(fields.String(), metadata={"description": "one line per skipped card"})


class ExportArgsSchema(Schema):
    """What a contacts download includes."""

    notes = fields.Boolean(load_default=False, metadata={"description": "true: add the private notes to each NOTE"})


class CsvArgsSchema(ExportArgsSchema):
    """Which product the CSV is for."""

    format = fields.String(required=True, validate=validate.OneOf(CSV_FORMATS))
