"""Programs written in French, German, Spanish, Italian and Portuguese: their headers, clocks and dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from conference.schedule.importers import ImportOptions, parse
from conference.schedule.importers.columns import from_header, meaning

PARIS = ZoneInfo("Europe/Paris")
FIRST_DAY = date(2027, 5, 15)


def _read(text: str, **options):
    """Parse a CSV program written as text, in Paris, the way an organizer uploads it."""
    options.setdefault("timezone", PARIS)
    return parse(text.encode(), None, ImportOptions(filename="programme.csv", **options))


def _local(moment: datetime) -> str:
    """A stored UTC time as the Paris wall clock shows it."""
    return moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Heure", "start"),
        ("Titre", "title"),
        ("Salle", "room"),
        ("Intervenants", "speakers"),
        ("Durée", "duration"),
        ("Uhrzeit", "start"),
        ("Raum", "room"),
        ("Referent", "speakers"),
        ("Titel", "title"),
        ("Datum", "date"),
        ("Hora", "start"),
        ("Sala", "room"),
        ("Ponente", "speakers"),
        ("Título", "title"),
        ("Fecha", "date"),
        ("Orario", "start"),
        ("Relatore", "speakers"),
        ("Titolo", "title"),
        ("Data", "date"),
        ("Fine", "end"),
        ("Horário", "start"),
        ("Palestrante", "speakers"),
        ("Local", "room"),
        ("Término", "end"),
        ("Heure de début", "start"),
        ("Date de fin", "end_date"),
        ("Nombre del ponente", "speakers"),
    ],
)
def test_headers_in_five_languages_name_their_fields(header, field):
    assert meaning(header)[0] == field


def test_type_of_activity_is_the_kind_not_the_title():
    columns = from_header(["Date", "Time", "Type of activity", "Activity"], {})
    assert columns.header[columns.index["title"]] == "Activity"
    assert columns.header[columns.index["kind"]] == "Type of activity"


def test_a_date_column_wins_over_a_day_column_whatever_their_order():
    columns = from_header(["Day", "Date", "Time", "Title"], {})
    assert columns.header[columns.index["date"]] == "Date"


def test_the_german_day_column_is_a_date_but_a_tags_column_is_not():
    assert meaning("Tag")[0] == "date"
    assert meaning("Tags") is None


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("09h30-10h45", "09:30", "10:45"),
        ("9.30 h - 10.30 h", "09:30", "10:30"),
        ("14 Uhr - 15 Uhr", "14:00", "15:00"),
        ("9:30 Uhr bis 11 Uhr", "09:30", "11:00"),
        ("14h-15h30", "14:00", "15:30"),
        ("de 9h à 10h", "09:00", "10:00"),
        ("desde 9:00 hasta 10:00", "09:00", "10:00"),
        ("dalle 14.00 alle 15.00", "14:00", "15:00"),
    ],
)
def test_clock_forms_of_other_languages_are_read(written, start, end):
    parsed = _read(f"Datum;Zeit;Titel\n15.05.2027;{written};Eröffnung\n")
    session = parsed.sessions[0]
    assert (_local(session.starts_at), _local(session.ends_at)) == (f"2027-05-15 {start}", f"2027-05-15 {end}")


def test_a_french_program_with_its_own_words_and_times_imports():
    parsed = _read(
        "Date;Heure;Fin;Titre;Salle;Intervenant\n"
        "jeudi 20 mai 2027;09h00;10h30;Ouverture du congrès;Amphi Curie;Marie Dupont\n"
        ";14h;15h;Atelier de psychiatrie;Salle 2;Paul Martin\n"
    )
    assert [(s.title, _local(s.starts_at), _local(s.ends_at), s.room) for s in parsed.sessions] == [
        ("Ouverture du congrès", "2027-05-20 09:00", "2027-05-20 10:30", "Amphi Curie"),
        ("Atelier de psychiatrie", "2027-05-20 14:00", "2027-05-20 15:00", "Salle 2"),
    ]
    assert parsed.sessions[0].speakers[0].name == "Marie Dupont"


def test_a_spanish_program_with_dates_written_out_imports():
    parsed = _read(
        "Fecha,Hora,Título,Sala,Ponente\n"
        "15 de mayo de 2027,9:00 a 10:00,Conferencia inaugural,Sala A,Ana López\n"
        "sábado 16 de mayo,16:30 a 18:00,Mesa redonda,Sala B,Luis Pérez\n",
        first_day=FIRST_DAY,
    )
    assert [(_local(s.starts_at), _local(s.ends_at)) for s in parsed.sessions] == [
        ("2027-05-15 09:00", "2027-05-15 10:00"),
        ("2027-05-16 16:30", "2027-05-16 18:00"),
    ]


def test_a_german_program_with_weekdays_and_uhr_imports():
    parsed = _read(
        "Tag,Uhrzeit,Titel,Raum,Referent\nMontag,9 Uhr - 10:30 Uhr,Begrüßung,Saal 1,Dr. Anna Schmidt\n"
        "Dienstag,14.15 - 15.00 Uhr,Vortrag,Raum 2,Jonas Weber\n",
        first_day=date(2027, 5, 17),
    )
    assert [(s.title, _local(s.starts_at), _local(s.ends_at), s.room) for s in parsed.sessions] == [
        ("Begrüßung", "2027-05-17 09:00", "2027-05-17 10:30", "Saal 1"),
        ("Vortrag", "2027-05-18 14:15", "2027-05-18 15:00", "Raum 2"),
    ]


def test_an_italian_and_a_portuguese_program_import():
    italian = _read("Data,Orario,Titolo,Aula,Relatore\n20/05/2027,09.30-11.00,Apertura,Aula Magna,Giulia Rossi\n")
    portuguese = _read("Data,Horário,Título,Sala,Palestrante\n21/05/2027,14h00 às 15h,Abertura,Auditório,João Silva\n")
    assert _local(italian.sessions[0].starts_at) == "2027-05-20 09:30"
    assert _local(italian.sessions[0].ends_at) == "2027-05-20 11:00"
    assert italian.sessions[0].speakers[0].name == "Giulia Rossi"
    assert _local(portuguese.sessions[0].starts_at) == "2027-05-21 14:00"
    assert portuguese.sessions[0].ends_at.astimezone(UTC).hour == 13  # 15:00 in Paris, summer time


@pytest.mark.parametrize("header", ["Intervenant(e)s", "Referent/in", "Referent*innen", "Autor(a)"])
def test_gender_inclusive_headers_name_the_speakers(header):
    assert meaning(header)[0] == "speakers"


def test_a_program_titled_above_its_header_with_a_first_days_heading_is_a_csv_on_that_day():
    parsed = _read(
        "Programme du congrès\nJeudi 20 mai\nHoraire,Titre,Lieu,Intervenant(e)s\n"
        "09h00 - 10h30,Séance plénière,Amphi A,Marie Dupont\nVendredi 21 mai\n09h30 - 10h,Clôture,Amphi A,Paul Martin\n",
        first_day=FIRST_DAY,
    )
    assert [(s.title, _local(s.starts_at), [p.name for p in s.speakers]) for s in parsed.sessions] == [
        ("Séance plénière", "2027-05-20 09:00", ["Marie Dupont"]),
        ("Clôture", "2027-05-21 09:30", ["Paul Martin"]),
    ]
