"""The event's first day on its host rows: event_host.start_date and an index by it.

Reviewed by hand. A society's events were found from its host rows, which had no date: a
page of its newest events, a fiscal year of them or a calendar's window read every host row
of the society and then each of its events, to sort them. With the event's start date copied
onto each host row (the ORM keeps the copy: alumni/events/models.py, _copy_start_dates) and
an index (society_id, start_date, event_id), such a page is a short walk of the index. That
index replaces ix_event_host_society_id_event_id: whatever looked up a society's host rows
finds them by the same first column, and a probe for one event's hosts has the unique
(event_id, society_id). The column is filled from the events in one UPDATE before it becomes
NOT NULL; on SQLite the batch operation copies the table (migrations/env.py turns foreign
keys off meanwhile). The downgrade restores the old index and drops the column.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01 23:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event_host") as batch_op:
        batch_op.add_column(sa.Column("start_date", sa.Date(), nullable=True))
    op.execute(
        "UPDATE event_host SET start_date = "
        "(SELECT e.start_date FROM event e WHERE e.id = event_host.event_id)"
    )
    with op.batch_alter_table("event_host") as batch_op:
        batch_op.alter_column("start_date", existing_type=sa.Date(), nullable=False)
        batch_op.drop_index("ix_event_host_society_id_event_id")
        batch_op.create_index(
            "ix_event_host_society_id_start_date_event_id",
            ["society_id", "start_date", "event_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("event_host") as batch_op:
        batch_op.drop_index("ix_event_host_society_id_start_date_event_id")
        batch_op.create_index(
            "ix_event_host_society_id_event_id", ["society_id", "event_id"], unique=False
        )
        batch_op.drop_column("start_date")
