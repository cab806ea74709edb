"""Contact cards as text: vCard 2.1/3.0/4.0, MECARD and the links a badge QR may hold, read into one plain record.

Pure: no project imports, so the parsing and writing can be tested, and reused, without the app.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

#: The card's fields, in the order a form shows them.
FIELDS = ("name", "credentials", "pronouns", "institution", "title", "email", "phone", "linkedin_url", "url", "note")
VERSIONS = ("2.1", "3.0", "4.0")
_LINKEDIN_PROFILE = re.compile(r"^/(in|pub)/([^/?#]+)", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
#: A degree or licence after a name: "MD", "PhD", "M.D.", "MPH", "LCSW".
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]{0,1}\.?){1,5}[A-Za-z]?\.?$")
_FOLD_OCTETS = 75


class CardError(ValueError):
    """Text that is not a contact card, or a card that cannot be read; the message says which and where."""


@dataclass
class Card:
    """One person's contact details, whatever the format they came in."""

    name: str = ""
    credentials: str = ""
    pronouns: str = ""
    institution: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    url: str = ""
    note: str = ""
    categories: list[str] = field(default_factory=list)
    #: A stable id to write as UID (vCard 4.0); not read back.
    uid: str = ""

    def as_dict(self) -> dict:
        """The card as plain JSON-ready values."""
        return {name: getattr(self, name) for name in (*FIELDS, "categories")}


# Reading.


def read_card(text: str) -> Card:
    """The one contact a scanned QR holds: a vCard, a MECARD, a LinkedIn profile, a mailto: or a plain web link.

    :raise CardError: when the text is none of these.
    """
    text = text.strip()
    head = text[:12].upper()
    if head.startswith("BEGIN:VCARD"):
        cards = read_vcards(text)
        if len(cards) != 1:
            raise CardError(f"The code holds {len(cards)} cards; scan one at a time.")
        return cards[0]
    if head.startswith("MECARD:"):
        return read_mecard(text)
    if head.startswith("MAILTO:"):
        return _read_mailto(text)
    if head.startswith(("HTTP://", "HTTPS://")):
        return read_link(text)
    raise CardError("This is not a contact card: expected a vCard, MECARD, LinkedIn profile, mailto: or web link.")


def read_vcards(text: str) -> list[Card]:
    """Every card of a .vcf file (vCard 2.1, 3.0 or 4.0, mixed), in file order.

    :raise CardError: naming the card and line of the first malformed one.
    """
    cards, current, started_at = [], None, 0
    for number, line in _logical_lines(text):
        if not line.strip():
            continue
        if not cards and current is None and not line.strip().upper().startswith("BEGIN:VCARD"):
            raise CardError(f"This is not a vCard file: line {number} should be BEGIN:VCARD.")
        name, params, value = _split_property(line, number)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if current is not None:
                raise CardError(f"Card {len(cards) + 1} (line {started_at}) has no END:VCARD before line {number}.")
            current, started_at = [], number
        elif name == "END" and value.strip().upper() == "VCARD":
            if current is None:
                raise CardError(f"Line {number}: END:VCARD without BEGIN:VCARD.")
            cards.append(_card_from(current, len(cards) + 1, started_at))
            current = None
        elif current is None:
            raise CardError(f"Line {number}: {name} outside any BEGIN:VCARD ... END:VCARD.")
        else:
            current.append((name, params, value))
    if current is not None:
        raise CardError(f"Card {len(cards) + 1} (line {started_at}) has no END:VCARD.")
    if not cards:
        raise CardError("No BEGIN:VCARD found: this is not a vCard file.")
    return cards


def _logical_lines(text: str):
    """(first line number, unfolded line): folded continuations and quoted-printable soft breaks joined."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current, start = None, 0
    for number, line in enumerate(lines, 1):
        if current is not None and line[:1] in (" ", "\t"):
            current += line[1:]
        elif current is not None and current.endswith("=") and _is_quoted_printable(current):
            current = current[:-1] + line  # vCard 2.1 soft line break inside a quoted-printable value
        else:
            if current is not None:
                yield start, current
            current, start = line, number
    if current is not None:
        yield start, current


def _is_quoted_printable(line: str) -> bool:
    """Whether a line's parameters declare its value quoted-printable (vCard 2.1)."""
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _split_property(line: str, number: int) -> tuple[str, dict[str, list[str]], str]:
    """NAME, parameters (upper-case names -> values) and the raw value of one content line."""
    quoted, colon = False, -1
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            colon = index
            break
    if colon <= 0:
        raise CardError(f"Line {number}: no NAME:value in {line[:40]!r}.")
    head, value = line[:colon], line[colon + 1 :]
    parts = _split_unquoted(head, ";")
    name = parts[0].rsplit(".", 1)[-1].strip().upper()  # "item1.EMAIL": Apple's group prefix
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, values = part.partition("=")
        if not sep:  # vCard 2.1 bare parameter: "TEL;CELL;PREF:"
            key, values = ("ENCODING", key) if key.upper() in ("QUOTED-PRINTABLE", "BASE64", "B") else ("TYPE", key)
        params.setdefault(key.strip().upper(), []).extend(v.strip('"').lower() for v in _split_unquoted(values, ","))
    return name, params, value


