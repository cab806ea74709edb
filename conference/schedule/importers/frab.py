"""frab/pentabarf schedule.xml (CCC, FOSDEM, pretalx exports), read with defusedxml so entities cannot attack us."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from . import fahrplan
from .collector import file_error
from .records import ImportOptions, ParsedSchedule

# what expat says when the document stops before its elements are closed
_CUT_OFF = frozenset({errors.codes[errors.XML_ERROR_NO_ELEMENTS], errors.codes[errors.XML_ERROR_UNCLOSED_TOKEN]})


def _root(text: str, options: ImportOptions) -> Element:
    """Return the <schedule> element.

    :raise ScheduleFormatError: for XML that is malformed, cut off, declares entities, or is not a schedule.
    """
    try:
        root = fromstring(text)
    except DefusedXmlException as exc:
        raise file_error(options, f"XML entity and DTD tricks are not accepted in a schedule ({exc})") from None
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise fahrplan.syntax_error(options, "XML", line, column, reason, exc.code in _CUT_OFF) from None
    if root.tag != "schedule":
        raise file_error(options, f"the root element is <{root.tag}>, not <schedule>: not a frab schedule.xml")
    if root.find("day/room/event") is None:
        message = "a <schedule> without <day><room><event> elements: not a frab schedule.xml, the one XML read"
        raise file_error(options, f"{message}; export the program as CSV, Excel, iCalendar or JSON")
    return root


def _field(event: Element, name: str) -> str:
    """Return an event field, which frab puts in an attribute (id, guid) or a child element (the rest)."""
    return (event.get(name) or event.findtext(name) or "").strip()


def _conference_field(root: Element, name: str) -> str:
    """Return a field of the schedule's <conference>."""
    return root.findtext(f"conference/{name}", "").strip()


def _events(root: Element, options: ImportOptions) -> Iterator[fahrplan.Event]:
    """Yield the events of every room of every day, in file order.

    Only children are walked (schedule > day > room > event): descending into every subtree would
    take quadratic time on a hostile file of days nested in days.
    :raise ScheduleFormatError: for a day whose date is not ISO 8601.
    """
    for day_element in root.iterfind("day"):
        day = fahrplan.day_date(day_element.get("date", ""), day_element.get("index", ""), options)
        bounds = fahrplan.day_bounds(day_element.get("start", ""), day_element.get("end", ""))
        for room in day_element.iterfind("room"):
            for event in room.iterfind("event"):
                persons = [person.text or "" for person in event.iterfind("persons/person")]
                yield fahrplan.Event(partial(_field, event), persons, room.get("name", ""), day, bounds)


def parse(text: str, options: ImportOptions) -> ParsedSchedule:
    """Parse a frab schedule.xml into sessions in UTC.

    :raise ScheduleFormatError: for an unreadable file or, without skip_invalid, an unreadable event.
    """
    root = _root(text, options)
    return fahrplan.read_schedule(partial(_conference_field, root), _events(root, options), options)
