"""A card's QR code as SVG or PNG, drawn by segno at a size a phone camera reads from half a metre."""

from __future__ import annotations

import io

import segno

#: Pixels per module: a version-10 code (about 60 modules with its quiet zone) is then ~600 px wide.
SCALE = 10
#: The quiet zone the QR standard asks for, in modules.
BORDER = 4


class TooLongForCode(ValueError):
    """Text longer than the largest QR code holds at our error correction (about 2,300 bytes)."""


def _code(text: str) -> segno.QRCode:
    """The QR code of a text, in UTF-8 byte mode (what phone cameras expect), medium error correction.

    :raise TooLongForCode: when no QR code holds the text.
    """
    try:
        return segno.make(text, error="m", encoding="utf-8", micro=False, boost_error=False)
    except segno.DataOverflowError as exc:
        raise TooLongForCode(f"{len(text.encode())} bytes") from exc


def qr_svg(text: str) -> bytes:
    """The QR code as a standalone SVG, black on white, that scales to any screen (a viewBox, no fixed size)."""
    out = io.BytesIO()
    _code(text).save(
        out, kind="svg", scale=SCALE, border=BORDER, dark="#000", light="#fff", xmldecl=False, omitsize=True
    )
    return out.getvalue()


def qr_png(text: str) -> bytes:
    """The QR code as a PNG, black on white."""
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=SCALE, border=BORDER, dark="#000", light="#fff")
    return out.getvalue()
