"""The summary as an email: subject, plain text and HTML from Jinja templates."""

from __future__ import annotations

from datetime import date, datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .content import Summary

TIE_HEADINGS = {
    "core": "Core: people who know your work",
    "supportive": "Supportive: people you have met before",
    "expanded": "Expanded: people you met briefly",
}
ROLE_WORDS = {
    "faculty": "faculty",
    "program_director": "program director",
    "resident": "resident",
    "fellow": "fellow",
    "student": "student",
    "peer": "fellow applicant",
    "other": "",
}


def _day(value: date | datetime) -> str:
    """ "Sat, May 15"."""
    return f"{value:%a, %b} {value.day}"


def _time(value: datetime) -> str:
    """ "2:30 PM EDT": the email mixes the conference's zone (meetings) and the user's (follow-ups)."""
    zone = value.tzname() or "UTC"
    # Zones without a common abbreviation are named by their offset ("-03"); say from what.
    if zone[0] in "+-":
        zone = f"UTC{zone}"
    return f"{value.hour % 12 or 12}:{value:%M %p} {zone}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 follow-up", "2 follow-ups"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


_templates = Environment(
    loader=PackageLoader("conference.summary", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.filters.update(day=_day, time=_time, plural=_plural)
_templates.globals.update(TIE_HEADINGS=TIE_HEADINGS, ROLE_WORDS=ROLE_WORDS)


def render(summary: Summary, opt_out_url: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of a summary, with the opt-out link in the footer."""
    context = {"s": summary, "opt_out_url": opt_out_url}
    text = _templates.get_template("summary.txt").render(context)
    html = _templates.get_template("summary.html").render(context)
    return summary.subject, text, html
