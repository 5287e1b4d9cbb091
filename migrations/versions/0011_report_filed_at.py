"""When each participation report was first filed, for reporting completeness.

Reviewed by hand. participation_report.filed_at is the moment the report was first saved (its
later corrections do not move it): a report filed within the due days of its event's end is on
time. Existing reports take the time of their first saved revision, or, when none was kept, the
time they were last updated. The downgrade drops the column.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 11:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participation_report") as batch:
        batch.add_column(sa.Column("filed_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE participation_report SET filed_at = COALESCE("
        "(SELECT MIN(r.saved_at) FROM report_revision r"
        " WHERE r.report_id = participation_report.id), updated_at)"
    )
    with op.batch_alter_table("participation_report") as batch:
        batch.alter_column("filed_at", existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table("participation_report") as batch:
        batch.drop_column("filed_at")
