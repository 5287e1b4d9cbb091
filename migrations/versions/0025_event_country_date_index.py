"""Events by the country they are held in, in date order: an index (country_code, start_date,
id, status) in place of the one on country_code alone.

Reviewed by hand. The list's country filter (events held in the country, or hosted by one of
its societies) was one OR: SQLite read every match of both sides (all the host rows of the
country's societies) and sorted them for a page, 17 ms at the benchmark's scale 10, growing
with the data. The list now reads each side in date order and stops at the page
(queries.page_ids): the host rows by their index (0024), the events held in the country by
this one. It starts with country_code, so whatever looked events up by country alone (the
foreign key) finds them as before; the status is in it as in the other date indexes, so the
walk need not read an event to skip a draft. Plain operations: on SQLite an index is created
or dropped in place. The downgrade restores the index on country_code alone.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 14:30:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_event_country_code_start_date_id_status",
        "event",
        ["country_code", "start_date", "id", "status"],
        unique=False,
    )
    op.drop_index("ix_event_country_code", table_name="event")


def downgrade():
    op.create_index("ix_event_country_code", "event", ["country_code"], unique=False)
    op.drop_index("ix_event_country_code_start_date_id_status", table_name="event")
