"""conferences.import_digest: the last imported file and its options, so importing them again reads nothing

Revision ID: imports0001
Revises: read0001
"""

import sqlalchemy as sa
from alembic import op

revision = "imports0001"
down_revision = "read0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_digest", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("import_digest")
