"""Time zones as programs write them beside times: IANA names, abbreviations ("CEST", "EDT"), offsets ("UTC-4").

An abbreviation names the zone of the places that use it, not a fixed offset: programs print "EDT" all
year round as the label of the venue's zone, so "2:30 PM EDT" on a December date is 2:30 PM in New York.
"""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar.timezone.zoneinfo import ZONEINFO

from .times import find_zone

#: abbreviation -> the IANA zone of the region that prints it (summer and winter forms alike)
ABBREVIATIONS = {
    **dict.fromkeys(("EST", "EDT", "ET"), "America/New_York"),
    **dict.fromkeys(("CST", "CDT", "CT"), "America/Chicago"),
    **dict.fromkeys(("MST", "MDT", "MT"), "America/Denver"),
    **dict.fromkeys(("PST", "PDT", "PT"), "America/Los_Angeles"),
    **dict.fromkeys(("AKST", "AKDT"), "America/Anchorage"),
    **dict.fromkeys(("HST",), "Pacific/Honolulu"),
    **dict.fromkeys(("AST", "ADT"), "America/Halifax"),
    **dict.fromkeys(("NST", "NDT"), "America/St_Johns"),
    **dict.fromkeys(("GMT", "UTC", "Z"), "UTC"),
    **dict.fromkeys(("BST",), "Europe/London"),
    **dict.fromkeys(("WET", "WEST"), "Europe/Lisbon"),
    **dict.fromkeys(("CET", "CEST", "MEZ", "MESZ"), "Europe/Paris"),
    **dict.fromkeys(("EET", "EEST"), "Europe/Athens"),
    **dict.fromkeys(("MSK",), "Europe/Moscow"),
    **dict.fromkeys(("IST",), "Asia/Kolkata"),
    **dict.fromkeys(("SGT",), "Asia/Singapore"),
    **dict.fromkeys(("HKT",), "Asia/Hong_Kong"),
    **dict.fromkeys(("CST8", "CHST"), "Asia/Shanghai"),
    **dict.fromkeys(("JST",), "Asia/Tokyo"),
    **dict.fromkeys(("KST",), "Asia/Seoul"),
    **dict.fromkeys(("AEST", "AEDT"), "Australia/Sydney"),
    **dict.fromkeys(("ACST", "ACDT"), "Australia/Adelaide"),
    **dict.fromkeys(("AWST",), "Australia/Perth"),
    **dict.fromkeys(("NZST", "NZDT"), "Pacific/Auckland"),
    **dict.fromkeys(("BRT",), "America/Sao_Paulo"),
    **dict.fromkeys(("ART",), "America/Argentina/Buenos_Aires"),
    **dict.fromkeys(("SAST",), "Africa/Johannesburg"),
}
_OFFSET = re.compile(r"^(?:UTC|GMT)\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.I)
#: a zone written after a time: "2:30 PM EDT", "14:00 CEST", "9:00 (UTC-4)"
SUFFIX = re.compile(
    r"\s*\(?\b(?P<zone>(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|[A-Z]{2,5}"
    r"|[A-Z][a-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)\)?\s*$"
)


class KnownZones(ZONEINFO):
    """icalendar's zoneinfo provider, resolving only names of the zone list like everything here: its own
    lookup lets a TZID too long to be a file name, or naming a folder ("America"), crash the parse."""

    def timezone(self, name: str) -> ZoneInfo | None:
        """The zone of that name, IANA or Windows, or None (an unknown TZID, which the importer reports)."""
        return find_zone(name)


@lru_cache(maxsize=1024)
def read_zone(text: str) -> tzinfo | None:
    """Return the zone text names ("Europe/Rome", "CEST", "UTC-4", "AKDT (UTC-8)", "(GMT+1 Time)"), or None."""
    text = text.strip().strip("()").strip()
    if not text:
        return None
    if (zone := find_zone(text)) is not None and "/" in text:
        return zone
    if match := _OFFSET.match(text):
        return _offset(match)
    for word in _words(text):
        if word.upper() in ABBREVIATIONS:
            return ZoneInfo(ABBREVIATIONS[word.upper()])
        if match := _OFFSET.match(word):
            return _offset(match)
        if "/" in word and (zone := find_zone(word)) is not None:
            return zone
    return None


def _words(text: str) -> list[str]:
    """Return the tokens of a zone note, offsets kept whole ("GMT+1" and "UTC-4" stay one token)."""
    return [" ".join(part.split()) for part in re.findall(r"(?:UTC|GMT)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|[\w/]+", text)]


def _offset(match: re.Match) -> tzinfo:
    """Return the fixed zone of a "UTC-4" match."""
    minutes = int(match["h"]) * 60 + int(match["m"] or 0)
    sign = -1 if match["sign"] in "-−" else 1
    return timezone(timedelta(minutes=sign * minutes)) if minutes else ZoneInfo("UTC")


def zone_name(zone: tzinfo) -> str:
    """Return the name a zone is stored under: the IANA key, or Etc/GMT±N for a whole-hour offset."""
    if isinstance(zone, ZoneInfo):
        return zone.key
    hours, rest = divmod(int(zone.utcoffset(None).total_seconds()), 3600)
    if rest:
        return ""
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # the Etc names have the sign reversed


def split_zone(text: str) -> tuple[str, tzinfo | None]:
    """Return a time cell without its trailing zone, and the zone ("2:30 PM EDT" -> "2:30 PM", New York)."""
    match = SUFFIX.search(text)
    if not match or match.start() == 0:
        return text, None
    zone = read_zone(match["zone"])
    if zone is None:
        return text, None
    return text[: match.start()].rstrip(), zone
