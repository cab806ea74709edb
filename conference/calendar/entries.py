"""Calendar entries from what the app already loaded: follow-ups (plain rows), agenda items (session cards) and
the user's own agenda items.

Nothing here queries the database or reads the clock; rfc5545.py turns the entries into text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ..followups.models import named_title
from ..letters.models import STATUS_LABELS
from ..messages.drafts import Draft
from ..schedule.models import Conference
from ..targets.agenda import AgendaItem, OwnItem
from .rfc5545 import Entry, Task

#: A follow-up shows as a short event at its due time.
FOLLOWUP_LENGTH = timedelta(minutes=15)
#: VTODO priorities (1 highest, 9 lowest) by how close the tie is.
PRIORITY_BY_TIE = {"core": 1, "supportive": 5, "expanded": 9}
TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "cancelled": "CANCELLED"}


@dataclass(slots=True)
class FeedContact:
    """What the feed and the drafts read of a contact (never their notes)."""

    id: object
    name: str
    role: str
    email: str | None
    speaker_id: int | None
    tie_strength: str
    updated_at: datetime


@dataclass(slots=True)
class FeedFollowUp:
    """What the feed and the drafts read of a follow-up, its contact and its meeting, loaded as plain rows."""

    id: object
    contact_id: object
    encounter_id: object
    action: str
    title: str
    status: str
    due_at: datetime
    done_at: datetime | None
    snoozed_until: datetime | None
    repeat_every_months: int | None
    version: int
    updated_at: datetime
    contact: FeedContact
    #: The meeting's takeaway while the meeting is not deleted, else "".
    takeaway: str
    #: When the meeting last changed (deleted or not): its takeaway is in the event.
    encounter_updated_at: datetime | None


# UIDs: made of what identifies an item everywhere (its client-made id, the program's own
# session id), never of database row numbers, so a re-import or another server keeps them.


def followup_uid(followup_id, domain: str) -> str:
    """The UID of a follow-up's event."""
    return f"followup-{followup_id}@{domain}"


def followup_task_uid(followup_id, domain: str) -> str:
    """The UID of a follow-up's task (one UID per component: clients merge equal ones)."""
    return f"followup-{followup_id}-task@{domain}"


def own_item_uid(item_id, domain: str) -> str:
    """The UID of one of the user's own agenda items."""
    return f"agenda-item-{item_id}@{domain}"


def letter_uid(letter_id, domain: str) -> str:
    """The UID of a letter's due date."""
    return f"letter-{letter_id}@{domain}"


def session_uid(conference_slug: str, external_id: str, domain: str) -> str:
    """The UID of a session, from its conference and the identity its program file gives it."""
    digest = hashlib.sha256(external_id.encode()).hexdigest()[:24]
    return f"session-{conference_slug}-{digest}@{domain}"


# Follow-ups.


def short_event_end(start: datetime) -> datetime:
    """When a follow-up's or letter's short event ends, counted in real time: local arithmetic would end
    one starting in the second run of a doubled hour (01:30 after the clocks fall back) before it starts."""
    return (start.astimezone(UTC) + FOLLOWUP_LENGTH).astimezone(start.tzinfo)


def followup_summary(followup: FeedFollowUp) -> str:
    """Action and contact, then the user's own title when it says more: "Email Dr. Lee: thank you"."""
    summary = named_title(followup.action, followup.contact.name, followup.title.strip())
    return f"Done: {summary}" if followup.status == "done" else summary


def followup_time(followup: FeedFollowUp) -> datetime:
    """When the follow-up is due: a snooze moves it later."""
    if followup.snoozed_until is not None and followup.snoozed_until > followup.due_at:
        return followup.snoozed_until
    return followup.due_at


def followup_description(followup: FeedFollowUp, summary: str, draft: Draft | None) -> str:
    """The action, the takeaway to mention, and the draft email's link; never private notes."""
    lines = [summary]
    if followup.takeaway:
        lines.append(f"Takeaway: {followup.takeaway}")
    if followup.repeat_every_months and followup.status == "open":
        lines.append(f"Repeats every {followup.repeat_every_months} months.")
    if draft is not None:
        lines.append(f"Draft email ({draft.subject}): {draft.mailto}")
    return "\n".join(lines)


