"""The site's content version, behind the ETags of public pages.

Reviewed by hand: the single row (id 1, version 0) is inserted here; the downgrade drops the
table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 18:55:19.482012

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "site_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_version", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_site_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_state")),
    )
    op.execute("INSERT INTO site_state (id, content_version) VALUES (1, 0)")


def downgrade():
    op.drop_table("site_state")
