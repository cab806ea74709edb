"""`mailto:` links (RFC 6068) that open a draft in the user's own mail app, encoded in bulk for feeds."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from urllib.parse import quote


def mailto(to: str | None, subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068) with the subject and body percent-encoded and CRLF line ends."""
    return mailtos([(to, subject, body)])[0]


def mailtos(messages: Sequence[tuple[str | None, str, str]]) -> list[str]:
    """The mailto: URLs of many (to, subject, body) messages, percent-encoded in one pass."""
    # RFC 6068: line ends in a body are CRLF.
    parts = percent_encode_all(
        [text for _, subject, body in messages for text in (subject, body.replace("\n", "\r\n"))]
    )
    addresses = {to: quote(to or "", safe="@") for to in {to for to, _, _ in messages}}  # once a contact
    return [
        f"mailto:{addresses[to]}?subject={parts[2 * n]}&body={parts[2 * n + 1]}"
        for n, (to, _, _) in enumerate(messages)
    ]


#: What RFC 3986 leaves unencoded anywhere in a URL.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def percent_encode_all(texts: Sequence[str]) -> list[str]:
    """Each text as `quote(text, safe="")` gives it, with one str.replace per distinct character over all of them.

    quote() takes a Python step per byte, which thousands of long drafts make the larger part of a feed.
    The texts are joined by a character none of them holds, which encoding leaves alone.
    """
    if not texts:
        return []
    chars = set().union(*texts)
    candidates = map(chr, itertools.chain(range(32), range(0xE000, 0x110000)))  # controls, then private use
    separator = next(char for char in candidates if char not in chars)
    joined = separator.join(texts)
    for char in sorted(chars - _UNRESERVED, key=lambda char: char != "%"):  # "%" first: the others add some
        joined = joined.replace(char, "".join(f"%{byte:02X}" for byte in char.encode()))
    return joined.split(separator)
