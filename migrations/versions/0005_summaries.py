"""Yearly summaries, their published versions, and AOTS's programme table.

Reviewed by hand: new tables only; the downgrade drops them in reverse dependency order.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 18:46:09.458930

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("fiscal_year BETWEEN 1959 AND 2200", name=op.f("ck_summary_year_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary")),
        sa.UniqueConstraint("fiscal_year", name=op.f("uq_summary_fiscal_year")),
    )
    op.create_table(
        "programme_count",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column(
            "programme",
            sa.Enum(
                "japan_training",
                "overseas_training",
                "endowed_courses",
                "expert_dispatch",
                "internship",
                name="programme",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "participants BETWEEN 0 AND 10000000",
            name=op.f("ck_programme_count_participants_range"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_programme_count_region_code_region")
        ),
        sa.PrimaryKeyConstraint(
            "fiscal_year", "region_code", "programme", name=op.f("pk_programme_count")
        ),
    )
    op.create_table(
        "summary_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=254), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["summary.id"],
            name=op.f("fk_summary_version_summary_id_summary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_version")),
        sa.UniqueConstraint(
            "summary_id", "number", name=op.f("uq_summary_version_summary_id_number")
        ),
    )


def downgrade():
    op.drop_table("summary_version")
    op.drop_table("programme_count")
    op.drop_table("summary")
