"""Email drafts from templates: a subject, a body, and a `mailto:` link opening both in the user's mail app.

Templates receive only what the caller passes; callers never pass private notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from jinja2 import Environment, PackageLoader, StrictUndefined

from .mailto import mailto

_templates = Environment(
    loader=PackageLoader("conference.messages", "templates"),
    autoescape=False,  # plain-text email, not HTML
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the code: no stat() per draft
)
_templates.globals.clear()  # the templates use none (range, cycler...), and every render copies them: a feed renders thousands

_BLANK_LINES = re.compile(r"\n{3,}")
_LEADING_THE = re.compile(r"^the\s+", re.I)


@dataclass
class Draft:
    """A subject, a body, and a mailto: link that opens both in the user's mail app."""

    subject: str
    body: str
    mailto: str
    #: When the user last wrote to this person, if within the last week: the app asks before writing again.
    recently_contacted_at: datetime | None = None


def render(template: str, to: str | None, **context) -> Draft:
    """Render a template whose first line is "Subject: ..." into a draft."""
    subject, body = text(template, **context)
    return Draft(subject, body, mailto(to, subject, body))


def text(template: str, **context) -> tuple[str, str]:
    """A template's subject and body."""
    rendered = _templates.get_template(template).render(context)
    first_line, _, body = rendered.partition("\n")
    if "\n\n\n" in body:  # seldom: the search costs a tenth of the regex's, thousands of times a feed
        body = _BLANK_LINES.sub("\n\n", body)
    return first_line.removeprefix("Subject:").strip(), body.strip() + "\n"


def sentence(line: str) -> str:
    """A line of the user's as a sentence: trimmed and ending in punctuation."""
    line = line.strip()
    return line if not line or line[-1] in ".!?" else line + "."


def session_when(starts_at: datetime, tz: tzinfo) -> str:
    """ "Sunday, May 16 at 10:00 AM" in the conference's zone, so a reader there sees their own clock."""
    local = starts_at.astimezone(tz)
    return f"{local:%A, %B} {local.day} at {local:%I:%M %p}".replace(" at 0", " at ")


def place_name(place: str) -> str:
    """A place as it follows "at the": "the poster hall" -> "poster hall"."""
    return _LEADING_THE.sub("", place)
