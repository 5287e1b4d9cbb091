"""The fund ledger (append-only) and the one-row running total that guards it.

Balance is the sum of the ledger; approved-but-not-disbursed grants are commitments. The `fund`
row carries both totals, changed in the same transaction as every ledger row and every
approval by a conditional UPDATE; its CHECK makes "available ≥ 0" hold at every commit, and
concurrent writers queue on that one row (see services.py).
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alumni.common.time import utcnow
from alumni.db import db, enum_column
from alumni.societies.models import Society

MAX_YEN = 10**12  # far above any real figure; below what every backend stores exactly


class LedgerKind(enum.StrEnum):
    DONATION = "donation"
    INVESTMENT_INCOME = "investment_income"
    DISBURSEMENT = "disbursement"
    REFUND = "refund"
    ADJUSTMENT = "adjustment"

    @property
    def title(self):
        return {
            "donation": _l("Donation"),
            "investment_income": _l("Investment income"),
            "disbursement": _l("Disbursement"),
            "refund": _l("Refund of unspent money"),
            "adjustment": _l("Adjustment"),
        }[self.value]


class CounterpartyKind(enum.StrEnum):
    SOCIETY = "society"
    PERSON = "person"
    AOTS_STAFF = "aots_staff"
    OTHER = "other"

    @property
    def title(self):
        return {
            "society": _l("A society"),
            "person": _l("A person"),
            "aots_staff": _l("AOTS staff"),
            "other": _l("Other"),
        }[self.value]


class Fund(db.Model):
    """The single running total (id 1): balance and commitments, in yen."""

    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    committed: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("committed >= 0", name="committed_positive"),
        CheckConstraint("balance - committed >= 0", name="never_overdrawn"),
    )


class LedgerEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_date: Mapped[date] = mapped_column(index=True)
    kind: Mapped[LedgerKind] = mapped_column(enum_column(LedgerKind, "kind"))
    amount: Mapped[int] = mapped_column(BigInteger)  # signed yen: money in > 0, out < 0
    counterparty_kind: Mapped[CounterpartyKind | None] = mapped_column(
        enum_column(CounterpartyKind, "counterparty_kind")
    )
    society_id: Mapped[int | None] = mapped_column(ForeignKey("society.id"))
    counterparty_name: Mapped[str] = mapped_column(String(200), default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("grant_application.id"), index=True)
    # A correction is a new row pointing at the row it cancels; each row is reversed once.
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entry.id"), unique=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_example: Mapped[bool] = mapped_column(default=False)

    society: Mapped[Society | None] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint(
            f"amount <> 0 AND amount BETWEEN -{MAX_YEN} AND {MAX_YEN}", name="amount_range"
        ),
        CheckConstraint(
            "reverses_id IS NOT NULL OR kind = 'adjustment'"
            " OR (kind IN ('donation', 'investment_income', 'refund') AND amount > 0)"
            " OR (kind = 'disbursement' AND amount < 0)",
            name="sign_matches_kind",
        ),
        # One disbursement and one refund per grant, whoever clicks twice or at once.
        Index(
            "uq_ledger_entry_grant_kind",
            "grant_id",
            "kind",
            unique=True,
            sqlite_where=text(
                "grant_id IS NOT NULL AND reverses_id IS NULL "
                "AND kind IN ('disbursement', 'refund')"
            ),
            postgresql_where=text(
                "grant_id IS NOT NULL AND reverses_id IS NULL "
                "AND kind IN ('disbursement', 'refund')"
            ),
        ),
    )


class YearEndPublication(db.Model):
    """Staff choose which fiscal years' closing balances the public WNF page shows."""

    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class YearTotal(db.Model):
    """A fiscal year's WNF totals as AOTS published them, for years without detailed records."""

    __tablename__ = "year_total"

    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    programmes: Mapped[int]
    participants: Mapped[int | None]  # 延べ
    amount: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(Text, default="")
    is_example: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        CheckConstraint("fiscal_year BETWEEN 1997 AND 2200", name="year_range"),
        CheckConstraint("programmes BETWEEN 0 AND 10000", name="programmes_range"),
        CheckConstraint(
            "participants IS NULL OR participants BETWEEN 0 AND 10000000", name="participants_range"
        ),
        CheckConstraint(
            "amount IS NULL OR amount BETWEEN 0 AND 1000000000000", name="amount_range"
        ),
    )
