"""The words programs are written in beyond English: header names, months, weekdays, day numbers and clock words.

One table per language, written once; columns.py, days.py and times.py read them all together, so a French
header, a German clock ("14 Uhr") and a Spanish date ("15 de mayo") need no option and no per-file rule.
Words are compared folded (lower case, accents dropped: "Durée" is "duree").
"""

from __future__ import annotations

import unicodedata

#: language -> field -> header phrases; the first phrase of a field is the most specific one
HEADERS = {
    "fr": {
        "code": ("numero", "code", "reference"),
        "title": ("titre", "intitule", "titre de la session", "sujet", "nom", "evenement", "activite"),
        "abstract": ("resume", "description"),
        "kind": ("type", "format", "type de session"),
        "track": ("thematique", "theme", "parcours", "axe"),
        "room": ("salle", "lieu", "amphitheatre", "amphi"),
        "date": ("date", "date de debut", "jour"),
        "start": ("heure", "heure de debut", "debut", "horaire", "horaires", "creneau", "de"),
        "end": ("heure de fin", "fin", "a", "jusqu a"),
        "end_date": ("date de fin", "jour de fin"),
        "duration": ("duree",),
        "speakers": (
            "intervenant",
            "intervenants",
            "intervenante",
            "orateur",
            "orateurs",
            "conferencier",
            "conferenciers",
            "conferenciere",
            "animateur",
            "animateurs",
            "auteur",
            "auteurs",
        ),
        "chair": ("president", "presidente", "presidence", "moderateur", "moderatrice"),
        "affiliation": ("etablissement", "affiliation", "organisme"),
        "timezone": ("fuseau horaire",),
    },
    "de": {
        "code": ("nummer", "nr", "kennung"),
        "title": ("titel", "vortragstitel", "thema", "vortrag", "veranstaltung", "bezeichnung", "programmpunkt"),
        "abstract": ("beschreibung", "zusammenfassung", "kurzfassung", "inhalt"),
        "kind": ("art", "typ", "format", "veranstaltungsart"),
        "track": ("themenbereich", "themenblock", "schwerpunkt"),
        "room": ("raum", "ort", "saal", "horsaal", "veranstaltungsort"),
        "date": ("datum", "tag", "wochentag"),
        "start": ("uhrzeit", "zeit", "beginn", "startzeit", "anfang", "von", "zeitraum"),
        "end": ("ende", "endzeit", "bis"),
        "end_date": ("enddatum", "endtag", "bis datum"),
        "duration": ("dauer", "lange"),
        "speakers": (
            "referent",
            "referenten",
            "referentin",
            "referentinnen",
            "sprecher",
            "sprecherin",
            "vortragende",
            "vortragender",
            "redner",
            "rednerin",
            "dozent",
            "dozentin",
            "dozenten",
            "autor",
            "autoren",
        ),
        "chair": ("vorsitz", "moderation", "moderator", "moderatorin", "leitung"),
        "affiliation": ("institution", "einrichtung", "organisation", "firma"),
        "timezone": ("zeitzone",),
    },
    "es": {
        "code": ("numero", "codigo", "id"),
        "title": ("titulo", "titulo de la ponencia", "ponencia", "tema", "actividad", "nombre", "evento"),
        "abstract": ("resumen", "descripcion"),
        "kind": ("tipo", "formato", "modalidad", "tipo de actividad"),
        "track": ("eje", "eje tematico", "area tematica", "linea tematica"),
        "room": ("sala", "lugar", "salon", "aula", "auditorio", "sede"),
        "date": ("fecha", "dia"),
        "start": ("hora", "hora de inicio", "hora inicio", "inicio", "horario", "desde"),
        "end": ("hora de fin", "hora fin", "fin", "hora final", "termino", "hasta"),
        "end_date": ("fecha de fin", "fecha fin", "fecha final", "dia final"),
        "duration": ("duracion",),
        "speakers": (
            "ponente",
            "ponentes",
            "conferenciante",
            "conferencista",
            "orador",
            "oradores",
            "expositor",
            "expositores",
            "presentador",
            "presentadores",
            "autor",
            "autores",
            "panelistas",
        ),
        "chair": ("moderador", "moderadora", "moderadores", "coordinador", "coordinadora", "presidente"),
        "affiliation": ("institucion", "afiliacion", "organizacion"),
        "timezone": ("zona horaria", "huso horario"),
    },
    "it": {
        "code": ("numero", "codice"),
        "title": ("titolo", "titolo intervento", "intervento", "argomento", "evento", "attivita"),
        "abstract": ("descrizione", "sommario", "riassunto"),
        "kind": ("tipo", "tipologia", "formato"),
        "track": ("area tematica", "tematica"),
        "room": ("sala", "aula", "luogo", "sede"),
        "date": ("data", "giorno"),
        "start": ("ora", "orario", "ora inizio", "ora di inizio", "inizio", "dalle"),
        "end": ("ora fine", "ora di fine", "fine", "alle"),
        "end_date": ("data fine", "data di fine", "giorno di fine"),
        "duration": ("durata",),
        "speakers": ("relatore", "relatori", "relatrice", "relatrici", "oratore", "oratori", "autore", "autori"),
        "chair": ("moderatore", "moderatrice", "moderatori", "presidente", "chairman"),
        "affiliation": ("istituzione", "ente", "affiliazione"),
        "timezone": ("fuso orario",),
    },
    "pt": {
        "code": ("numero", "codigo"),
        "title": ("titulo", "palestra", "tema", "atividade", "nome", "evento"),
        "abstract": ("resumo", "descricao"),
        "kind": ("tipo", "formato", "modalidade", "tipo de atividade"),
        "track": ("eixo", "eixo tematico", "trilha", "area tematica"),
        "room": ("sala", "local", "auditorio", "espaco"),
        "date": ("data", "dia"),
        "start": ("hora", "horario", "hora de inicio", "hora inicio", "inicio", "das"),
        "end": ("hora de termino", "hora de fim", "termino", "fim", "ate"),
        "end_date": ("data de termino", "data de fim", "data final", "data fim"),
        "duration": ("duracao",),
        "speakers": (
            "palestrante",
            "palestrantes",
            "orador",
            "oradores",
            "apresentador",
            "apresentadores",
            "conferencista",
            "conferencistas",
            "autor",
            "autores",
            "painelistas",
        ),
        "chair": ("moderador", "moderadora", "coordenador", "coordenadora", "presidente"),
        "affiliation": ("instituicao", "afiliacao", "organizacao"),
        "timezone": ("fuso horario",),
    },
}

