"""Cards read and written without the app: vCard 2.1/3.0/4.0, MECARD, links, CSV for Google and Outlook, QR codes."""

from __future__ import annotations

import csv
import io
import shutil
import struct
import subprocess
import zlib

import pytest
import vobject

from conference.exchange.csv_export import GOOGLE_HEADERS, OUTLOOK_HEADERS, write_csv
from conference.exchange.qr import qr_png, qr_svg
from conference.exchange.vcard import Card, CardError, read_card, read_vcards, write_vcard, write_vcards

RIVERA = Card(
    name="María Rivera-Núñez",
    credentials="MD, PhD",
    pronouns="she/her",
    institution="Yale; Dept. of Psychiatry",
    title="Program director",
    email="maria.rivera@yale.example",
    phone="+1 203 555 0100",
    linkedin_url="https://www.linkedin.com/in/maria-rivera-1a2b",
    url="https://medicine.yale.example/rivera",
    note="Met at APA 2027.\nTakeaway: early psychosis, rural clinics, and a very long line that must be folded.",
    categories=["mentor", "early psychosis, rural"],
)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_written_vcard_parses_with_vobject(version):
    text = write_vcard(RIVERA, version)
    parsed = vobject.readOne(text)
    assert parsed.version.value == version
    assert parsed.fn.value == "María Rivera-Núñez, MD, PhD"
    assert parsed.n.value.family == "Rivera-Núñez" and parsed.n.value.given == "María"
    assert parsed.email.value == RIVERA.email
    assert parsed.org.value == ["Yale; Dept. of Psychiatry"]
    assert parsed.note.value == RIVERA.note
    assert parsed.categories.value == RIVERA.categories
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_written_vcard_round_trips_through_our_reader(version):
    assert read_card(write_vcard(RIVERA, version)) == RIVERA


def test_many_cards_round_trip():
    cards = [RIVERA, Card(name="Lee"), Card(name="Ana Ruiz", email="ana@example.org")]
    assert read_vcards(write_vcards(cards)) == cards


def test_vcard_21_quoted_printable_and_bare_types():
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;MD\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller, MD\r\n"
        "ORG:Charit=C3=A9\r\n"  # not declared quoted-printable: kept as written
        "NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0Asecond =\r\nline\r\n"
        "TEL;HOME:111\r\nTEL;CELL;PREF:222\r\nEMAIL;INTERNET:jm@example.de\r\n"
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n AAAA\r\n\r\nEND:VCARD\r\n"
    )
    card = read_card(text)
    assert (card.name, card.credentials) == ("Jürgen Müller", "MD")
    assert card.institution == "Charit=C3=A9"
    assert card.note == "first line\r\nsecond line"
    assert card.phone == "222"
    assert card.email == "jm@example.de"


def test_vcard_40_as_rfc_6350_writes_it():
    # RFC 6350's own example (section 8): quoted TYPE lists, PREF=1, tel: URIs, name suffixes, a KEY link.
    text = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Simon Perreault\r\nN:Perreault;Simon;;;ing. jr,M.Sc.\r\n"
        "BDAY:--0203\r\nGENDER:M\r\nLANG;PREF=1:fr\r\n"
        'TEL;VALUE=uri;TYPE="work,cell,voice,video,text":tel:+1-418-262-6501\r\n'
        'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254\r\n'
        "EMAIL;TYPE=work:simon.perreault@viagenie.ca\r\nORG;TYPE=work:Viagenie\r\n"
        "URL;TYPE=home:http://nomis80.org\r\nKEY;TYPE=work;VALUE=uri:http://www.viagenie.ca/simon.perreault/simon.asc\r\n"
        "TZ:-0500\r\nEND:VCARD\r\n"
    )
    card = read_card(text)
    assert (card.name, card.credentials, card.institution) == ("Simon Perreault", "ing. jr, M.Sc.", "Viagenie")
    assert (card.email, card.phone, card.url) == (
        "simon.perreault@viagenie.ca",
        "+1-418-656-9254",
        "http://nomis80.org",
    )


def test_apple_grouped_properties_and_linkedin_social_profile():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nitem1.EMAIL;type=INTERNET;type=pref:sam@example.org\n"
        "item2.URL:https://example.org\nX-SOCIALPROFILE;type=linkedin:http://linkedin.com/in/samlee?trk=x\nEND:VCARD\n"
    )
    card = read_card(text)
    assert card.email == "sam@example.org"
    assert card.linkedin_url == "https://www.linkedin.com/in/samlee"
    assert card.url == "https://example.org"


