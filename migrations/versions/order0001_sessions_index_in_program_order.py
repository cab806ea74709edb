"""sessions indexed in the program's order (conference, start, id): a deep page is read from the index, not sorted

The id was a column the index only carried on PostgreSQL (read0001); as the last key it also orders
sessions that start together, as every list does.

Revision ID: order0001
Revises: feed0001
"""

from alembic import op

revision = "order0001"
down_revision = "feed0001"
branch_labels = None
depends_on = None


def _recreate(columns, **include):
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_conference_starts_at")
        batch_op.create_index("ix_sessions_conference_starts_at", columns, unique=False, **include)


def upgrade():
    _recreate(["conference_id", "starts_at", "id"])


def downgrade():
    _recreate(["conference_id", "starts_at"], postgresql_include=["id"])
