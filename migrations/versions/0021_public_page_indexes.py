"""An index for the upcoming events: by the last day, with the first day.

Reviewed by hand. The events list's "upcoming" filter (end_date >= today) read the date index
from the oldest event until it reached today's: every event, at scale. With this index the
first day of the earliest upcoming event is one short range read, and the list starts there.
The past ones are still read through the start date's index (the list's order). Plain (not
batch) operations: on SQLite an index is created or dropped in place. The downgrade drops it.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 18:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_event_end_date_start_date", "event", ["end_date", "start_date"], unique=False
    )


def downgrade():
    op.drop_index("ix_event_end_date_start_date", table_name="event")
