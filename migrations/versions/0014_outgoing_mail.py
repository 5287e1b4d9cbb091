"""The mail outbox: messages stored with the change that caused them, sent by a worker.

Reviewed by hand. outgoing_mail holds one row per recipient, written in the same unit of work
as the change (a rollback leaves no row, so nothing is sent for it) and delivered after the
commit by the task queue's worker. The worker claims a row by moving it from "pending" to
"sending" with a conditional UPDATE, so two workers never send one message twice; a failed
attempt goes back to "pending" with next_attempt_at pushed back and last_error kept, and after
the last attempt it is "failed". "secret" marks bodies with a password or invitation link,
which no page shows. dedupe_key (unique, optional) lets a reminder be queued once per
(object, stage). The downgrade drops the table and its indexes; mail still pending is lost.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 13:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

INDEXED = ("kind", "status", "next_attempt_at", "created_at")


def upgrade():
    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outgoing_mail"),
        sa.UniqueConstraint("dedupe_key", name="uq_outgoing_mail_dedupe_key"),
    )
    for column in INDEXED:
        op.create_index(f"ix_outgoing_mail_{column}", "outgoing_mail", [column])


def downgrade():
    for column in reversed(INDEXED):
        op.drop_index(f"ix_outgoing_mail_{column}", table_name="outgoing_mail")
    op.drop_table("outgoing_mail")
