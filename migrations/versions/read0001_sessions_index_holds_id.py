"""sessions by conference and start hold the id on PostgreSQL too: searches join their matches to the program from the index

SQLite indexes hold the row id already; there the index stays as it is.

Revision ID: read0001
Revises: pwa0001
"""

from alembic import op

revision = "read0001"
down_revision = "pwa0001"
branch_labels = None
depends_on = None


def _recreate(**include):
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_sessions_conference_starts_at", table_name="sessions")
    op.create_index("ix_sessions_conference_starts_at", "sessions", ["conference_id", "starts_at"], **include)


def upgrade():
    _recreate(postgresql_include=["id"])


def downgrade():
    _recreate()
