"""follow-up titles that are the default one are stored empty, so the shown title follows a renamed contact

A title equal to the default for its action and the contact's current name was never edited by the
user; stored empty, it is made at read time from the contact's name. Titles already showing an old
name cannot be told from typed ones and stay as they are. The templates are those of this revision.

Revision ID: emailapp0001
Revises: order0001
"""

import sqlalchemy as sa
from alembic import op

revision = "emailapp0001"
down_revision = "order0001"
branch_labels = None
depends_on = None

ACTION_TITLES = {
    "email": ("Email ", ""),
    "linkedin": ("Connect with ", " on LinkedIn"),
    "send_article": ("Send ", " the article"),
    "thank_you": ("Thank ", ""),
    "mentor_update": ("Update ", ""),
    "meeting": ("Set up a meeting with ", ""),
    "other": ("Follow up with ", ""),
}
CONTACT_NAME = "(SELECT contacts.name FROM contacts WHERE contacts.id = followups.contact_id)"


def upgrade():
    for action, (before, after) in ACTION_TITLES.items():
        op.execute(
            sa.text(
                f"UPDATE followups SET title = '' WHERE action = :action AND title = :before || {CONTACT_NAME} || :after"
            ).bindparams(action=action, before=before, after=after)
        )


def downgrade():
    for action, (before, after) in ACTION_TITLES.items():
        op.execute(
            sa.text(
                f"UPDATE followups SET title = :before || {CONTACT_NAME} || :after WHERE action = :action AND title = ''"
            ).bindparams(action=action, before=before, after=after)
        )
