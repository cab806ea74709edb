"""sessions keep their talks

Revision ID: formats0001
Revises: summary0001
Create Date: 2026-12-01 05:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "formats0001"
down_revision = "summary0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("talks", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("talks")
