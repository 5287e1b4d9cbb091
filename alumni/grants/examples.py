"""WNF example data for `make run`: the 1997 founding donation, FY2021 as AOTS reported it,
and two obviously illustrative programmes (titles begin with "Example"), all marked as such."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from alumni.events.models import EventFormat
from alumni.extensions import db
from alumni.fund.models import CounterpartyKind, LedgerKind, YearTotal
from alumni.fund.services import add_entry, release, reserve
from alumni.grants.accounts import to_yen
from alumni.grants.models import (
    BudgetLine,
    Cooperation,
    CooperationRole,
    Grant,
    GrantStatus,
    ReportLine,
)
from alumni.societies.models import Society

FY2021 = "AOTS FY2021 activity report (2021年度 事業実績): 16 programmes, 延べ1,161 participants"


def load_examples() -> int:
    """Add the WNF examples once; return how many ledger rows and programmes were added."""
    if db.session.get(YearTotal, 2021) is not None:
        return 0
    societies = {s.code: s for s in db.session.scalars(select(Society))}
    add_entry(
        None,
        kind=LedgerKind.DONATION,
        amount=5_000_000,
        entry_date=date(1997, 9, 1),
        counterparty_kind=CounterpartyKind.PERSON,
        counterparty_name="Nagaaki Yamamoto (former AOTS president)",
        memo="Founding donation, September 1997 (day not published). Example data.",
        is_example=True,
    )
    db.session.add(
        YearTotal(
            fiscal_year=2021,
            programmes=16,
            participants=1161,
            amount=None,
            source=FY2021,
            is_example=True,
        )
    )
    _programme(societies, "PE-PERU", "AR-ARGENTINA", 2019, 300_000, PERU_REPORT)
    _programme(societies, "IN-KERALA", "NP-NEPAL", 2023, 250_000, None)
    db.session.flush()
    return 4


# The Peru example's approved budget and its report: the venue paid in soles at that day's
# rate (2,400.00 PEN × 32.5 = ¥78,000), the interpretation in yen; ¥22,000 went back.
PERU_BUDGET = (("Venue and equipment in Lima", 100_000), ("Interpretation", 200_000))
PERU_REPORT = (
    (0, "PEN", Decimal("2400.00"), date(2019, 10, 1), Decimal("32.5")),
    (1, "JPY", Decimal("200000"), date(2019, 10, 2), Decimal("1")),
)


def _programme(societies, host, cooperator, year, amount, report) -> None:
    grant = Grant(
        host=societies[host],
        title=f"Example programme FY{year}: online kaizen seminar",
        theme="Kaizen",
        description="Illustrative example data, not a real programme.",
        planned_start=date(year, 10, 1),
        planned_end=date(year, 10, 2),
        format=EventFormat.ONLINE,
        planned_participants=40,
        requested_amount=amount,
        approved_amount=amount,
        status=GrantStatus.APPROVED,
        is_example=True,
    )
    grant.cooperations.append(
        Cooperation(society=societies[cooperator], role=CooperationRole.RECRUITS_PARTICIPANTS)
    )
    if report is not None:
        for position, (label, line_amount) in enumerate(PERU_BUDGET, start=1):
            grant.budget_lines.append(
                BudgetLine(position=position, label=label, amount=line_amount)
            )
    db.session.add(grant)
    db.session.flush()
    reserve(amount)
    release(amount)
    add_entry(
        None,
        kind=LedgerKind.DISBURSEMENT,
        amount=-amount,
        entry_date=date(year, 9, 1),
        society=grant.host,
        memo=grant.title,
        grant=grant,
        is_example=True,
    )
    grant.status = GrantStatus.DISBURSED
    if report is not None:
        db.session.flush()  # the budget lines' ids
        for position, (line, currency, spent, spent_on, rate) in enumerate(report, start=1):
            grant.report_lines.append(
                ReportLine(
                    position=position,
                    budget_line_id=grant.budget_lines[line].id,
                    currency=currency,
                    amount=spent,
                    spent_on=spent_on,
                    rate=rate,
                    amount_yen=to_yen(spent, rate),
                )
            )
        spent = sum(line.amount_yen for line in grant.report_lines)
        grant.actual_expenses, grant.status = spent, GrantStatus.CLOSED
        add_entry(
            None,
            kind=LedgerKind.REFUND,
            amount=amount - spent,
            entry_date=date(year + 1, 1, 15),
            society=grant.host,
            memo=grant.title,
            grant=grant,
            is_example=True,
        )
