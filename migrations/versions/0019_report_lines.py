"""A programme report's actual spending line by line, and the report's review.

Reviewed by hand. report_line holds each actual line: the approved budget line it spends
(none: "other", with a label), the amount in the currency spent, the date, the rate to yen the
officer gave and the yen amount. grant_application.actual_expenses stays (the ledger's closing
and the summaries read it): it is the sum of the lines' yen. Each report filed so far becomes
one "other" line in JPY at rate 1, dated the programme's planned last day.

The grant's status (and the history's from/to) gains "report_returned" and
"report_accepted". The downgrade turns an accepted report back into "reported" and a returned
one into "disbursed" (to be filed again), in the history too, then drops the lines; the
actual_expenses total is kept.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-10 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

OLD = (
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
)
NEW = (*OLD, "report_returned", "report_accepted")
BACK = {"report_accepted": "reported", "report_returned": "disbursed"}
COLUMNS = {"grant_application": ("status",), "grant_transition": ("from_status", "to_status")}
LABEL = "Actual expenses (reported as one total)"


def _allow(values: tuple) -> None:
    listed = ", ".join(f"'{v}'" for v in values)
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_constraint(column, type_="check")
                batch_op.create_check_constraint(column, f"{column} IN ({listed})")


def upgrade():
    _allow(NEW)
    op.create_table(
        "report_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("rate", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("amount_yen", sa.BigInteger(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_report_line_amount_positive")),
        sa.CheckConstraint("rate > 0", name=op.f("ck_report_line_rate_positive")),
        sa.CheckConstraint(
            "amount_yen BETWEEN 0 AND 1000000000", name=op.f("ck_report_line_yen_range")
        ),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_line.id"],
            name=op.f("fk_report_line_budget_line_id_budget_line"),
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["grant_application.id"],
            name=op.f("fk_report_line_grant_id_grant_application"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_line")),
    )
    with op.batch_alter_table("report_line") as batch_op:
        batch_op.create_index(batch_op.f("ix_report_line_grant_id"), ["grant_id"], unique=False)
    op.execute(
        sa.text(
            "INSERT INTO report_line (grant_id, position, budget_line_id, label, currency, "
            "amount, spent_on, rate, amount_yen, explanation) "
            "SELECT id, 1, NULL, :label, 'JPY', actual_expenses, planned_end, 1, "
            "actual_expenses, '' FROM grant_application WHERE actual_expenses IS NOT NULL"
        ).bindparams(label=LABEL)
    )


def downgrade():
    for new, old in BACK.items():
        for name, columns in COLUMNS.items():
            for column in columns:
                table = sa.table(name, sa.column(column))
                op.execute(table.update().where(table.c[column] == new).values({column: old}))
    with op.batch_alter_table("report_line") as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_line_grant_id"))
    op.drop_table("report_line")
    _allow(OLD)
