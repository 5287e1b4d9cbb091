"""An event may have a time of day: event.start_time and event.end_time, both optional.

Reviewed by hand. Without a start time an event is all-day, as every existing event stays (the
calendar writes its days as DATE values); the times are wall-clock times in the event's own
time zone. An end time needs a start time, and on a one-day event it is not before it (the
check constraint time_order; on a longer event it may be, e.g. 18:00 on the first day to
12:00 on the last). On SQLite the batch operation copies the table; migrations/env.py turns
foreign keys off meanwhile so the copy does not cascade. The downgrade drops the constraint
and both columns (the times are lost; the days remain).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 12:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TIME_ORDER = (
    "end_time IS NULL OR (start_time IS NOT NULL"
    " AND (end_date > start_date OR end_time >= start_time))"
)


def upgrade():
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("start_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("end_time", sa.Time(), nullable=True))
        batch_op.create_check_constraint("time_order", TIME_ORDER)


def downgrade():
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_constraint("time_order", type_="check")
        batch_op.drop_column("end_time")
        batch_op.drop_column("start_time")
