"""What the follow-ups of a letter's steps say: the materials, a gentle reminder, thanks, and the match outcome.

Each draft states only what the records show: the materials the user listed, the due day, the
letter submitted (for thanks and the outcome), the match milestone's title. Never notes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from ..extensions import db
from ..followups.signals import followups_drafted
from ..milestones.models import Milestone
from ..sync import owned
from .models import Letter, step_followup_id

#: The draft of each step's follow-up, by the status that adds it (and "match" for the outcome).
STEP_DRAFTS = {"agreed": "materials", "materials_sent": "reminder", "submitted": "thanks", "match": "match"}
#: How each material reads in the email that sends it.
MATERIAL_WORDS = {
    "cv": "my CV",
    "personal_statement": "a draft of my personal statement",
    "bullet_list": "a short bulleted list of what I hope you can speak to",
    "other": "[name the other document]",
}


def _on(moment, tz) -> str:
    """ "March 3" in the user's zone."""
    local = moment.astimezone(tz)
    return f"{local:%B} {local.day}"


@followups_drafted.connect
def letter_drafts(user, followups: Sequence, now: datetime) -> dict[uuid.UUID, tuple[str, dict]]:
    """The letter template and its facts for each follow-up that is a letter's step (two queries at most)."""
    contact_ids = {followup.contact_id for followup in followups}
    if not contact_ids:
        return {}
    letters = db.session.execute(
        owned(Letter, user, include_deleted=True)
        .with_only_columns(Letter.id, Letter.due_at, Letter.materials)
        .where(Letter.contact_id.in_(contact_ids))
    ).all()
    steps = {
        step_followup_id(letter.id, status): (letter, draft)
        for letter in letters
        for status, draft in STEP_DRAFTS.items()
    }
    found = {followup.id: steps[followup.id] for followup in followups if followup.id in steps}
    match = _latest_match(user) if any(draft == "match" for _, draft in found.values()) else None
    return {
        followup_id: ("letter.txt", _context(user, letter, draft, match))
        for followup_id, (letter, draft) in found.items()
    }


def _latest_match(user) -> Milestone | None:
    """The match milestone the outcome email tells (the latest, when there are several)."""
    query = owned(Milestone, user).where(Milestone.kind == "match")
    return db.session.scalars(
        query.order_by(Milestone.happened_on.desc(), Milestone.updated_at.desc()).limit(1)
    ).first()


def _context(user, letter, draft: str, match: Milestone | None) -> dict:
    """What the letter template says for one step."""
    return {
        "step": draft,
        "materials": [MATERIAL_WORDS[name] for name in letter.materials or ()],
        "due_on": _on(letter.due_at, user.tz) if letter.due_at else "",
        "match_title": match.title if match else "",
    }
