"""AOTS's programme tables for a period (a fiscal year, a range, cumulative since 1959).

Reviewed by hand. programme_table holds a table's period; programme_count's cells now belong
to a table (table_id instead of fiscal_year) and may pin the share AOTS printed, with a note;
programme_upload keeps a file between its preview and its apply. Today's rows are fiscal-year
tables: each year found becomes a programme_table of kind fiscal_year and its cells move to
it. The cells are few (35 per year), so they are read, the table is rebuilt and they are
written back, the same on SQLite and PostgreSQL. The downgrade moves the fiscal-year tables
back; ranges, cumulative tables, pins and pending uploads are lost.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

PROGRAMMES = (
    "japan_training",
    "overseas_training",
    "endowed_courses",
    "expert_dispatch",
    "internship",
)
KINDS = ("fiscal_year", "range", "cumulative")


def _programme():
    return sa.Enum(
        *PROGRAMMES, name="programme", native_enum=False, create_constraint=True, length=20
    )


def _kind():
    return sa.Enum(*KINDS, name="period_kind", native_enum=False, create_constraint=True, length=20)


def _counts_table(key_columns, extra=()):
    """programme_count with KEY_COLUMNS before the region (the old or the new shape)."""
    key = [c.name for c in key_columns]
    op.create_table(
        "programme_count",
        *key_columns,
        sa.Column("region_code", sa.String(length=20), nullable=False),
        sa.Column("programme", _programme(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        *extra,
        sa.CheckConstraint(
            "participants BETWEEN 0 AND 10000000",
            name=op.f("ck_programme_count_participants_range"),
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_programme_count_region_code_region")
        ),
        sa.PrimaryKeyConstraint(*key, "region_code", "programme", name=op.f("pk_programme_count")),
    )


def upgrade():
    connection = op.get_bind()
    old = connection.execute(
        sa.text("SELECT fiscal_year, region_code, programme, participants FROM programme_count")
    ).all()
    op.create_table(
        "programme_table",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.Column("dash_for_zero", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "first_year BETWEEN 1959 AND 2200", name=op.f("ck_programme_table_first_year_range")
        ),
        sa.CheckConstraint(
            "last_year BETWEEN first_year AND 2200",
            name=op.f("ck_programme_table_last_year_range"),
        ),
        sa.CheckConstraint(
            "(kind = 'fiscal_year' AND first_year = last_year)"
            " OR (kind = 'range' AND first_year > 1959 AND first_year < last_year)"
            " OR (kind = 'cumulative' AND first_year = 1959)",
            name=op.f("ck_programme_table_period_shape"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_table")),
        sa.UniqueConstraint(
            "kind",
            "first_year",
            "last_year",
            name=op.f("uq_programme_table_kind_first_year_last_year"),
        ),
    )
    op.drop_table("programme_count")
    _counts_table(
        [sa.Column("table_id", sa.Integer(), nullable=False)],
        [
            sa.Column("pinned_share", sa.Integer(), nullable=True),
            sa.Column("pin_note", sa.String(length=500), nullable=False),
            sa.CheckConstraint(
                "pinned_share BETWEEN 0 AND 1000",
                name=op.f("ck_programme_count_pinned_share_range"),
            ),
            sa.ForeignKeyConstraint(
                ["table_id"],
                ["programme_table.id"],
                name=op.f("fk_programme_count_table_id_programme_table"),
                ondelete="CASCADE",
            ),
        ],
    )
    op.create_table(
        "programme_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("kind", _kind(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("dash_for_zero", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["summary_id"],
            ["summary.id"],
            name=op.f("fk_programme_upload_summary_id_summary"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_upload")),
    )
    _move_up(connection, old)


def _move_up(connection, old) -> None:
    tables = sa.table(
        "programme_table",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("first_year", sa.Integer()),
        sa.column("last_year", sa.Integer()),
        sa.column("dash_for_zero", sa.Boolean()),
        sa.column("version", sa.Integer()),
        sa.column("updated_at", sa.DateTime()),
    )
    now = connection.execute(sa.select(sa.func.current_timestamp())).scalar()
    ids = {}
    for number, year in enumerate(sorted({row.fiscal_year for row in old}), start=1):
        ids[year] = number
        connection.execute(
            tables.insert().values(
                id=number,
                kind="fiscal_year",
                first_year=year,
                last_year=year,
                dash_for_zero=False,
                version=1,
                updated_at=now,
            )
        )
    if connection.dialect.name == "postgresql" and ids:
        connection.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('programme_table', 'id'), :last)"),
            {"last": max(ids.values())},
        )
    if old:
        op.bulk_insert(
            sa.table(
                "programme_count",
                sa.column("table_id", sa.Integer()),
                sa.column("region_code", sa.String()),
                sa.column("programme", sa.String()),
                sa.column("participants", sa.Integer()),
                sa.column("pin_note", sa.String()),
            ),
            [
                {
                    "table_id": ids[row.fiscal_year],
                    "region_code": row.region_code,
                    "programme": row.programme,
                    "participants": row.participants,
                    "pin_note": "",
                }
                for row in old
            ],
        )


def downgrade():
    connection = op.get_bind()
    kept = connection.execute(
        sa.text(
            "SELECT t.first_year, c.region_code, c.programme, c.participants"
            " FROM programme_count c JOIN programme_table t ON t.id = c.table_id"
            " WHERE t.kind = 'fiscal_year'"
        )
    ).all()
    op.drop_table("programme_upload")
    op.drop_table("programme_count")
    op.drop_table("programme_table")
    _counts_table([sa.Column("fiscal_year", sa.Integer(), nullable=False)])
    if kept:
        op.bulk_insert(
            sa.table(
                "programme_count",
                sa.column("fiscal_year", sa.Integer()),
                sa.column("region_code", sa.String()),
                sa.column("programme", sa.String()),
                sa.column("participants", sa.Integer()),
            ),
            [
                {
                    "fiscal_year": row.first_year,
                    "region_code": row.region_code,
                    "programme": row.programme,
                    "participants": row.participants,
                }
                for row in kept
            ],
        )
