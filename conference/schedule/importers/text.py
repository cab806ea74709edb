"""Turning uploaded bytes into clean text, and HTML descriptions into plain text."""
from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from ...web.inputs import unstorable_paths
from .records import ScheduleFormatError

# C0 and C1 control characters except tab and newline; CR is normalised away before this runs.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: a JSON escape of a surrogate or of NUL
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")


def with_filename(filename: str, message: str) -> str:
    """Prefix a message with the file name so the importer's user knows which upload failed; one line, always."""
    message = " ".join(message.split()) if "\n" in message else message
    return f"{filename}: {message}" if filename else message


def decode_text(data: bytes, filename: str = "") -> str:
    """Return the file as text (UTF-8, BOM optional), with LF line ends and no control characters.

    :raise ScheduleFormatError: when the file is empty or is not UTF-8.
    """
    start = data[:4096]
    if data.startswith(_UTF16_BOMS) or start.count(b"\x00") > len(start) // 4:  # every other byte in ASCII text
        raise ScheduleFormatError(with_filename(filename, "the file is UTF-16; save it as UTF-8"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise ScheduleFormatError(
            with_filename(filename, f"not UTF-8 text (byte 0x{byte:02X} on line {line}); save it as UTF-8")
        ) from None
    text = _clean(text)
    if not text or text.isspace():  # not text.strip(), which would copy it all
        raise ScheduleFormatError(with_filename(filename, "file is empty"))
    return text


def storable_json(document, text: str, filename: str = ""):
    """Return the JSON document decoded from text, once every string in it is known to be storable.

    UTF-8 cannot hold a lone surrogate, but JSON's escapes can (`"\\ud800"`), and `"\\u0000"` a NUL;
    only a text with such an escape is walked.
    :raise ScheduleFormatError: naming the first such value's place in the document.
    """
    if _UNSTORABLE_ESCAPE.search(text) and (found := next(unstorable_paths(document), None)):
        path, reason = found
        raise ScheduleFormatError(with_filename(filename, f"{path}: {reason} Remove it from the file."))
    return document


def text_lines(data: bytes) -> Iterator[str]:
    """Yield the lines of `decode_text(data)` (which has found data to be UTF-8), decoding one at a time: a large
    program's whole text, four bytes a character once it holds one emoji, is then never held beside its rows."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    while start < len(data):
        end = data.find(b"\n", start) + 1 or len(data)
        yield from lines(_clean(data[start:end].decode()))  # a lone CR ends a line too
        start = end


def lines(text: str) -> Iterator[str]:
    """Yield the text's lines with their line ends: a StringIO would copy all of it at four bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start) + 1 or len(text)
        yield text[start:end]
        start = end


def _clean(text: str) -> str:
    """Return text with LF line ends and no control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, keeping paragraphs and line breaks apart."""

    BREAKS = frozenset({"p", "br", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(value: str) -> str:
    """Return an abstract without HTML tags or entities, as programs show descriptions as plain text."""
    if "<" in value or "&" in value:
        extractor = _TextExtractor()
        extractor.feed(value)
        extractor.close()
        value = "".join(extractor.parts)
    value = _TRAILING_SPACE.sub("\n", value)
    return _BLANK_LINES.sub("\n\n", value).strip()
