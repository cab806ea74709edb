"""Imports every feature's models, so Alembic and create_app see the whole schema."""
from .accounts.models import User  # noqa: F401
from .calendar.models import CalendarFeed  # noqa: F401
from .networking.models import Contact, Encounter, FollowUp  # noqa: F401
from .outbox.models import OutboxMessage  # noqa: F401
from .schedule.models import Conference, ImportRun, Program, Session, SessionSpeaker, Speaker  # noqa: F401
from .targets.models import Target  # noqa: F401
