"""Societies and the reference geography (regions, federations, countries).

Reviewed by hand: every constraint is named by the metadata naming convention, so the
downgrade drops tables in reverse dependency order and works on SQLite and PostgreSQL.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 17:42:34.375244

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "federation",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_ja", sa.String(length=200), nullable=False),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_federation")),
    )
    op.create_table(
        "published_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("societies", sa.Integer(), nullable=False),
        sa.Column("countries", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "countries >= 0 AND countries < 1000", name=op.f("ck_published_count_countries_range")
        ),
        sa.CheckConstraint(
            "societies >= 0 AND societies < 100000", name=op.f("ck_published_count_societies_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_count")),
        sa.UniqueConstraint("as_of", name=op.f("uq_published_count_as_of")),
    )
    op.create_table(
        "region",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    op.create_table(
        "country",
        sa.Column("iso_code", sa.String(length=2), nullable=False),
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.CheckConstraint("length(iso_code) = 2", name=op.f("ck_country_iso_code_length")),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_country_region_code_region")
        ),
        sa.PrimaryKeyConstraint("iso_code", name=op.f("pk_country")),
    )
    op.create_table(
        "society",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("federation_code", sa.String(length=20), nullable=True),
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("founded_year", sa.Integer(), nullable=True),
        sa.Column("founded_fiscal_year", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "dormant",
                "closed",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("status_since", sa.Date(), nullable=True),
        sa.Column(
            "record_status",
            sa.Enum(
                "confirmed",
                "descriptive",
                "placeholder",
                name="record_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("original_language", sa.String(length=8), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "founded_fiscal_year IS NULL OR founded_fiscal_year BETWEEN 1900 AND 2200",
            name=op.f("ck_society_founded_fiscal_year_range"),
        ),
        sa.CheckConstraint(
            "founded_year IS NULL OR founded_year BETWEEN 1900 AND 2200",
            name=op.f("ck_society_founded_year_range"),
        ),
        sa.ForeignKeyConstraint(
            ["country_code"], ["country.iso_code"], name=op.f("fk_society_country_code_country")
        ),
        sa.ForeignKeyConstraint(
            ["federation_code"],
            ["federation.code"],
            name=op.f("fk_society_federation_code_federation"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_society_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_society")),
        sa.UniqueConstraint("code", name=op.f("uq_society_code")),
    )
    with op.batch_alter_table("society", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_society_country_code"), ["country_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_society_federation_code"), ["federation_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_society_region_code"), ["region_code"], unique=False)

    op.create_table(
        "society_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("society_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["society_id"],
            ["society.id"],
            name=op.f("fk_society_text_society_id_society"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_society_text")),
        sa.UniqueConstraint(
            "society_id", "language", name=op.f("uq_society_text_society_id_language")
        ),
    )


def downgrade():
    op.drop_table("society_text")
    with op.batch_alter_table("society", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_society_region_code"))
        batch_op.drop_index(batch_op.f("ix_society_federation_code"))
        batch_op.drop_index(batch_op.f("ix_society_country_code"))

    op.drop_table("society")
    op.drop_table("country")
    op.drop_table("region")
    op.drop_table("published_count")
    op.drop_table("federation")
