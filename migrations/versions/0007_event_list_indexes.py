"""Indexes for the public event lists: by date with the status, by kind and date, by host.

Reviewed by hand. The single-column indexes on event.kind, event.status and event.start_date
and on event_host.society_id give way to composite ones that begin with the same column, so
every query they served is still served. The status gets no index of its own: nearly every
event is public, and SQLite, which keeps no statistics here, took that index for a selective
one and read every event to sort it. Plain (not batch) operations: on SQLite an index is
created or dropped in place, without copying the table. The downgrade restores the
single-column indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 20:10:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_event_start_date_id_status", "event", ["start_date", "id", "status"], unique=False
    )
    op.create_index(
        "ix_event_kind_start_date_id_status",
        "event",
        ["kind", "start_date", "id", "status"],
        unique=False,
    )
    op.create_index(
        "ix_event_host_society_id_event_id", "event_host", ["society_id", "event_id"], unique=False
    )
    op.drop_index("ix_event_start_date", table_name="event")
    op.drop_index("ix_event_kind", table_name="event")
    op.drop_index("ix_event_status", table_name="event")
    op.drop_index("ix_event_host_society_id", table_name="event_host")


def downgrade():
    op.create_index("ix_event_host_society_id", "event_host", ["society_id"], unique=False)
    op.create_index("ix_event_status", "event", ["status"], unique=False)
    op.create_index("ix_event_kind", "event", ["kind"], unique=False)
    op.create_index("ix_event_start_date", "event", ["start_date"], unique=False)
    op.drop_index("ix_event_host_society_id_event_id", table_name="event_host")
    op.drop_index("ix_event_kind_start_date_id_status", table_name="event")
    op.drop_index("ix_event_start_date_id_status", table_name="event")
