"""A discarded draft is "discarded", no longer "cancelled": it never becomes public.

Reviewed by hand. Discarding a draft moved it to "cancelled", and a cancelled event is public
(it stays in the lists and calendars so that subscribers learn of the cancellation), so a draft
nobody had published appeared on public pages. The status check constraint gains the value
"discarded", and every cancelled event that was never published (published_at NULL) becomes
discarded. The downgrade turns discarded events back into cancelled ones before restoring the
old constraint.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:40:00.000000

"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

OLD = "status IN ('draft', 'published', 'cancelled')"
NEW = "status IN ('draft', 'published', 'cancelled', 'discarded')"


def _allow(values: str) -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_constraint("status", type_="check")
        batch_op.create_check_constraint("status", values)


def upgrade():
    _allow(NEW)
    op.execute(
        "UPDATE event SET status = 'discarded' WHERE status = 'cancelled' AND published_at IS NULL"
    )


def downgrade():
    op.execute("UPDATE event SET status = 'cancelled' WHERE status = 'discarded'")
    _allow(OLD)
