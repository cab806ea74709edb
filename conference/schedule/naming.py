"""Normalized names: one spelling per institution and per person, for matching and deduplication."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
_LEADING_THE = re.compile(r"^the\s+")


def _fold(text: str) -> str:
    """Lower-case, accents removed, punctuation to spaces, whitespace collapsed."""
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.lower().replace("&", " and ")).strip()


@lru_cache(maxsize=1 << 16)
def normalize_institution(name: str) -> str:
    """`The Johns Hopkins Univ. & Hospital` and `johns hopkins univ and hospital` are one program."""
    return _LEADING_THE.sub("", _fold(name))


@lru_cache(maxsize=1 << 16)
def normalize_person(name: str) -> str:
    """`Dr. José  Rivera` matches `jose rivera`: titles are not part of a person's identity."""
    folded = _fold(name)
    return re.sub(r"^(dr|prof|professor|mr|mrs|ms|mx)\s+", "", folded)
