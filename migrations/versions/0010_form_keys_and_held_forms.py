"""One-time form keys and forms held over an expired login.

Reviewed by hand. form_submission: a form's random key, claimed by the first post that carried
it (primary key, so a second post of the same form, even racing, cannot claim it again), with
where that post went. held_form: the fields of a form posted after its author's login expired,
under the hash of a token that only the author's browser got. Both are short-lived (days) and
pruned by the code that writes them. The downgrade drops both tables.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "form_submission",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("result_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name="fk_form_submission_user_id_user", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name="pk_form_submission"),
    )
    op.create_index("ix_form_submission_user_id", "form_submission", ["user_id"])
    op.create_index("ix_form_submission_created_at", "form_submission", ["created_at"])
    op.create_table(
        "held_form",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_held_form"),
    )
    op.create_index("ix_held_form_created_at", "held_form", ["created_at"])


def downgrade():
    op.drop_index("ix_held_form_created_at", table_name="held_form")
    op.drop_table("held_form")
    op.drop_index("ix_form_submission_created_at", table_name="form_submission")
    op.drop_index("ix_form_submission_user_id", table_name="form_submission")
    op.drop_table("form_submission")
