"""agenda items and questions: the user's own appointments at a conference and questions to ask, synced like contacts

Revision ID: agenda0001
Revises: drafts0001
"""

import sqlalchemy as sa
from alembic import op

import conference.db.types

revision = "agenda0001"
down_revision = "drafts0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "questions",
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.String(length=30), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", conference.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "audience IN ('resident', 'faculty', 'program_director', 'fellow_applicant')",
            name=op.f("ck_questions_audience"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_questions_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index("ix_questions_owner_change_seq", ["owner_id", "change_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_questions_owner_updated_at", ["owner_id", "updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "agenda_items",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", conference.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_agenda_items_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_agenda_items_contact_id_contacts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_agenda_items_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_agenda_items_owner_change_seq", ["owner_id", "change_seq"], unique=False)
        batch_op.create_index(
            "ix_agenda_items_owner_conference_starts_at", ["owner_id", "conference_id", "starts_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agenda_items_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_agenda_items_owner_updated_at", ["owner_id", "updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_items_updated_at"), ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_updated_at"))
        batch_op.drop_index("ix_agenda_items_owner_updated_at")
        batch_op.drop_index(batch_op.f("ix_agenda_items_owner_id"))
        batch_op.drop_index("ix_agenda_items_owner_conference_starts_at")
        batch_op.drop_index("ix_agenda_items_owner_change_seq")
        batch_op.drop_index(batch_op.f("ix_agenda_items_contact_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_updated_at"))
        batch_op.drop_index("ix_questions_owner_updated_at")
        batch_op.drop_index(batch_op.f("ix_questions_owner_id"))
        batch_op.drop_index("ix_questions_owner_change_seq")

    op.drop_table("questions")
