"""owned records are indexed by owner and change number: the changes feed reads a user's next page of changes

Not every record of theirs: a change number alone counts per user, so its index selected everyone's.

Revision ID: feed0001
Revises: search0001
"""

from alembic import op

revision = "feed0001"
down_revision = "search0001"
branch_labels = None
depends_on = None

TABLES = ("contacts", "encounters", "followups", "targets")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_change_seq")
            batch_op.create_index(f"ix_{table}_owner_change_seq", ["owner_id", "change_seq"], unique=False)


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_owner_change_seq")
            batch_op.create_index(f"ix_{table}_change_seq", ["change_seq"], unique=False)
