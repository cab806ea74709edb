"""the PostgreSQL search index holds each session's conference and start: a search alone reads only the index

SQLite's FTS5 table stays as it is; there a search joins the sessions by rowid.

Revision ID: search0001
Revises: imports0001
"""

from alembic import op

revision = "search0001"
down_revision = "imports0001"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE session_search ADD COLUMN conference_id integer, ADD COLUMN starts_at timestamp with time zone"
    )
    op.execute(
        "UPDATE session_search SET conference_id = sessions.conference_id, starts_at = sessions.starts_at"
        " FROM sessions WHERE sessions.id = session_search.session_id"
    )
    op.execute(
        "ALTER TABLE session_search ALTER COLUMN conference_id SET NOT NULL, ALTER COLUMN starts_at SET NOT NULL"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE session_search DROP COLUMN conference_id, DROP COLUMN starts_at")
