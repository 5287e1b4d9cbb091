"""An index of the drafts, for the officers' society pages.

Reviewed by hand. A society's page shows its officers the society's drafts: with no index on
the status, PostgreSQL read every event to find the few drafts (a parallel scan of 360,000
rows, about 100 ms at the benchmark's scale 10, growing with the data). A partial index holds
only the drafts, so it stays small, and no other query sees an index on the status (SQLite,
which keeps no statistics here, would take one for a selective index: see the event model).
The query writes the status out (queries.IS_DRAFT) so that both planners can use it. Plain
operations: on SQLite an index is created or dropped in place. The downgrade drops it.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 20:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

DRAFTS = sa.text("status = 'draft'")


def upgrade():
    op.create_index(
        "ix_event_draft_start_date",
        "event",
        ["start_date"],
        unique=False,
        postgresql_where=DRAFTS,
        sqlite_where=DRAFTS,
    )


def downgrade():
    op.drop_index("ix_event_draft_start_date", table_name="event")
