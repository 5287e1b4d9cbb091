"""An index for an event's speakers: by event, in their order.

Reviewed by hand. An event's page (and its edit form) reads the event's speakers with
`WHERE event_id = ? ORDER BY position`, and no index had event_id first: every page read the
whole speaker table, which grows with every event. Plain (not batch) operations: on SQLite
an index is created or dropped in place. The downgrade drops it.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 21:10:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_speaker_event_id_position", "speaker", ["event_id", "position"], unique=False
    )


def downgrade():
    op.drop_index("ix_speaker_event_id_position", table_name="speaker")
