"""The user account."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..db.types import UTCDateTime, utcnow
from ..extensions import db
from ..sync import Versioned

ROLES = ("attendee", "admin")
#: Longest introduction, in characters: about 30 seconds spoken.
INTRODUCTION_MAX = 600
#: What a contact card may show, in the order it shows them.
CARD_FIELDS = ("name", "credentials", "pronouns", "institution", "email", "phone", "linkedin_url", "interest")
#: What a new account's card shows until the user chooses.
DEFAULT_CARD_FIELDS = ["name", "credentials", "institution", "email"]
#: Longest short introduction, in characters: about 15 seconds spoken.
INTRODUCTION_SHORT_MAX = 300
#: Ways to reach the user that a draft's signature may show, in the order it shows them.
SIGNATURE_FIELDS = ("email", "linkedin_url", "cv_url", "phone")
#: What a new account's signature shows until the user chooses.
DEFAULT_SIGNATURE_FIELDS = ["email"]


def hash_password(password: str) -> str:
    """A salted hash of a password, by the configured method: the only form a password is stored in."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class User(UserMixin, Versioned, db.Model):
    """A person using the app; owns contacts, encounters, follow-ups and targets."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('attendee', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Normalized: trimmed and lower-cased, so login is case-insensitive.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), info={"export": False})
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="attendee")
    #: IANA zone for days outside any conference.
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    #: The daily 3-2-1 goal.
    goal_introduced: Mapped[int] = mapped_column(default=3)
    goal_conversations: Mapped[int] = mapped_column(default=2)
    goal_followups: Mapped[int] = mapped_column(default=1)
    #: Default time between meeting someone and the follow-up being due.
    followup_window_hours: Mapped[int] = mapped_column(default=72)
    #: The user's 30-second introduction, to glance at before walking up to someone.
    introduction: Mapped[str] = mapped_column(String(INTRODUCTION_MAX), default="", server_default="")
    #: The 15-second version, for a hallway or an elevator.
    introduction_short: Mapped[str] = mapped_column(String(INTRODUCTION_SHORT_MAX), default="", server_default="")
    #: No summary emails after conferences.
    summary_opt_out: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Degrees after the name: "MD, PhD".
    credentials: Mapped[str] = mapped_column(String(100), default="", server_default="")
    institution: Mapped[str] = mapped_column(String(300), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    linkedin_url: Mapped[str | None] = mapped_column(String(500))
    #: A link to the user's CV, which a draft's signature may show.
    cv_url: Mapped[str | None] = mapped_column(String(500))
    pronouns: Mapped[str] = mapped_column(String(40), default="", server_default="")
    #: One line on what the user is looking for, shown on the card: "early psychosis, rural programs".
    interest: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Which of CARD_FIELDS the contact card (and its QR code) shows; nothing else ever appears on it.
    card_fields: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_CARD_FIELDS), server_default=json.dumps(DEFAULT_CARD_FIELDS)
    )
    #: Which of SIGNATURE_FIELDS a draft's signature shows; the others never appear in a draft.
    signature_fields: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_SIGNATURE_FIELDS), server_default=json.dumps(DEFAULT_SIGNATURE_FIELDS)
    )

    def set_password(self, password: str) -> None:
        """Store only a salted hash of the password."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Compare a password with the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def tz(self) -> ZoneInfo:
        """The user's own zone as a ZoneInfo."""
        return ZoneInfo(self.timezone)

    @property
    def signature(self) -> str:
        """How drafts sign off: "Sam Patel, MD" and then each way to reach the user that they chose to show."""
        shown = (getattr(self, name) for name in SIGNATURE_FIELDS if name in (self.signature_fields or ()))
        name = f"{self.name}, {self.credentials}" if self.credentials else self.name
        return "\n".join([name, *(value for value in shown if value)])

    @property
    def is_admin(self) -> bool:
        """Whether the user may import schedules and manage conferences."""
        return self.role == "admin"


class LoginSession(db.Model):
    """One device's login: the cookie names it, so logging out or revoking it ends that device's access at once."""

    __tablename__ = "login_sessions"

    #: Public: what the sessions list shows and DELETE /me/sessions/<id> takes.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the secret in the cookie: a copy of the database cannot be replayed as a login.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, info={"export": False})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Refreshed at most every few minutes, so a request does not always write.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    #: Whether this is the session of the request that lists it: not stored, set by sessions.list_sessions().
    current = False
