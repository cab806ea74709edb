"""Imports every feature's models, so Alembic and create_app see the whole schema."""

from .accounts.models import LoginSession, User  # noqa: F401
from .agenda_items.models import Appointment  # noqa: F401
from .calendar.models import CalendarFeed  # noqa: F401
from .followups.models import FollowUp  # noqa: F401
from .letters.models import Letter  # noqa: F401
from .milestones.models import Milestone  # noqa: F401
from .outbox.models import OutboxMessage  # noqa: F401
from .people.models import Contact, Encounter  # noqa: F401
from .questions.models import Question  # noqa: F401
from .schedule.models import Conference, ImportRun, Program, Session, SessionSpeaker, Speaker  # noqa: F401
from .schedule.search import is_index_table
from .targets.models import Target  # noqa: F401


def in_schema(name, type_, parent_names) -> bool:
    """What Alembic compares with the models: everything but the search index, which the migration owns."""
    return not (type_ == "table" and is_index_table(name))
