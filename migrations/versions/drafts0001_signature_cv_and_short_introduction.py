"""users: a CV link, the ways to reach them a draft's signature shows, and a short introduction

Revision ID: drafts0001
Revises: milestones0001
"""

import sqlalchemy as sa
from alembic import op

revision = "drafts0001"
down_revision = "milestones0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cv_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("signature_fields", sa.JSON(), server_default='["email"]', nullable=False))
        batch_op.add_column(sa.Column("introduction_short", sa.String(length=300), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("introduction_short")
        batch_op.drop_column("signature_fields")
        batch_op.drop_column("cv_url")
