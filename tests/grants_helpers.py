"""WNF test data: money in the fund and applications in a given state."""

from datetime import date, timedelta

from sqlalchemy import func, select

from alumni.events.models import EventFormat
from alumni.extensions import db
from alumni.fund.models import Fund, LedgerEntry, LedgerKind
from alumni.fund.services import add_entry, reserve
from alumni.grants.models import BudgetLine, Cooperation, CooperationRole, Grant, GrantStatus
from tests.events_helpers import society_by_code


def donate(app, amount: int) -> None:
    with app.app_context():
        add_entry(
            None,
            kind=LedgerKind.DONATION,
            amount=amount,
            entry_date=date(2024, 4, 1),
            counterparty_name="Donor",
        )
        db.session.commit()


def make_grant(
    app,
    host="PE-PERU",
    cooperators=("AR-ARGENTINA", "IN-KERALA"),
    *,
    status=GrantStatus.DRAFT,
    amount=300_000,
    title="Kaizen exchange",
    end=None,
    budget=(),
) -> int:
    end = end or date.today() + timedelta(days=60)
    with app.app_context():
        grant = Grant(
            host=society_by_code(host),
            title=title,
            planned_start=end,
            planned_end=end,
            format=EventFormat.ONLINE,
            requested_amount=amount,
            status=status,
        )
        for code in cooperators:
            grant.cooperations.append(
                Cooperation(
                    society=society_by_code(code), role=CooperationRole.RECRUITS_PARTICIPANTS
                )
            )
        for position, (label, line_amount) in enumerate(budget, start=1):
            grant.budget_lines.append(
                BudgetLine(position=position, label=label, amount=line_amount)
            )
        if status in (GrantStatus.APPROVED, GrantStatus.DISBURSED):
            grant.approved_amount = amount
            if status == GrantStatus.APPROVED:
                reserve(amount)
        db.session.add(grant)
        db.session.commit()
        return grant.id


def fund_state(app) -> dict:
    """The fund's totals, the ledger's sum and its rows, as the database holds them."""
    with app.app_context():
        fund = db.session.get(Fund, 1)
        db.session.refresh(fund)
        return {
            "balance": fund.balance,
            "committed": fund.committed,
            "ledger_sum": db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount), 0))),
            "rows": db.session.scalar(select(func.count(LedgerEntry.id))),
        }


def grant_state(app, grant_id: int) -> dict:
    with app.app_context():
        grant = db.session.get(Grant, grant_id)
        return {
            "status": grant.status.value,
            "approved": grant.approved_amount,
            "version": grant.version,
        }


def spent(amount, *, currency="JPY", rate="1", label="Venue", budget_line="other", **more) -> dict:
    """One actual line of a programme report, as the report form posts it."""
    day = (date.today() - timedelta(days=3)).isoformat()
    return {
        "budget_line": budget_line,
        "label": label,
        "currency": currency,
        "amount": str(amount),
        "spent_on": day,
        "rate": rate,
    } | more


def report_data(event_id=None, *lines: dict, narrative="Done.") -> dict:
    """The programme report form's fields: its event, its actual LINES and the narrative."""
    data = {"event": str(event_id) if event_id else "", "narrative": narrative}
    for index, line in enumerate(lines):
        data.update({f"lines-{index}-{name}": value for name, value in line.items()})
    return data
