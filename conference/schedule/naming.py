"""Normalized names: one spelling per institution and per person, for matching and deduplication.

Importers, target linking and contact matching all compare people through `normalize_person`, so
"Dr. Jessica Fischer", "Jessica Fischer, DO" and "JESSICA FISCHER" are one person everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CREDENTIAL_NAMES = (
    "MD",
    "DO",
    "PhD",
    "PsyD",
    "EdD",
    "DNP",
    "DrPH",
    "ScD",
    "DPhil",
    "PharmD",
    "JD",
    "MBBS",
    "MBChB",
    "MPH",
    "MBA",
    "MS",
    "MSc",
    "MA",
    "MEd",
    "MHS",
    "MHA",
    "MPA",
    "MPhil",
    "MSW",
    "MSN",
    "BSN",
    "BA",
    "BS",
    "BSc",
    "RN",
    "NP",
    "PA",
    "PA-C",
    "APRN",
    "CNS",
    "FNP",
    "FNP-BC",
    "PMHNP",
    "PMHNP-BC",
    "CRNP",
    "LCSW",
    "LICSW",
    "LMFT",
    "LPC",
    "LMHC",
    "LCPC",
    "LADC",
    "CADC",
    "BCPP",
    "ABPP",
    "FAPA",
    "DFAPA",
    "DLFAPA",
    "LFAPA",
    "FAACAP",
    "FACLP",
    "FACP",
    "FAAP",
    "FAAN",
    "FRCPC",
    "FRCP",
    "FRCPsych",
    "MRCPsych",
    "FRANZCP",
)
#: the printed form of a credential ("Ph.D." without its dots) -> how we store it; an all-caps print counts too
CREDENTIALS = {spelling: name for name in CREDENTIAL_NAMES for spelling in (name, name.upper())}
#: credentials that are doctorates: they make someone "Dr." in a greeting
DOCTORATES = frozenset({"MD", "DO", "PhD", "PsyD", "EdD", "DrPH", "ScD", "DPhil", "MBBS", "MBChB"})
_DOCTORATE_SPELLINGS = frozenset(name.lower() for name in DOCTORATES)
#: titles before a name, which are not part of a person's identity
HONORIFIC = re.compile(
    r"^(?:(?:dr|prof|professor|a/prof|assoc\.?\s*prof|asst\.?\s*prof|mr|mrs|ms|mx|miss|sir|dame|rev)\.?\s+)+", re.I
)
_DOCTOR_TITLE = re.compile(r"(?:^|\s)dr\b", re.I)

_NON_WORD = re.compile(r"[^\w]+")
_LEADING_THE = re.compile(r"^the\s+")
_REMARK = re.compile(r"\s*\([^()]*\)")
_COMMA = re.compile(r"\s*,\s*")


def credentials_in(words: list[str]) -> list[str] | None:
    """Return words as credentials if every one is a known credential ("MD", "Ph.D."), else None."""
    spellings = [word.replace(".", "") for word in words]
    if not spellings or not all(spelling in CREDENTIALS for spelling in spellings):
        return None
    return [CREDENTIALS[spelling] for spelling in spellings]


def is_doctorate(word: str) -> bool:
    """Whether a word is a doctoral degree as programs print them ("M.D.", "PhD", "phd")."""
    return word.replace(".", "").strip().lower() in _DOCTORATE_SPELLINGS


def titled_doctor(name: str) -> bool:
    """Whether the titles a name starts with include "Dr." ("Prof. Dr. Lee")."""
    titles = HONORIFIC.match(name)
    return bool(titles and _DOCTOR_TITLE.search(titles.group()))


def _fold(text: str) -> str:
    """Lower-case, accents removed, punctuation to spaces, whitespace collapsed."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.lower().replace("&", " and ")).strip()


@lru_cache(maxsize=1 << 16)
def normalize_institution(name: str) -> str:
    """`The Johns Hopkins Univ. & Hospital` and `johns hopkins univ and hospital` are one program."""
    return _LEADING_THE.sub("", _fold(name))


def same_institution(first: str, second: str) -> bool:
    """Whether two normalized affiliations can name one place: equal, or one's words all in the other.

    "yale" and "yale school of medicine" are one place; "yale" and "harvard" are not.
    """
    if first == second:
        return True
    if not first or not second:
        return False
    first_words, second_words = set(first.split()), set(second.split())
    return first_words <= second_words or second_words <= first_words


@lru_cache(maxsize=1 << 16)
def normalize_person(name: str) -> str:
    """`Dr. José  Rivera, MD (she/her)` matches `jose rivera`: titles, credentials and remarks are not identity."""
    parts = _COMMA.split(_REMARK.sub("", name).strip())
    while len(parts) > 1 and credentials_in(parts[-1].split()) is not None:
        parts.pop()  # "Jane Doe, MD, PhD"
    words = HONORIFIC.sub("", ", ".join(parts)).split()
    while len(words) > 2 and credentials_in(words[-1:]) is not None:
        words.pop()  # "Jane Doe MD"; two words are kept, as in "Jane DO" the last may be a surname
    return _fold(" ".join(words))