#: month number -> names and abbreviations in every language (English first)
MONTHS = {
    1: ("jan", "january", "janvier", "janv", "januar", "enero", "ene", "gennaio", "gen", "janeiro"),
    2: ("feb", "february", "fevrier", "fevr", "fev", "februar", "febrero", "febbraio", "fevereiro"),
    3: ("mar", "march", "mars", "marz", "marzo", "marco"),
    4: ("apr", "april", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio"),
    6: ("jun", "june", "juin", "juni", "junio", "giugno", "giu", "junho"),
    7: ("jul", "july", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"),
    8: ("aug", "august", "aout", "agosto", "ago"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro"),
    10: ("oct", "october", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro", "out"),
    11: ("nov", "november", "novembre", "noviembre", "novembro"),
    12: ("dec", "december", "decembre", "dezember", "dez", "diciembre", "dic", "dicembre", "dezembro"),
}

#: weekday number (Monday 0) -> names; abbreviations only where no language reads them as something else
WEEKDAYS = {
    0: ("mon", "monday", "lundi", "montag", "lunes", "lunedi", "segunda", "segunda feira"),
    1: ("tue", "tues", "tuesday", "mardi", "dienstag", "martes", "martedi", "terca", "terca feira"),
    2: ("wed", "wednesday", "mercredi", "mittwoch", "miercoles", "mercoledi", "quarta", "quarta feira"),
    3: ("thu", "thur", "thurs", "thursday", "jeudi", "donnerstag", "jueves", "giovedi", "quinta", "quinta feira"),
    4: ("fri", "friday", "vendredi", "freitag", "viernes", "venerdi", "sexta", "sexta feira"),
    5: ("sat", "saturday", "samedi", "samstag", "sonnabend", "sabado", "sabato"),
    6: ("sun", "sunday", "dimanche", "sonntag", "domingo", "domenica"),
}

#: the word before a day's number: "Day 2", "Jour 2", "Tag 2", "Día 2", "Giorno 2"
DAY_WORDS = ("day", "jour", "journee", "tag", "dia", "giorno")
#: words that join a date's parts ("15 de mayo de 2027") and are dropped before reading it
DATE_JOINERS = ("de", "del", "di")
#: words after a time that say it is one ("14 Uhr", "9:30 h", "14 hrs"), and between the two ends of a range
CLOCK_SUFFIXES = ("uhr", "h", "hs", "hrs", "hr", "horas", "heures", "ore")
RANGE_WORDS = ("to", "bis", "a", "à", "al", "alle", "hasta", "até", "ate", "às", "as", "au")
RANGE_OPENERS = ("from", "von", "de", "des", "dès", "desde", "dalle", "das", "ore")
#: words before a single time that make a bare hour one ("ore 9", "um 9", "a las 9", "à 9h", "at 9")
CLOCK_OPENERS = ("ore", "alle", "um", "a las", "a la", "à", "às", "at")


def fold(text: str) -> str:
    """Return text in lower case without accents ("Über" is "uber", "Straße" is "strasse"), as words compare."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def header_phrases() -> dict[str, list[tuple[str, int]]]:
    """Return field -> (phrase, place) for every language; place is the phrase's position in its language's list,
    so "data" (Portuguese date) ranks before "dia" (its day) whatever order the languages come in."""
    phrases: dict[str, list[tuple[str, int]]] = {}
    for fields in HEADERS.values():
        for name, words in fields.items():
            phrases.setdefault(name, []).extend((phrase, place) for place, phrase in enumerate(words))
    return phrases
