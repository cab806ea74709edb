"""The user's own questions, and who each kind of question is for."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db.types import word_check
from ..extensions import db
from ..sync import OwnedRecord, owner_indexes

# Who a question is for, with the label the app shows (served by GET /api/v1/meta).
AUDIENCE_LABELS = {
    "resident": "Resident",
    "faculty": "Faculty",
    "program_director": "Program director",
    "fellow_applicant": "Fellow applicant",
}
AUDIENCES = tuple(AUDIENCE_LABELS)
#: The audience whose questions suit a contact of each role: residents and fellows both know a program's
#: real culture; students and peers are applicants like the user. "other" has none.
AUDIENCE_OF_ROLE = {
    "faculty": "faculty",
    "program_director": "program_director",
    "resident": "resident",
    "fellow": "resident",
    "student": "fellow_applicant",
    "peer": "fellow_applicant",
}


class Question(OwnedRecord, db.Model):
    """A question the user wants to remember to ask people of one audience."""

    __tablename__ = "questions"
    __table_args__ = (word_check("audience", AUDIENCES), *owner_indexes("questions"))

    text: Mapped[str] = mapped_column(String(500))
    audience: Mapped[str] = mapped_column(String(30))
