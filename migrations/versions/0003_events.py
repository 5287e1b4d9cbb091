"""Events, series, contest entries and participation reports.

Events have hosts, texts, speakers and themes; reports keep a country breakdown and history.

Reviewed by hand: new tables only; the downgrade drops them in reverse dependency order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 18:16:03.986946

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("code", name=op.f("uq_theme_code")),
    )
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("society_id", sa.Integer(), nullable=False),
        sa.Column(
            "cadence",
            sa.Enum(
                "yearly",
                "biennial",
                "irregular",
                name="cadence",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("original_language", sa.String(length=8), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.CheckConstraint("first_year BETWEEN 1950 AND 2200", name=op.f("ck_series_first_year")),
        sa.ForeignKeyConstraint(
            ["society_id"], ["society.id"], name=op.f("fk_series_society_id_society")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series")),
        sa.UniqueConstraint("code", name=op.f("uq_series_code")),
    )
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_society_id"), ["society_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "seminar",
                "contest_edition",
                "conference",
                "internship_support",
                "social_contribution",
                "other",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column(
            "format",
            sa.Enum(
                "in_person",
                "online",
                "hybrid",
                name="format",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("original_language", sa.String(length=8), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("edition_number", sa.Integer(), nullable=True),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(series_id IS NULL) = (edition_number IS NULL)", name=op.f("ck_event_edition_pair")
        ),
        sa.CheckConstraint(
            "edition_number IS NULL OR edition_number BETWEEN 1 AND 1000",
            name=op.f("ck_event_edition_range"),
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_event_date_order")),
        sa.ForeignKeyConstraint(
            ["country_code"], ["country.iso_code"], name=op.f("fk_event_country_code_country")
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["series.id"], name=op.f("fk_event_series_id_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint(
            "series_id", "edition_number", name=op.f("uq_event_series_id_edition_number")
        ),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_country_code"), ["country_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_series_id"), ["series_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_start_date"), ["start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_status"), ["status"], unique=False)

    op.create_table(
        "contest_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("award", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_contest_entry_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_entry")),
    )
    with op.batch_alter_table("contest_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contest_entry_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_host",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("society_id", sa.Integer(), nullable=False),
        sa.Column("is_lead", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_host_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["society_id"], ["society.id"], name=op.f("fk_event_host_society_id_society")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_host")),
        sa.UniqueConstraint(
            "event_id", "society_id", name=op.f("uq_event_host_event_id_society_id")
        ),
    )
    with op.batch_alter_table("event_host", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_host_society_id"), ["society_id"], unique=False)

    op.create_table(
        "event_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_text_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_text")),
        sa.UniqueConstraint("event_id", "language", name=op.f("uq_event_text_event_id_language")),
    )
    op.create_table(
        "event_theme",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_theme_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["theme.id"], name=op.f("fk_event_theme_theme_id_theme")
        ),
        sa.PrimaryKeyConstraint("event_id", "theme_id", name=op.f("pk_event_theme")),
    )
    with op.batch_alter_table("event_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_theme_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "participation_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendance_total", sa.Integer(), nullable=False),
        sa.Column("distinct_participants", sa.Integer(), nullable=True),
        sa.Column("speakers_count", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "attendance_total BETWEEN 0 AND 1000000",
            name=op.f("ck_participation_report_total_range"),
        ),
        sa.CheckConstraint(
            "distinct_participants IS NULL OR distinct_participants BETWEEN 0 AND attendance_total",
            name=op.f("ck_participation_report_distinct_range"),
        ),
        sa.CheckConstraint(
            "speakers_count IS NULL OR speakers_count BETWEEN 0 AND 10000",
            name=op.f("ck_participation_report_speakers_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_participation_report_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user.id"],
            name=op.f("fk_participation_report_updated_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation_report")),
        sa.UniqueConstraint("event_id", name=op.f("uq_participation_report_event_id")),
    )
    op.create_table(
        "speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("society_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country_code"], ["country.iso_code"], name=op.f("fk_speaker_country_code_country")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_speaker_event_id_event"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["society_id"], ["society.id"], name=op.f("fk_speaker_society_id_society")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker")),
    )
    op.create_table(
        "report_country",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "attendance BETWEEN 1 AND 1000000", name=op.f("ck_report_country_attendance_range")
        ),
        sa.ForeignKeyConstraint(
            ["country_code"],
            ["country.iso_code"],
            name=op.f("fk_report_country_country_code_country"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["participation_report.id"],
            name=op.f("fk_report_country_report_id_participation_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_country")),
        sa.UniqueConstraint(
            "report_id", "country_code", name=op.f("uq_report_country_report_id_country_code")
        ),
    )
    with op.batch_alter_table("report_country", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_country_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "report_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("saved_by_label", sa.String(length=254), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["participation_report.id"],
            name=op.f("fk_report_revision_report_id_participation_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["user.id"],
            name=op.f("fk_report_revision_saved_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_revision")),
    )
    with op.batch_alter_table("report_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_revision_report_id"), ["report_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("report_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_revision_report_id"))

    op.drop_table("report_revision")
    with op.batch_alter_table("report_country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_country_report_id"))

    op.drop_table("report_country")
    op.drop_table("speaker")
    op.drop_table("participation_report")
    with op.batch_alter_table("event_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_theme_theme_id"))

    op.drop_table("event_theme")
    op.drop_table("event_text")
    with op.batch_alter_table("event_host", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_host_society_id"))

    op.drop_table("event_host")
    with op.batch_alter_table("contest_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contest_entry_event_id"))

    op.drop_table("contest_entry")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_status"))
        batch_op.drop_index(batch_op.f("ix_event_start_date"))
        batch_op.drop_index(batch_op.f("ix_event_series_id"))
        batch_op.drop_index(batch_op.f("ix_event_kind"))
        batch_op.drop_index(batch_op.f("ix_event_country_code"))

    op.drop_table("event")
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_society_id"))

    op.drop_table("series")
    op.drop_table("theme")
