"""milestones and letters: the user's achievements and letters of recommendation, synced like contacts

Revision ID: milestones0001
Revises: contactphone0001
"""

import sqlalchemy as sa
from alembic import op

import conference.db.types

revision = "milestones0001"
down_revision = "contactphone0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "milestones",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", conference.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('publication', 'poster', 'presentation', 'rotation', 'exam', 'interview', 'match', 'other')",
            name=op.f("ck_milestones_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_milestones_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index("ix_milestones_owner_change_seq", ["owner_id", "change_seq"], unique=False)
        batch_op.create_index("ix_milestones_owner_happened_on", ["owner_id", "happened_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_milestones_owner_updated_at", ["owner_id", "updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "letters",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("asked_at", conference.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("due_at", conference.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", conference.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", conference.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('asked', 'agreed', 'declined', 'materials_sent', 'submitted', 'thanked')",
            name=op.f("ck_letters_status"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_letters_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_letters_owner_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letters_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_letters_owner_change_seq", ["owner_id", "change_seq"], unique=False)
        batch_op.create_index("ix_letters_owner_due_at", ["owner_id", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_letters_owner_updated_at", ["owner_id", "updated_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_updated_at"), ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letters_updated_at"))
        batch_op.drop_index("ix_letters_owner_updated_at")
        batch_op.drop_index(batch_op.f("ix_letters_owner_id"))
        batch_op.drop_index("ix_letters_owner_due_at")
        batch_op.drop_index("ix_letters_owner_change_seq")
        batch_op.drop_index(batch_op.f("ix_letters_contact_id"))

    op.drop_table("letters")
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_updated_at"))
        batch_op.drop_index("ix_milestones_owner_updated_at")
        batch_op.drop_index(batch_op.f("ix_milestones_owner_id"))
        batch_op.drop_index("ix_milestones_owner_happened_on")
        batch_op.drop_index("ix_milestones_owner_change_seq")

    op.drop_table("milestones")
