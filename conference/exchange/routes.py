"""Contact details in and out: my card and its QR code, scanned and imported cards, contacts as files."""

from __future__ import annotations

import uuid

from flask import Response
from flask_login import current_user, login_required
from flask_smorest import Blueprint, abort

from ..db.types import utcnow
from ..web.security import mark_private
from . import operations
from .csv_export import write_csv
from .qr import TooLongForCode, qr_png, qr_svg
from .schemas import (
    CardImportResultSchema,
    ContactsFileSchema,
    CsvArgsSchema,
    ExportArgsSchema,
    FromCardSchema,
    MyCardSchema,
    PrefillSchema,
)
from .vcard import write_vcard, write_vcards

blp = Blueprint(
    "exchange", __name__, url_prefix="/api/v1/me", description="My contact card, scanned and imported cards, downloads"
)
blp.before_request(mark_private)


def _download(body: str | bytes, content_type: str, name: str | None = None) -> Response:
    """A file answer; named ones are saved by the browser rather than shown."""
    response = Response(body, content_type=content_type)
    if name is not None:
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _my_vcard() -> str:
    """The user's card as vCard 3.0: what the QR code holds and card.vcf serves."""
    return write_vcard(operations.own_card(current_user), "3.0")


def _my_code(draw) -> bytes:
    """The QR code of my card, drawn by `draw` (qr_svg or qr_png).

    :raise 422: naming `card_fields` when the card holds more than a QR code can.
    """
    try:
        return draw(_my_vcard())
    except TooLongForCode as exc:
        reason = f"Your card ({exc}) is more than a QR code holds: show fewer fields on it, or shorten them."
        abort(422, message=reason, errors={"card_fields": [reason]})


@blp.route("/card")
@login_required
@blp.response(200, MyCardSchema)
def my_card():
    """My contact card: only the fields I chose to share (`card_fields` on /me)."""
    card = operations.own_card(current_user)
    return {"shown": current_user.card_fields, "card": card.as_dict(), "vcard": write_vcard(card, "3.0")}


@blp.route("/card.vcf")
@login_required
@blp.response(200, description="vCard 3.0, which phone cameras offer to add as a contact", content_type="text/vcard")
def my_card_vcf():
    """My contact card as a vCard file."""
    return _download(_my_vcard(), "text/vcard; charset=utf-8", "card.vcf")


@blp.route("/card.svg")
@login_required
@blp.response(200, description="The QR code of my card.vcf", content_type="image/svg+xml")
@blp.alt_response(422, description="The card holds more than a QR code can")
def my_card_svg():
    """The QR code of my card, as SVG."""
    return _download(_my_code(qr_svg), "image/svg+xml")


@blp.route("/card.png")
@login_required
@blp.response(200, description="The QR code of my card.vcf", content_type="image/png")
@blp.alt_response(422, description="The card holds more than a QR code can")
def my_card_png():
    """The QR code of my card, as PNG."""
    return _download(_my_code(qr_png), "image/png")


@blp.route("/contacts/from-card", methods=["POST"])
@login_required
@blp.arguments(FromCardSchema)
@blp.response(200, PrefillSchema)
def from_card(data):
    """The contact a scanned code describes (vCard, MECARD, LinkedIn, mailto:, link), matched but not saved."""
    return operations.prefill(current_user, data["text"], data.get("conference"))


@blp.route("/contacts/import", methods=["POST"])
@login_required
@blp.arguments(ContactsFileSchema, location="files")
@blp.response(200, CardImportResultSchema)
def import_contacts(files):
    """Add the contacts of a .vcf file (multipart `file`): matched rather than duplicated, skipped cards explained."""
    return operations.import_cards(current_user, files["file"].read(operations.MAX_IMPORT_BYTES + 1))


@blp.route("/contacts.vcf")
@login_required
@blp.arguments(ExportArgsSchema, location="query")
@blp.response(200, description="Every contact as vCard 4.0", content_type="text/vcard")
def contacts_vcf(args):
    """All my contacts as one vCard 4.0 file; the private notes only with `notes=true`."""
    cards = operations.contact_cards(current_user, with_notes=args["notes"])
    return _download(write_vcards(cards, "4.0"), "text/vcard; charset=utf-8", f"contacts-{utcnow():%Y-%m-%d}.vcf")


@blp.route("/contacts/<uuid:contact_id>.vcf")
@login_required
@blp.arguments(ExportArgsSchema, location="query")
@blp.response(200, description="One contact as vCard 3.0, for the phone's address book", content_type="text/vcard")
@blp.alt_response(404, description="No such contact of mine")
def contact_vcf(args, contact_id: uuid.UUID):
    """One contact as a vCard file to add to the phone's contacts."""
    (card,) = operations.contact_cards(current_user, with_notes=args["notes"], contact_id=contact_id)
    return _download(write_vcard(card, "3.0"), "text/vcard; charset=utf-8", "contact.vcf")


@blp.route("/contacts.csv")
@login_required
@blp.arguments(CsvArgsSchema, location="query")
@blp.response(200, description="Every contact in Google's or Outlook's CSV columns", content_type="text/csv")
def contacts_csv(args):
    """All my contacts as a CSV file for Google Contacts or Outlook to import."""
    cards = operations.contact_cards(current_user, with_notes=args["notes"])
    name = f"contacts-{args['format']}-{utcnow():%Y-%m-%d}.csv"
    return _download(write_csv(cards, args["format"]), "text/csv; charset=utf-8", name)
