"""A fiscal year's statement of the fund, computed from the ledger rows alone.

Opening balance (every row before 1 April), money in (donations grouped by donor, investment
income), each programme's grant paid and refund received, adjustments, and the closing balance
(every row up to 31 March). A reversal has its original's kind and donor, so it nets out in
the same group: in its own year when both fall in it, as a negative line in a later year.
The lines add up: opening + every line = closing, which `closing` checks against the ledger.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from alumni.common.fiscal import fiscal_year_bounds
from alumni.extensions import db
from alumni.fund.models import CounterpartyKind, LedgerEntry, LedgerKind, YearEndPublication
from alumni.fund.services import ledger_sums_until
from alumni.societies.models import Society


@dataclass
class Donations:
    """Donations of one society, or of one kind of other donor (a person, AOTS staff...)."""

    society: Society | None
    kind: CounterpartyKind
    amount: int = 0


@dataclass
class Programme:
    """What one grant moved in the year: paid (negative) and refunded (positive)."""

    grant_id: int | None  # None: disbursements or refunds recorded without a programme
    paid: int = 0
    refunded: int = 0

    @property
    def net(self) -> int:
        return self.paid + self.refunded


@dataclass
class Statement:
    fiscal_year: int
    opening: int = 0
    closing: int = 0
    donations: list[Donations] = field(default_factory=list)
    investment_income: int = 0
    programmes: list[Programme] = field(default_factory=list)
    adjustments: int = 0

    @property
    def money_in(self) -> int:
        return sum(d.amount for d in self.donations) + self.investment_income

    @property
    def money_out(self) -> int:
        return sum(p.net for p in self.programmes)


def is_published(fiscal_year: int) -> bool:
    """Whether staff published the year's end (only then is its statement public)."""
    return db.session.get(YearEndPublication, fiscal_year) is not None


def statement(fiscal_year: int) -> Statement:
    """FISCAL_YEAR's statement, from the ledger in two statements."""
    first, last = fiscal_year_bounds(fiscal_year)
    before = first - timedelta(days=1)
    sums = ledger_sums_until([before, last])
    result = Statement(fiscal_year, opening=sums[before], closing=sums[last])
    societies, donations, programmes = {}, {}, {}
    for kind, counterparty, society_id, grant_id, amount in _grouped(first, last):
        if kind == LedgerKind.DONATION:
            counterparty = counterparty or CounterpartyKind.OTHER
            key = ("society", society_id) if society_id else ("kind", counterparty)
            donations.setdefault(key, Donations(None, counterparty))
            donations[key].amount += amount
            if society_id:
                societies[key] = society_id
        elif kind == LedgerKind.INVESTMENT_INCOME:
            result.investment_income += amount
        elif kind in (LedgerKind.DISBURSEMENT, LedgerKind.REFUND):
            line = programmes.setdefault(grant_id, Programme(grant_id))
            if kind == LedgerKind.DISBURSEMENT:
                line.paid += amount
            else:
                line.refunded += amount
        else:
            result.adjustments += amount
    _name_societies(donations, societies)
    result.donations = sorted(
        (d for d in donations.values() if d.amount), key=lambda d: (d.society is None, -d.amount)
    )
    result.programmes = sorted(programmes.values(), key=lambda p: (p.grant_id is None, p.grant_id))
    return result


def _grouped(first, last):
    row = LedgerEntry
    keys = (row.kind, row.counterparty_kind, row.society_id, row.grant_id)
    return db.session.execute(
        select(*keys, func.sum(row.amount))
        .where(row.entry_date.between(first, last))
        .group_by(*keys)
    ).all()


def _name_societies(donations: dict, societies: dict) -> None:
    if not societies:
        return
    found = {
        s.id: s
        for s in db.session.scalars(select(Society).where(Society.id.in_(societies.values())))
    }
    for key, society_id in societies.items():
        donations[key].society = found[society_id]
        donations[key].kind = CounterpartyKind.SOCIETY
