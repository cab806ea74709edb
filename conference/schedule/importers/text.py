"""Turning uploaded bytes into clean text, and HTML descriptions into plain text."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from charset_normalizer import from_bytes

from ...web.inputs import unstorable_paths
from .records import ScheduleFormatError

# C0 and C1 control characters except tab and newline; CR is normalised away before this runs.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: a JSON escape of a surrogate or of NUL
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")
#: what programs saved outside UTF-8 are in: Excel on Windows, and on older Macs
_LEGACY = ("cp1252", "mac_roman")
_NAMES = {"utf_8": "UTF-8", "cp1252": "Windows-1252", "mac_roman": "Mac Roman"}
_UTF16 = ("utf_16", "utf_16_le", "utf_16_be")
_CLOSE = 0.02  #: chaos scores this close are a tie, settled by which reading makes words of letters
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and how it was read, for the warning an import shows."""

    text: str
    encoding: str = "utf_8"  #: Python's name of the encoding it was read in
    replaced: int = 0  #: bytes no encoding reads, each now U+FFFD
    first_line: int = 0  #: the line of the first of them

    def notice(self, filename: str) -> str | None:
        """Return the warning that says the file was not clean UTF-8, None when it was."""
        if self.encoding in _UTF16:
            return None  # a Unicode encoding: nothing was lost or guessed
        if self.encoding != "utf_8":
            name = _NAMES.get(self.encoding, self.encoding)
            return with_filename(filename, f"not UTF-8: read as {name}; check accented letters in the preview")
        if self.replaced:
            count = f"{self.replaced} bytes that are" if self.replaced > 1 else "1 byte that is"
            return with_filename(filename, f"{count} not UTF-8 (first on line {self.first_line}) read as \ufffd")
        return None


def with_filename(filename: str, message: str) -> str:
    """Prefix a message with the file name so the importer's user knows which upload failed; one line, always."""
    message = " ".join(message.split()) if "\n" in message else message
    return f"{filename}: {message}" if filename else message


def decode_text(data: bytes, filename: str = "") -> str:
    """Return the file as text (see `read_text`)."""
    return read_text(data, filename).text


def read_text(data: bytes, filename: str = "") -> Decoded:
    """Return the file as text with LF line ends and no control characters, and how it was read: UTF-8 (BOM
    optional), UTF-8 with a few stray bytes replaced, or the legacy encoding a detector finds (Windows-1252,
    Mac Roman).

    UTF-16 (Excel's "Unicode text") is read too.
    :raise ScheduleFormatError: when the file is empty, or in no encoding a program is saved in.
    """
    start = data[:4096]
    if data.startswith(_UTF16_BOMS) or start.count(b"\x00") > len(start) // 4:  # every other byte in ASCII text
        decoded = _utf16(data, filename)  # Excel's "Unicode text"
    else:
        try:
            decoded = Decoded(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            decoded = _not_utf8(data, exc, filename)
    text = _clean(decoded.text)
    if not text or text.isspace():  # not text.strip(), which would copy it all
        raise ScheduleFormatError(with_filename(filename, "file is empty"))
    return Decoded(text, decoded.encoding, decoded.replaced, decoded.first_line)


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


def _utf16(data: bytes, filename: str) -> Decoded:
    """Read a UTF-16 file: by its BOM, else in the byte order whose zero bytes follow ASCII letters.

    :raise ScheduleFormatError: when it is not UTF-16 either.
    """
    if data.startswith(_UTF16_BOMS):
        encoding = "utf_16"
    else:
        encoding = "utf_16_le" if data[1:4096:2].count(0) >= data[0:4096:2].count(0) else "utf_16_be"
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        raise ScheduleFormatError(with_filename(filename, "neither UTF-8 nor UTF-16 text; save it as UTF-8")) from None


def _not_utf8(data: bytes, error: UnicodeDecodeError, filename: str) -> Decoded:
    """Read a file that is not clean UTF-8: UTF-8 with stray bytes when most of its non-ASCII text is UTF-8,
    else the legacy encoding whose reading is least garbled."""
    line = data.count(b"\n", 0, error.start) + 1
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    if len(_UTF8_SEQUENCE.findall(data)) > replaced:
        return Decoded(text, "utf_8", replaced, line)
    encoding = _legacy_encoding(data)
    if encoding is None:
        byte = data[error.start]
        message = f"not UTF-8 text (byte 0x{byte:02X} on line {line}) in no encoding known; save it as UTF-8"
        raise ScheduleFormatError(with_filename(filename, message))
    return Decoded(data.decode(encoding, errors="replace"), encoding)


def _legacy_encoding(data: bytes) -> str | None:
    """Return the legacy encoding the detector finds least garbled; of near ties, the one that reads more
    non-ASCII characters as letters inside words ("Título", not "T’tulo")."""
    matches = list(from_bytes(data, cp_isolation=list(_LEGACY)))
    if not matches:
        return None
    best = min(match.chaos for match in matches)
    close = [match.encoding for match in matches if match.chaos <= best + _CLOSE]
    return max(
        close,
        key=lambda encoding: (
            _letters_in_words(data.decode(encoding, errors="replace")),
            -_LEGACY.index(encoding) if encoding in _LEGACY else -len(_LEGACY),
        ),
    )


def _letters_in_words(text: str) -> int:
    """Return how many non-ASCII characters are letters next to a letter, less those that are not."""
    score = 0
    for index, char in enumerate(text):
        if ord(char) < 128:
            continue
        beside = text[index - 1 : index] + text[index + 1 : index + 2]
        if any(c.isalpha() for c in beside):
            score += 1 if char.isalpha() else -1
    return score


def decoded_lines(data: bytes, decoded: Decoded) -> Iterator[str]:
    """Yield the lines of a decoded file: from its bytes (see `text_lines`), or from its text when it is UTF-16,
    whose line ends are two bytes."""
    return lines(decoded.text) if decoded.encoding in _UTF16 else text_lines(data, decoded.encoding)


def text_lines(data: bytes, encoding: str = "utf_8") -> Iterator[str]:
    """Yield the lines of `decode_text(data)`, which has found data to be in encoding, decoding one at a time: a
    large program's whole text, four bytes a character once it holds one emoji, is then never held beside its
    rows."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) and encoding == "utf_8" else 0
    while start < len(data):
        end = data.find(b"\n", start) + 1 or len(data)
        yield from lines(_clean(data[start:end].decode(encoding, errors="replace")))  # a lone CR ends a line too
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
