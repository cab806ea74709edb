"""followups: when a message was sent, its reply and the one reminder; contacts: the user's chosen warmth

Revision ID: replies0001
Revises: board0001
"""

import sqlalchemy as sa
from alembic import op

revision = "replies0001"
down_revision = "board0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reply", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("nudge", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f("ck_followups_reply"), "reply IN ('awaiting', 'replied', 'no_reply')")
        batch_op.create_check_constraint(op.f("ck_followups_nudge"), "nudge IN ('sent', 'dismissed')")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warmth", sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(op.f("ck_contacts_warmth"), "warmth IN ('cold', 'warm', 'hot')")


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_contacts_warmth"), type_="check")
        batch_op.drop_column("warmth")
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_followups_nudge"), type_="check")
        batch_op.drop_constraint(op.f("ck_followups_reply"), type_="check")
        batch_op.drop_column("nudged_at")
        batch_op.drop_column("nudge")
        batch_op.drop_column("replied_at")
        batch_op.drop_column("reply")
        batch_op.drop_column("sent_at")
