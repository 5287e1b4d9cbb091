"""Reminders a user turned off, and the headers a queued message carries.

Reviewed by hand. user.reminders_off lists the kinds of optional reminder (alumni/auth/
reminders.py) the user asked not to receive, space-separated (text, not JSON, so that queries
may still use DISTINCT over users on PostgreSQL); existing users get "", so they keep
receiving everything as before. outgoing_mail.headers holds extra message headers such as
List-Unsubscribe (RFC 2369/8058), so the worker sends them with the message; old rows have
none. The downgrade drops both columns: who turned what off is lost.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 14:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("reminders_off", sa.String(length=500), nullable=False, server_default="")
        )
    with op.batch_alter_table("outgoing_mail") as batch:
        batch.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outgoing_mail") as batch:
        batch.drop_column("headers")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("reminders_off")
