"""contacts: a phone number and a web link (not LinkedIn), which scanned and imported cards fill

Revision ID: contactphone0001
Revises: exchange0001
"""

import sqlalchemy as sa
from alembic import op

revision = "contactphone0001"
down_revision = "exchange0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("url", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("url")
        batch_op.drop_column("phone")
