"""Attached files: event photos, programme report evidence and receipts per actual line.

Reviewed by hand. One row per stored file: the storage key (generated, the only name the file
has in storage), the name as sent (display text only), the type found from its content, its
size and SHA-256, the pixel size of images, and what it is attached to (owner_kind and
owner_id, no foreign key: the owner may be an event, a grant or a spending line). The
downgrade drops the table; the stored files stay where they are (instance/files or the bucket).

Revision ID: 0020
Revises: 0019
Create Date: 2027-01-10 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("owner_kind", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "owner_kind IN ('event_photo', 'report_evidence', 'receipt')",
            name="ck_attachment_owner_kind",
        ),
        sa.CheckConstraint("size >= 0", name="ck_attachment_size_positive"),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["user.id"], name="fk_attachment_uploaded_by_id_user"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attachment"),
        sa.UniqueConstraint("storage_key", name="uq_attachment_storage_key"),
    )
    op.create_index("ix_attachment_owner", "attachment", ["owner_kind", "owner_id"])


def downgrade():
    op.drop_index("ix_attachment_owner", table_name="attachment")
    op.drop_table("attachment")