def _split_unquoted(text: str, separator: str) -> list[str]:
    """Split on a separator outside double quotes."""
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _decoded(params: dict[str, list[str]], value: str) -> str:
    """A value with its quoted-printable encoding and charset undone."""
    if "quoted-printable" not in params.get("ENCODING", []):
        return value
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    charset = (params.get("CHARSET") or ["utf-8"])[0]
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("latin-1")


def _split_escaped(value: str, separator: str) -> list[str]:
    """Split a structured value on unescaped separators, then undo the escapes of each part."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append({"n": "\n", "N": "\n"}.get(char, char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _text(value: str) -> str:
    """A text value with its escapes undone."""
    return _split_escaped(value, "\0")[0]


def _card_from(properties: list, index: int, line: int) -> Card:
    """A Card from the properties of one vCard."""
    card, emails, phones, urls, names = Card(), [], [], [], {}
    for name, params, raw in properties:
        if name in ("PHOTO", "LOGO", "SOUND", "KEY"):
            continue  # pictures and keys are never imported, whatever their size
        value = _decoded(params, raw)
        preferred = "pref" in params.get("TYPE", []) or "PREF" in params
        if name == "VERSION" and value.strip() not in VERSIONS:
            raise CardError(f"Card {index} (line {line}): vCard version {value.strip()!r} is not 2.1, 3.0 or 4.0.")
        if name in ("FN", "N", "ORG", "TITLE", "ROLE", "NOTE", "PRONOUNS", "X-PRONOUNS", "CATEGORIES"):
            names.setdefault(name, value)
        elif name == "EMAIL":
            emails.insert(0 if preferred else len(emails), _text(value).strip())
        elif name == "TEL":
            phones.insert(0 if preferred else len(phones), _text(value).strip().removeprefix("tel:"))
        elif name in ("URL", "X-SOCIALPROFILE"):
            urls.append(_text(value).strip())
    family, given, additional, prefix, suffix = (_split_escaped(names.get("N", ""), ";") + [""] * 5)[:5]
    full = _text(names.get("FN", "")).strip() or " ".join(p for p in (prefix, given, additional, family) if p).strip()
    card.name, card.credentials = split_credentials(full, ", ".join(p.strip() for p in suffix.split(",") if p.strip()))
    card.institution = ", ".join(p.strip() for p in _split_escaped(names.get("ORG", ""), ";") if p.strip())
    card.title = _text(names.get("TITLE") or names.get("ROLE") or "").strip()
    card.note = _text(names.get("NOTE", "")).strip()
    card.pronouns = _text(names.get("PRONOUNS") or names.get("X-PRONOUNS") or "").strip()
    card.categories = [c.strip() for c in _split_escaped(names.get("CATEGORIES", ""), ",") if c.strip()]
    card.email = next((e.removeprefix("mailto:") for e in emails if _EMAIL.match(e.removeprefix("mailto:"))), "")
    card.phone = next((p for p in phones if p), "")
    _take_urls(card, urls)
    return card


def split_credentials(full_name: str, known: str = "") -> tuple[str, str]:
    """A displayed name and the degrees after it: "Maria Rivera, MD, PhD" -> ("Maria Rivera", "MD, PhD")."""
    name, *tail = [part.strip() for part in full_name.split(",")]
    if tail and all(_CREDENTIAL.match(part) for part in tail):
        return name, known or ", ".join(tail)
    return full_name.strip(), known


def _take_urls(card: Card, urls: list[str]) -> None:
    """The first LinkedIn profile as linkedin_url, the first other web link as url."""
    for url in urls:
        profile = linkedin_profile(url)
        if profile and not card.linkedin_url:
            card.linkedin_url = profile
        elif not profile and not card.url and url.lower().startswith(("http://", "https://")):
            card.url = url


def linkedin_profile(url: str) -> str:
    """The canonical https://www.linkedin.com/in/... address of a LinkedIn profile link; "" for any other link."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    match = _LINKEDIN_PROFILE.match(parts.path)
    if parts.scheme.lower() not in ("http", "https") or not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return ""
    return f"https://www.linkedin.com/{match.group(1).lower()}/{match.group(2)}" if match else ""


