"""contacts: seats on the board of advisors, who introduced them, and how often they hear from the user

Revision ID: board0001
Revises: agenda0001
"""

import sqlalchemy as sa
from alembic import op

revision = "board0001"
down_revision = "agenda0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("advisor_roles", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("introduced_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("update_every_months", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contacts_introduced_by_id_contacts"),
            "contacts",
            ["introduced_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_contacts_introduced_by_id"), ["introduced_by_id"], unique=False)
        batch_op.create_check_constraint(
            batch_op.f("ck_contacts_update_every_months"), "update_every_months BETWEEN 1 AND 12"
        )


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_contacts_update_every_months"), type_="check")
        batch_op.drop_index(batch_op.f("ix_contacts_introduced_by_id"))
        batch_op.drop_constraint(batch_op.f("fk_contacts_introduced_by_id_contacts"), type_="foreignkey")
        batch_op.drop_column("update_every_months")
        batch_op.drop_column("introduced_by_id")
        batch_op.drop_column("advisor_roles")
