"""users.introduction: the 30-second introduction shown on the phone's Today screen

Revision ID: pwa0001
Revises: accounts0001
"""

import sqlalchemy as sa
from alembic import op

revision = "pwa0001"
down_revision = "accounts0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("introduction", sa.String(length=600), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("introduction")
