"""The lead host moves onto the event: event.lead_society_id replaces event_host.is_lead.

Reviewed by hand. The lead host is chosen when an event is created and never changes, so it
is a column of the event (one truth); event_host still lists every host, the lead included.
A year's figures by lead host then read the events alone instead of joining every host row.
The column is filled from the lead host rows before it becomes NOT NULL. On SQLite the batch
operations copy the tables; migrations/env.py turns foreign keys off meanwhile so the copy
does not cascade, and checks them afterwards. The downgrade restores is_lead from the column.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 20:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("lead_society_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE event SET lead_society_id = (SELECT h.society_id FROM event_host h "
        "WHERE h.event_id = event.id AND h.is_lead)"
    )
    with op.batch_alter_table("event") as batch_op:
        batch_op.alter_column("lead_society_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_event_lead_society_id"), ["lead_society_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_event_lead_society_id_society"), "society", ["lead_society_id"], ["id"]
        )
    with op.batch_alter_table("event_host") as batch_op:
        batch_op.drop_column("is_lead")


def downgrade():
    with op.batch_alter_table("event_host") as batch_op:
        batch_op.add_column(
            sa.Column("is_lead", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE event_host SET is_lead = true WHERE society_id = "
        "(SELECT e.lead_society_id FROM event e WHERE e.id = event_host.event_id)"
    )
    with op.batch_alter_table("event_host") as batch_op:
        batch_op.alter_column("is_lead", existing_type=sa.Boolean(), server_default=None)
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_event_lead_society_id_society"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_event_lead_society_id"))
        batch_op.drop_column("lead_society_id")