def followup_entry(
    followup: FeedFollowUp, draft: Draft | None, tz: ZoneInfo, alarm_before: timedelta | None, domain: str
) -> Entry:
    """A follow-up as an event in the user's zone; only open ones remind, and only open repeating ones repeat."""
    start = followup_time(followup).astimezone(tz)
    is_open = followup.status == "open"
    summary = followup_summary(followup)
    changes = (followup.updated_at, followup.contact.updated_at, followup.encounter_updated_at)
    return Entry(
        uid=followup_uid(followup.id, domain),
        summary=summary,
        description=followup_description(followup, summary, draft),
        starts_at=start,
        ends_at=short_event_end(start),
        sequence=followup.version,
        modified_at=max(time for time in changes if time is not None),
        cancelled=followup.status == "cancelled",
        alarm_before=alarm_before if is_open else None,
        repeat_months=followup.repeat_every_months if is_open else None,
    )


def followup_task(entry: Entry, followup: FeedFollowUp, domain: str) -> Task:
    """The same follow-up as a task with a due time, status, priority and completion time."""
    return Task(
        uid=followup_task_uid(followup.id, domain),
        summary=entry.summary,
        description=entry.description,
        due_at=entry.starts_at,
        status=TODO_STATUS[followup.status],
        priority=PRIORITY_BY_TIE.get(followup.contact.tie_strength, 5),
        completed_at=followup.done_at if followup.status == "done" else None,
        sequence=entry.sequence,
        modified_at=entry.modified_at,
        alarm_before=entry.alarm_before,
    )


# Letters of recommendation.

#: Letters whose writer still has something to do: their due dates show.
OPEN_LETTERS = ("asked", "agreed", "materials_sent")


def letter_entry(letter, tz: ZoneInfo, domain: str) -> Entry:
    """A letter's due time as a short event: who writes it and how far it has come; finished ones are cancelled."""
    start = letter.due_at.astimezone(tz)
    return Entry(
        uid=letter_uid(letter.id, domain),
        summary=f"Letter due: {letter.contact_name}",
        description=f"Letter of recommendation from {letter.contact_name}: {STATUS_LABELS[letter.status].lower()}.",
        starts_at=start,
        ends_at=short_event_end(start),
        sequence=letter.version,
        modified_at=max(letter.updated_at, letter.contact_updated_at),
        cancelled=letter.status not in OPEN_LETTERS,
    )


# Agenda sessions.


def session_description(item: AgendaItem) -> str:
    """Why the session is on the agenda and who speaks, then the program's abstract."""
    shown = item.session.dump
    lines = []
    if item.session.status == "cancelled":
        lines.append("Cancelled by the organizers.")
    lines += [f"On your agenda: {reason.name} ({reason.kind}, {reason.priority})" for reason in item.reasons]
    speakers = [
        ", ".join(part for part in (speaker["name"], speaker["credentials"], speaker["affiliation"]) if part)
        for speaker in shown["speakers"]
    ]
    if speakers:
        lines.append("Speakers: " + "; ".join(speakers))
    if shown["abstract"]:
        lines += ["", shown["abstract"]]
    return "\n".join(lines)


def session_entry(item: AgendaItem, conference: Conference, domain: str) -> Entry:
    """An agenda session (its card) as an event in the conference's zone, in its room."""
    card = item.session
    tz = conference.tz
    return Entry(
        uid=session_uid(conference.slug, card.dump["external_id"], domain),
        summary=card.title,
        description=session_description(item),
        starts_at=card.starts_at.astimezone(tz),
        ends_at=card.ends_at.astimezone(tz),
        sequence=card.dump["version"],
        modified_at=card.changed_at,
        cancelled=card.status == "cancelled",
        location=card.dump["room"],
    )


# The user's own agenda items.


def own_item_entry(own: OwnItem, conference: Conference, domain: str) -> Entry:
    """An item the user added, in the conference's zone: its title and place only (never notes or a contact's)."""
    item = own.agenda_item
    tz = conference.tz
    return Entry(
        uid=own_item_uid(item.id, domain),
        summary=item.title,
        description="",
        starts_at=item.starts_at.astimezone(tz),
        ends_at=item.ends_at.astimezone(tz),
        sequence=item.version,
        modified_at=item.updated_at,
        location=item.place,
    )