def read_link(text: str) -> Card:
    """A web link: a LinkedIn profile names its person (from the address); any other link is kept as url."""
    url = text.strip()
    if any(char.isspace() for char in url) or not urlsplit(url).hostname:
        raise CardError("This link is not a web address.")
    profile = linkedin_profile(url)
    if not profile:
        return Card(url=url)
    slug = unquote(profile.rsplit("/", 1)[1])
    # "maria-rivera-1a2b3c": the trailing token LinkedIn adds to tell namesakes apart is not part of the name.
    words = [word for word in slug.split("-") if word and not any(char.isdigit() for char in word)]
    return Card(name=" ".join(word.capitalize() for word in words), linkedin_url=profile)


def _read_mailto(text: str) -> Card:
    """A mailto: link: its address (and nothing of the subject or body)."""
    address = unquote(text.strip()[7:].split("?", 1)[0]).split(",")[0].strip()
    if not _EMAIL.match(address):
        raise CardError("This mailto: link holds no email address.")
    return Card(email=address)


def read_mecard(text: str) -> Card:
    """A MECARD (DoCoMo's format, which many badge printers use): "MECARD:N:Rivera,Maria;EMAIL:...;;".

    :raise CardError: when it has neither a name nor an email.
    """
    fields: dict[str, list[str]] = {}
    for part in _split_escaped(text.strip()[7:], ";"):
        key, sep, value = part.partition(":")
        if sep:
            fields.setdefault(key.strip().upper(), []).append(value.strip())
    family, _, given = (fields.get("N") or [""])[0].partition(",")
    name, credentials = split_credentials(" ".join(p.strip() for p in (given, family) if p.strip()))
    card = Card(
        name=name,
        credentials=credentials,
        institution=(fields.get("ORG") or [""])[0],
        title=(fields.get("TITLE") or [""])[0],
        phone=(fields.get("TEL") or [""])[0],
        note=(fields.get("NOTE") or [""])[0],
    )
    card.email = next((e for e in fields.get("EMAIL", []) if _EMAIL.match(e)), "")
    _take_urls(card, fields.get("URL", []))
    if not card.name and not card.email:
        raise CardError("This MECARD has neither a name (N:) nor an email (EMAIL:).")
    return card


# Writing.


def write_vcard(card: Card, version: str = "3.0") -> str:
    """One card as vCard 3.0 (what phone cameras offer to add as a contact) or 4.0, CRLF line ends, folded."""
    if version not in ("3.0", "4.0"):
        raise ValueError(f"vCard {version} is not written, only 3.0 and 4.0")
    given, family = given_and_family(card.name)
    display = f"{card.name}, {card.credentials}" if card.credentials else card.name
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if card.uid and version == "4.0":
        lines.append(f"UID:{_escape(card.uid)}")
    lines.append(f"FN:{_escape(display)}")
    lines.append("N:" + ";".join(_escape(part) for part in (family, given, "", "", card.credentials)))
    optional = [
        ("ORG", card.institution),
        ("TITLE", card.title),
        ("EMAIL;TYPE=INTERNET" if version == "3.0" else "EMAIL", card.email),
        ("TEL;TYPE=CELL" if version == "3.0" else "TEL;TYPE=cell", card.phone),
        ("URL", card.linkedin_url),
        ("URL", card.url),
        ("X-PRONOUNS" if version == "3.0" else "PRONOUNS", card.pronouns),
        ("NOTE", card.note),
    ]
    lines += [f"{name}:{_escape(value)}" for name, value in optional if value]
    if card.categories:
        lines.append("CATEGORIES:" + ",".join(_escape(category) for category in card.categories))
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_vcards(cards, version: str = "4.0") -> str:
    """Many cards, one after the other, as one .vcf file."""
    return "".join(write_vcard(card, version) for card in cards)


def given_and_family(name: str) -> tuple[str, str]:
    """Given and family name of a displayed one: the last word is the family name."""
    given, _, family = name.strip().rpartition(" ")
    return given, family


def _escape(value: str) -> str:
    """A text value escaped for a content line (backslash, comma, semicolon, newline)."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets without splitting a UTF-8 character."""
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _FOLD_OCTETS - (1 if pieces else 0):
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
