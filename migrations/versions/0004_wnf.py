"""The WNF: fund ledger and running total, applications, votes, history, year totals.

Reviewed by hand: the fund's single row (id 1, nothing in it) is inserted here, so every
database has it; the partial unique index on ledger rows works on SQLite and PostgreSQL; the
downgrade drops everything in reverse dependency order.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 18:30:24.317913

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "fund",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("committed", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("balance - committed >= 0", name=op.f("ck_fund_never_overdrawn")),
        sa.CheckConstraint("committed >= 0", name=op.f("ck_fund_committed_positive")),
        sa.CheckConstraint("id = 1", name=op.f("ck_fund_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund")),
    )
    op.execute("INSERT INTO fund (id, balance, committed) VALUES (1, 0, 0)")
    op.create_table(
        "year_end_publication",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("fiscal_year", name=op.f("pk_year_end_publication")),
    )
    op.create_table(
        "year_total",
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("programmes", sa.Integer(), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "amount IS NULL OR amount BETWEEN 0 AND 1000000000000",
            name=op.f("ck_year_total_amount_range"),
        ),
        sa.CheckConstraint(
            "fiscal_year BETWEEN 1997 AND 2200", name=op.f("ck_year_total_year_range")
        ),
        sa.CheckConstraint(
            "participants IS NULL OR participants BETWEEN 0 AND 10000000",
            name=op.f("ck_year_total_participants_range"),
        ),
        sa.CheckConstraint(
            "programmes BETWEEN 0 AND 10000", name=op.f("ck_year_total_programmes_range")
        ),
        sa.PrimaryKeyConstraint("fiscal_year", name=op.f("pk_year_total")),
    )
    op.create_table(
        "grant_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_society_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=False),
        sa.Column("planned_end", sa.Date(), nullable=False),
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
        sa.Column("planned_participants", sa.Integer(), nullable=True),
        sa.Column("requested_amount", sa.BigInteger(), nullable=False),
        sa.Column("approved_amount", sa.BigInteger(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "under_review",
                "approved",
                "rejected",
                "withdrawn",
                "disbursed",
                "reported",
                "closed",
                "cancelled",
                name="status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("actual_expenses", sa.BigInteger(), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "actual_expenses IS NULL OR actual_expenses BETWEEN 0 AND 1000000000",
            name=op.f("ck_grant_application_expenses_range"),
        ),
        sa.CheckConstraint(
            "approved_amount IS NULL OR approved_amount BETWEEN 1 AND requested_amount",
            name=op.f("ck_grant_application_approved_range"),
        ),
        sa.CheckConstraint(
            "planned_end >= planned_start", name=op.f("ck_grant_application_date_order")
        ),
        sa.CheckConstraint(
            "planned_participants IS NULL OR planned_participants BETWEEN 0 AND 1000000",
            name=op.f("ck_grant_application_participants_range"),
        ),
        sa.CheckConstraint(
            "requested_amount BETWEEN 1 AND 1000000000",
            name=op.f("ck_grant_application_requested_range"),
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_grant_application_event_id_event")
        ),
        sa.ForeignKeyConstraint(
            ["host_society_id"],
            ["society.id"],
            name=op.f("fk_grant_application_host_society_id_society"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_application")),
    )
    with op.batch_alter_table("grant_application", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grant_application_host_society_id"), ["host_society_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_grant_application_status"), ["status"], unique=False)

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "amount BETWEEN 0 AND 1000000000", name=op.f("ck_budget_line_amount_range")
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_budget_line_grant_id_grant_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    op.create_table(
        "cooperation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("society_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "recommends_lecturers",
                "recruits_participants",
                "co_organises",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_cooperation_grant_id_grant_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["society_id"], ["society.id"], name=op.f("fk_cooperation_society_id_society")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation")),
        sa.UniqueConstraint(
            "grant_id", "society_id", name=op.f("uq_cooperation_grant_id_society_id")
        ),
    )
    op.create_table(
        "grant_transition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "under_review",
                "approved",
                "rejected",
                "withdrawn",
                "disbursed",
                "reported",
                "closed",
                "cancelled",
                name="from_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "under_review",
                "approved",
                "rejected",
                "withdrawn",
                "disbursed",
                "reported",
                "closed",
                "cancelled",
                name="to_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_grant_transition_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_grant_transition_grant_id_grant_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_transition")),
    )
    with op.batch_alter_table("grant_transition", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grant_transition_grant_id"), ["grant_id"], unique=False
        )

    op.create_table(
        "ledger_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "donation",
                "investment_income",
                "disbursement",
                "refund",
                "adjustment",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column(
            "counterparty_kind",
            sa.Enum(
                "society",
                "person",
                "aots_staff",
                "other",
                name="counterparty_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("society_id", sa.Integer(), nullable=True),
        sa.Column("counterparty_name", sa.String(length=200), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "reverses_id IS NOT NULL OR kind = 'adjustment' OR (kind IN ('donation', 'investment_income', 'refund') AND amount > 0) OR (kind = 'disbursement' AND amount < 0)",
            name=op.f("ck_ledger_entry_sign_matches_kind"),
        ),
        sa.CheckConstraint(
            "amount <> 0 AND amount BETWEEN -1000000000000 AND 1000000000000",
            name=op.f("ck_ledger_entry_amount_range"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user.id"],
            name=op.f("fk_ledger_entry_author_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_ledger_entry_grant_id_grant_application"),
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["ledger_entry.id"],
            name=op.f("fk_ledger_entry_reverses_id_ledger_entry"),
        ),
        sa.ForeignKeyConstraint(
            ["society_id"], ["society.id"], name=op.f("fk_ledger_entry_society_id_society")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entry")),
        sa.UniqueConstraint("reverses_id", name=op.f("uq_ledger_entry_reverses_id")),
    )
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ledger_entry_entry_date"), ["entry_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ledger_entry_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(
            "uq_ledger_entry_grant_kind",
            ["grant_id", "kind"],
            unique=True,
            sqlite_where=sa.text(
                "grant_id IS NOT NULL AND reverses_id IS NULL AND kind IN ('disbursement', 'refund')"
            ),
            postgresql_where=sa.text(
                "grant_id IS NOT NULL AND reverses_id IS NULL AND kind IN ('disbursement', 'refund')"
            ),
        )

    op.create_table(
        "vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "choice",
            sa.Enum(
                "approve",
                "reject",
                "abstain",
                name="choice",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_vote_grant_id_grant_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["user.id"], name=op.f("fk_vote_member_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote")),
        sa.UniqueConstraint("grant_id", "member_id", name=op.f("uq_vote_grant_id_member_id")),
    )


def downgrade():
    op.drop_table("vote")
    with op.batch_alter_table("ledger_entry", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_ledger_entry_grant_kind",
            sqlite_where=sa.text(
                "grant_id IS NOT NULL AND reverses_id IS NULL AND kind IN ('disbursement', 'refund')"
            ),
            postgresql_where=sa.text(
                "grant_id IS NOT NULL AND reverses_id IS NULL AND kind IN ('disbursement', 'refund')"
            ),
        )
        batch_op.drop_index(batch_op.f("ix_ledger_entry_grant_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entry_entry_date"))

    op.drop_table("ledger_entry")
    with op.batch_alter_table("grant_transition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_transition_grant_id"))

    op.drop_table("grant_transition")
    op.drop_table("cooperation")
    op.drop_table("budget_line")
    with op.batch_alter_table("grant_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_application_status"))
        batch_op.drop_index(batch_op.f("ix_grant_application_host_society_id"))

    op.drop_table("grant_application")
    op.drop_table("year_total")
    op.drop_table("year_end_publication")
    op.drop_table("fund")