def test_mecard():
    card = read_card(
        r"MECARD:N:Rivera,Maria;ORG:Yale\; Psychiatry;EMAIL:maria@yale.example;TEL:+12035550100;"
        r"URL:https://www.linkedin.com/in/mrivera;;"
    )
    assert (card.name, card.institution, card.email) == ("Maria Rivera", "Yale; Psychiatry", "maria@yale.example")
    assert card.phone == "+12035550100" and card.linkedin_url == "https://www.linkedin.com/in/mrivera"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "https://www.linkedin.com/in/maria-rivera-1a2b3c/",
            {"name": "Maria Rivera", "linkedin_url": "https://www.linkedin.com/in/maria-rivera-1a2b3c"},
        ),
        ("mailto:Sam.Lee@example.org?subject=Hi", {"email": "Sam.Lee@example.org"}),
        ("https://example.org/people/lee", {"url": "https://example.org/people/lee"}),
    ],
)
def test_links(text, expected):
    card = read_card(text)
    assert {key: value for key, value in card.as_dict().items() if value} == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("WIFI:S:conference;T:WPA;P:secret;;", "not a contact card"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Lee\n", "no END:VCARD"),
        (
            "BEGIN:VCARD\nVERSION:3.0\nFN:Lee\nBEGIN:VCARD\nFN:Ann\nEND:VCARD",
            r"Card 1 \(line 1\) has no END:VCARD before line 4",
        ),
        ("BEGIN:VCARD\nVERSION:5.0\nFN:Lee\nEND:VCARD", "version '5.0'"),
        ("BEGIN:VCARD\nFN Lee\nEND:VCARD", "Line 2"),
        ("mailto:?subject=hi", "no email"),
        ("MECARD:TEL:123;;", "neither a name"),
    ],
)
def test_what_is_not_a_card_is_refused_with_a_reason(text, says):
    with pytest.raises(CardError, match=says):
        read_card(text)


def test_formula_cells_are_neutralised_and_headers_are_the_products():
    card = Card(name='=HYPERLINK("x") Lee', institution="+1 Clinic", note="-2", title="@SUM(A1)", email="a@b.org")
    for fmt, headers, bom in (("google", GOOGLE_HEADERS, False), ("outlook", OUTLOOK_HEADERS, True)):
        text = write_csv([card, RIVERA], fmt)
        assert text.startswith("\ufeff") is bom
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        assert tuple(rows[0]) == headers
        assert not any(value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())
        assert "María" in text
    google = list(csv.DictReader(io.StringIO(write_csv([RIVERA], "google"))))[0]
    assert google["E-mail 1 - Value"] == RIVERA.email and google["Labels"] == "mentor ::: early psychosis, rural"
    assert google["Last Name"] == "Rivera-Núñez" and google["Organization Name"] == RIVERA.institution


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
def test_qr_png_decodes_with_zbar_to_exactly_the_card(tmp_path):
    text = write_vcard(RIVERA, "3.0")
    path = tmp_path / "card.png"
    path.write_bytes(qr_png(text))
    decoded = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", str(path)], capture_output=True, check=True).stdout
    assert decoded.decode("utf-8") == text
    svg = qr_svg(text)
    assert svg.lstrip().startswith(b"<svg") and b"viewBox" in svg and b' width="' not in svg.split(b">")[0]


def _grey_png_pixels(png: bytes) -> list[list[int]]:
    """The pixels (0 or 255) of a 1-bit greyscale PNG such as segno writes, each row unfiltered."""
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (1, 0)
    chunks, at = [], 8
    while at < len(png):
        (length,), kind = struct.unpack(">I", png[at : at + 4]), png[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(png[at + 8 : at + 8 + length])
        at += length + 12
    raw, stride = zlib.decompress(b"".join(chunks)), (width + 7) // 8
    rows, previous = [], bytes(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left, up, corner = (line[x - 1] if x else 0), previous[x], (previous[x - 1] if x else 0)
            paeth = min((abs(up - corner), left), (abs(left - corner), up), (abs(left + up - 2 * corner), corner))
            line[x] = (line[x] + (0, left, up, (left + up) // 2, paeth[1])[kind]) % 256
        rows.append([255 if line[x // 8] >> (7 - x % 8) & 1 else 0 for x in range(width)])
        previous = bytes(line)
    return rows


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
def test_a_full_card_reads_from_half_a_metre(tmp_path):
    """A phone camera 50 cm from a code shown 6.5 cm wide (a phone's screen) sees it about 200 px across: a
    1,920 px frame over 64 cm at a 65-degree view. Every field shared, the code blurred down to that still reads."""
    card = Card(
        name="María José Rivera-Núñez",
        credentials="MD, MPH",
        title="Program Director, Psychiatry Residency",
        institution="University of California, San Francisco School of Medicine",
        email="maria.jose.rivera-nunez@ucsf.example.edu",
        phone="+1 (415) 555-0123 ext. 4567",
        linkedin_url="https://www.linkedin.com/in/maria-jose-rivera-nunez-md-mph",
        pronouns="she/her",
        note="Interested in early-career mentoring, consultation-liaison psychiatry and global mental health",
    )
    text = write_vcard(card, "3.0")
    pixels = _grey_png_pixels(qr_png(text))
    seen, size = 200, len(pixels)
    blurred = bytes(
        sum(
            pixels[y][x]
            for y in range(row * size // seen, (row + 1) * size // seen)
            for x in range(column * size // seen, (column + 1) * size // seen)
        )
        // (((row + 1) * size // seen - row * size // seen) * ((column + 1) * size // seen - column * size // seen))
        for row in range(seen)
        for column in range(seen)
    )
    path = tmp_path / "seen.pgm"
    path.write_bytes(f"P5 {seen} {seen} 255\n".encode() + blurred)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", "-Sbinary", str(path)], capture_output=True, check=True).stdout
    assert decoded.decode("utf-8") == text
