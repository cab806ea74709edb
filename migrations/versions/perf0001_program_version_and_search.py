"""program version and full-text search index

Revision ID: perf0001
Revises: formats0001
Create Date: 2026-12-01 05:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "perf0001"
down_revision = "formats0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_version", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_hash", sa.String(length=64), server_default="", nullable=False))

    # The search index is not a model: its shape differs by database (see conference/schedule/search.py).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE session_search ("
            " session_id integer PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,"
            " document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_session_search_document ON session_search USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE session_search USING fts5("
            "title, speakers, track, abstract, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 4')"
        )
        op.execute(
            "CREATE TRIGGER session_search_forget AFTER DELETE ON sessions"
            " BEGIN DELETE FROM session_search WHERE rowid = old.id; END"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE session_search")
    else:
        op.execute("DROP TRIGGER session_search_forget")
        op.execute("DROP TABLE session_search")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("search_hash")
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("program_version")
