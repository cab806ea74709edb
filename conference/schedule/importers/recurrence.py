"""Which recurrence rules can be expanded in bounded time.

dateutil, under recurring_ical_events, steps through a rule's periods until it finds the next instant; a
rule whose filters match nothing makes it step up to the year 9999 (seconds for a daily rule, for ever for
a minutely one). Rules that can match nothing are refused; rules that may match only rarely (BYSETPOS,
filters that must coincide) cost up to a second each and are allowed only limits.MAX_RARE_RULES to a file.
"""

from __future__ import annotations

import re
from datetime import date

from icalendar.prop import vRecur

from .collector import InvalidRecord

#: BY parts that can leave periods empty, and the frequencies RFC 5545 allows them with (elsewhere dateutil
#: steps through days, hours or minutes to find a match)
_ONLY_WITH = {"BYSETPOS": {"MONTHLY", "YEARLY"}, "BYWEEKNO": {"YEARLY"}, "BYYEARDAY": {"YEARLY"}}
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAY_FILTERS = frozenset({"BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY"})
#: filters that match at least once a year together (BYMONTHDAY once checked against BYMONTH)
_ALWAYS_MATCH = (frozenset({"BYMONTH", "BYDAY"}), frozenset({"BYMONTH", "BYMONTHDAY"}))
_WEEKDAY = re.compile(r"^([+-]?\d+)?(MO|TU|WE|TH|FR|SA|SU)$", re.I)


def text(rule: vRecur) -> str:
    """Return a rule as the file writes it, for messages."""
    return rule.to_ical().decode()


def check_rule(rule: vRecur, start: date) -> None:
    """Refuse a rule whose filters can match no instant after start (its DTSTART, whose day a monthly or yearly
    rule without day filters repeats).

    :raise InvalidRecord: naming the rule and what cannot match.
    """
    freq = str(rule.get("FREQ", [""])[0]).upper()
    for part, frequencies in _ONLY_WITH.items():
        if part in rule and freq not in frequencies:
            only = "/".join(sorted(frequencies))
            raise InvalidRecord(f"the recurrence {text(rule)} uses {part}, which is only read with FREQ={only}")
    monthdays = rule.get("BYMONTHDAY")
    if monthdays is None and freq in ("MONTHLY", "YEARLY") and not (_DAY_FILTERS - {"BYMONTH"}) & set(rule):
        monthdays = [start.day]
    if monthdays is not None:
        months = [int(month) for month in rule.get("BYMONTH", range(1, 13))]
        longest = max((_MONTH_DAYS[month - 1] for month in months if 1 <= month <= 12), default=0)
        if not any(1 <= abs(int(day)) <= longest for day in monthdays):
            raise InvalidRecord(f"the recurrence {text(rule)} names no day its months have")
    most = 53 if freq == "YEARLY" and "BYMONTH" not in rule else 5
    for weekday in rule.get("BYDAY", []) if freq in ("MONTHLY", "YEARLY") else []:  # ordinals count only there
        match = _WEEKDAY.match(str(weekday))
        if match and match[1] and not 1 <= abs(int(match[1])) <= most:
            unit = "year" if most == 53 else "month"
            raise InvalidRecord(f"the recurrence {text(rule)} asks for weekday {weekday}: a {unit} has at most {most}")


def may_match_rarely(rule: vRecur) -> bool:
    """Whether a rule's filters may leave many periods empty, so that finding its next instant takes long."""
    filters = _DAY_FILTERS & set(rule)
    return "BYSETPOS" in rule or not any(filters <= together for together in _ALWAYS_MATCH)
