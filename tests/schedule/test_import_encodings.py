"""Program files saved outside UTF-8: Windows-1252 and Mac Roman are read, stray bytes replaced and reported."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from conference.schedule.importers import ImportOptions, parse

PARIS = ZoneInfo("Europe/Paris")
PROGRAM = (
    "Fecha;Hora;Título;Sala;Ponente\n"
    "15/05/2027;9:00 a 10:00;“Conferencia” inaugural – Psiquiatría;Salón Azul;Ana López Muñoz\n"
    "16/05/2027;11:00 a 12:30;Niños y adolescentes;Sala Sur;José Núñez\n"
)


def _read(data: bytes, filename: str = "programa.csv"):
    """Parse a file the way an organizer uploads it."""
    return parse(data, None, ImportOptions(timezone=PARIS, filename=filename))


@pytest.mark.parametrize(("encoding", "name"), [("cp1252", "Windows-1252"), ("mac_roman", "Mac Roman")])
def test_a_program_saved_in_a_legacy_encoding_is_read_in_it_and_says_so(encoding, name):
    parsed = _read(PROGRAM.encode(encoding))
    assert [s.title for s in parsed.sessions] == ["“Conferencia” inaugural – Psiquiatría", "Niños y adolescentes"]
    assert [s.speakers[0].name for s in parsed.sessions] == ["Ana López Muñoz", "José Núñez"]
    assert parsed.sessions[0].room == "Salón Azul"
    assert parsed.warnings[0] == f"programa.csv: not UTF-8: read as {name}; check accented letters in the preview"
    assert not any("UTF-8" in warning for warning in _read(PROGRAM.encode()).warnings)


def test_an_old_mac_file_with_cr_line_ends_is_read():
    parsed = _read(PROGRAM.replace("\n", "\r").encode("mac_roman"))
    assert [s.speakers[0].name for s in parsed.sessions] == ["Ana López Muñoz", "José Núñez"]


def test_one_stray_byte_in_a_utf8_calendar_is_replaced_and_reported():
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20270515T090000Z\r\nDTEND:20270515T100000Z\r\nSUMMARY:Café STRAY\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270515T110000Z\r\nDTEND:20270515T120000Z\r\nSUMMARY:Crème – naïve\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    data = text.encode().replace(b"STRAY", b"\xe9t\xe9")
    parsed = _read(data, "program.ics")
    assert [s.title for s in parsed.sessions] == ["Café \ufffdt\ufffd", "Crème – naïve"]
    assert parsed.warnings[0] == "program.ics: 2 bytes that are not UTF-8 (first on line 8) read as \ufffd"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_excels_unicode_text_in_utf16_is_read(encoding):
    parsed = _read(PROGRAM.replace(";", "\t").replace("\n", "\r\n").encode(encoding), "programa.txt")
    assert [s.speakers[0].name for s in parsed.sessions] == ["Ana López Muñoz", "José Núñez"]
    assert not any("UTF" in warning for warning in parsed.warnings)
