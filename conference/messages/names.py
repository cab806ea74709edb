"""Names split for greetings: "Dr. Maria de la Cruz, MD" is greeted "Dear Dr. de la Cruz,"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..schedule.naming import HONORIFIC, is_doctorate, titled_doctor

_PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "dos", "du", "la", "le", "van", "von", "bin", "al", "el"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass
class PersonName:
    """A name split for greetings: "Dr. Maria de la Cruz, MD" -> first "Maria", last "de la Cruz"."""

    first: str
    last: str
    doctor: bool  #: written with "Dr." or a doctoral degree


def split_name(full_name: str) -> PersonName:
    """Split a name as typed on a phone into first and last name, noting a title or doctorate."""
    name, _, after_comma = full_name.strip().partition(",")
    doctor = titled_doctor(name)
    words = HONORIFIC.sub("", name).split()
    degrees = _SEPARATORS.split(after_comma)
    while len(words) > 1 and (is_doctorate(words[-1]) or words[-1].rstrip(".").lower() in _SUFFIXES):
        degrees.append(words.pop())
    doctor = doctor or any(is_doctorate(word) for word in degrees)
    if not words:
        return PersonName(full_name.strip(), full_name.strip(), doctor)
    last_start = len(words) - 1
    while last_start > 1 and words[last_start - 1].lower() in _PARTICLES:
        last_start -= 1
    return PersonName(words[0], " ".join(words[last_start:]), doctor)


@lru_cache(maxsize=4096)  # a batch of drafts greets each contact again for each follow-up
def greeting(name: str, *, formal: bool = False, credentials: str = "", unknown_formal: bool = False) -> str:
    """ "Dear Dr. Rivera," for faculty and doctors, else "Dear Maria,"; `unknown_formal` uses the full name."""
    parts = split_name(name)
    if formal or parts.doctor or any(is_doctorate(word) for word in _SEPARATORS.split(credentials)):
        return f"Dear Dr. {parts.last},"
    if unknown_formal:
        return f"Dear {HONORIFIC.sub('', name.split(',')[0]).strip()},"
    return f"Dear {parts.first},"
