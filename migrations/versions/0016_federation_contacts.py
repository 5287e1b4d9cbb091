"""Who represents a regional federation, and when each invitation was sent.

Reviewed by hand. user.federation_code names the regional federation a user represents (a
committee member may represent one): such users are told, with the staff, when a society of
their federation files no participation report after three reminders. user.invited_at is
when the last invitation was mailed, so the daily schedule finds the invitation links about to
expire with one indexed query. Existing users without a password get their creation time: a
recent invitation is still reminded of, an old one is long past. The downgrade drops both
columns: who represents which federation is lost.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("federation_code", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("invited_at", sa.DateTime(), nullable=True))
        batch.create_index(batch.f("ix_user_federation_code"), ["federation_code"])
        batch.create_index(batch.f("ix_user_invited_at"), ["invited_at"])
        batch.create_foreign_key(
            batch.f("fk_user_federation_code_federation"),
            "federation",
            ["federation_code"],
            ["code"],
        )
    op.execute('UPDATE "user" SET invited_at = created_at WHERE password_hash IS NULL')


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_constraint(batch.f("fk_user_federation_code_federation"), type_="foreignkey")
        batch.drop_index(batch.f("ix_user_invited_at"))
        batch.drop_index(batch.f("ix_user_federation_code"))
        batch.drop_column("invited_at")
        batch.drop_column("federation_code")
