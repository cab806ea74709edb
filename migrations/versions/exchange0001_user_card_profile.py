"""users: the profile fields a contact card may show (credentials, institution, phone, LinkedIn, pronouns,
interest) and which it shows

Revision ID: exchange0001
Revises: input0001
"""

import sqlalchemy as sa
from alembic import op

revision = "exchange0001"
down_revision = "input0001"
branch_labels = None
depends_on = None

TEXT_COLUMNS = (("credentials", 100), ("institution", 300), ("phone", 40), ("pronouns", 40), ("interest", 200))


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        for name, length in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), server_default="", nullable=False))
        batch_op.add_column(sa.Column("linkedin_url", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column(
                "card_fields",
                sa.JSON(),
                server_default='["name", "credentials", "institution", "email"]',
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        for name in ("card_fields", "linkedin_url", *(name for name, _ in reversed(TEXT_COLUMNS))):
            batch_op.drop_column(name)
