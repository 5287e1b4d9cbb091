"""Money in and out of the WNF fund. Every change of the totals is one conditional UPDATE of
the `fund` row, so the check and the change cannot be separated by another transaction.

On PostgreSQL the UPDATE takes the row lock; a concurrent one waits, then re-evaluates its
WHERE on the committed row. On SQLite the first write takes the database's write lock and the
other waits (busy timeout); pysqlite starts the transaction at that first write, so the WHERE
is evaluated on committed data. The CHECK on the row is the last line of defence.
"""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from alumni.audit.services import record
from alumni.common.exceptions import Conflict, Refused
from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of, is_over
from alumni.common.time import today, today_anywhere
from alumni.extensions import db
from alumni.fund.models import (
    MAX_YEN,
    CounterpartyKind,
    Fund,
    LedgerEntry,
    LedgerKind,
    YearEndPublication,
    YearTotal,
)

POSITIVE = {LedgerKind.DONATION, LedgerKind.INVESTMENT_INCOME, LedgerKind.REFUND}


def ensure_fund() -> Fund:
    fund = db.session.get(Fund, 1)
    if fund is None:
        fund = Fund(id=1, balance=0, committed=0)
        db.session.add(fund)
        db.session.flush()
    return fund


def _change_totals(balance: int = 0, committed: int = 0) -> bool:
    """Apply both deltas only if the fund stays covered; False when it would not.

    The UPDATE is the first statement, so that on SQLite the write lock is waited for before
    anything is read: a read first would pin a snapshot that a concurrent commit makes stale.
    """
    changed = _update_totals(balance, committed)
    if changed == 0 and db.session.get(Fund, 1) is None:
        ensure_fund()
        changed = _update_totals(balance, committed)
    return changed == 1


def _update_totals(balance: int, committed: int) -> int:
    return db.session.execute(
        update(Fund)
        .where(
            Fund.id == 1,
            Fund.committed + committed >= 0,
            Fund.balance + balance - (Fund.committed + committed) >= 0,
        )
        .values(balance=Fund.balance + balance, committed=Fund.committed + committed)
        .execution_options(synchronize_session=False)
    ).rowcount


def totals() -> dict[str, int]:
    """Balance, commitments and what is available, as the fund row holds them now."""
    # One statement while the fund row exists (always, once anything was recorded).
    row = db.session.execute(select(Fund.balance, Fund.committed).where(Fund.id == 1)).first()
    if row is None:
        fund = ensure_fund()
        row = (fund.balance, fund.committed)
    balance, committed = row
    return {"balance": balance, "committed": committed, "available": balance - committed}


def ledger_sum(until: date | None = None) -> int:
    query = select(func.coalesce(func.sum(LedgerEntry.amount), 0))
    if until is not None:
        query = query.where(LedgerEntry.entry_date <= until)
    return int(db.session.scalar(query))


def ledger_sums_until(days: list[date]) -> dict[date, int]:
    """ledger_sum(until=day) for each of DAYS, in one pass over the ledger."""
    if not days:
        return {}
    sums = [
        func.coalesce(func.sum(case((LedgerEntry.entry_date <= day, LedgerEntry.amount))), 0)
        for day in days
    ]
    totals = db.session.execute(select(*sums)).one()
    return {day: int(total) for day, total in zip(days, totals, strict=True)}


def _check_date(entry_date: date) -> None:
    """Money that has moved, in a year still open: an entry dated later than today would
    count in a balance before it happened, and one in a year whose year-end balance is public
    would change published figures (hide them first, correct, publish again)."""
    if entry_date > today_anywhere():
        raise Refused.at(
            "entry_date", _("Record money once it has moved: give a date up to today.")
        )
    year = fiscal_year_of(entry_date)
    if db.session.get(YearEndPublication, year) is not None:
        raise Conflict.at(
            "entry_date",
            _(
                "FY%(year)s's year-end balance is public: hide it on the WNF years page to "
                "record an entry dated in that year.",
                year=year,
            ),
        )


def add_entry(
    actor,
    *,
    kind: LedgerKind,
    amount: int,
    entry_date: date,
    counterparty_kind: CounterpartyKind | None = None,
    society=None,
    counterparty_name: str = "",
    memo: str = "",
    grant=None,
    reverses=None,
    is_example: bool = False,
) -> LedgerEntry:
    """Append one ledger row and move the balance with it, or refuse without a change."""
    _check_sign(kind, amount, reverses)
    _check_date(entry_date)
    entry = LedgerEntry(
        kind=kind,
        amount=amount,
        entry_date=entry_date,
        counterparty_kind=counterparty_kind,
        society=society,
        counterparty_name=counterparty_name,
        memo=memo,
        grant_id=getattr(grant, "id", None),
        reverses_id=getattr(reverses, "id", None),
        author_id=getattr(actor, "id", None),
        is_example=is_example,
    )
    try:
        with db.session.begin_nested():  # the totals and the row, or neither
            if not _change_totals(balance=amount):
                raise Conflict(
                    _("This entry would take the fund below what is committed to approved grants.")
                )
            db.session.add(entry)
    except IntegrityError:
        raise Conflict(
            _(
                "This grant already has this kind of ledger entry, or the entry "
                "was already reversed."
            )
        ) from None
    record(
        "fund.entry",
        actor=actor,
        target=entry,
        society=society,
        details={
            "kind": kind.value,
            "amount": amount,
            "date": str(entry_date),
            "grant": entry.grant_id,
            "reverses": entry.reverses_id,
        },
    )
    return entry


def _check_sign(kind: LedgerKind, amount: int, reverses) -> None:
    if amount == 0 or abs(amount) > MAX_YEN:
        raise Refused(_("Enter an amount in yen other than zero."))
    if reverses is not None:
        return
    if kind in POSITIVE and amount < 0:
        raise Refused(_("This kind of entry brings money in: enter a positive amount."))
    if kind == LedgerKind.DISBURSEMENT and amount > 0:
        raise Refused(_("A disbursement takes money out: enter a negative amount."))


def reverse(actor, entry: LedgerEntry, *, entry_date: date, memo: str) -> LedgerEntry:
    """Correct a row by a new row of the opposite amount; the ledger is never edited."""
    if entry.reverses_id is not None:
        raise Conflict(_("A reversal cannot itself be reversed; record a new entry instead."))
    if entry.grant_id is not None:
        # The grant's state moved with this money: it is corrected through the grant.
        raise Conflict(_("This entry belongs to a grant; correct it through the grant."))
    return add_entry(
        actor,
        kind=entry.kind,
        amount=-entry.amount,
        entry_date=entry_date,
        counterparty_kind=entry.counterparty_kind,
        society=entry.society,
        counterparty_name=entry.counterparty_name,
        memo=memo,
        grant=None,
        reverses=entry,
    )


def reserve(amount: int) -> None:
    """Commit AMOUNT to an approved grant, only where that much is available."""
    if not _change_totals(committed=amount):
        raise Conflict(_("The fund does not have enough money available for this grant."))


def release(amount: int) -> None:
    """Give back a commitment (a cancelled grant, or one just disbursed)."""
    if not _change_totals(committed=-amount):
        raise Conflict(_("The fund's commitments are inconsistent; nothing was changed."))


def save_year_total(
    actor,
    *,
    fiscal_year: int,
    programmes: int,
    participants: int | None,
    amount: int | None,
    source: str,
) -> None:
    """Record (or correct) a fiscal year's WNF totals as AOTS published them."""
    total = db.session.get(YearTotal, fiscal_year) or YearTotal(fiscal_year=fiscal_year)
    total.programmes, total.participants = programmes, participants
    total.amount, total.source = amount, source
    db.session.add(total)
    record(
        "wnf.year_total_saved",
        actor=actor,
        details={
            "fiscal_year": fiscal_year,
            "programmes": programmes,
            "participants": participants,
            "amount": amount,
        },
    )


def toggle_year_end_publication(actor, fiscal_year: int) -> bool:
    """Show a fiscal year's closing balance on the public WNF page, or hide it again; True
    when it is now shown."""
    existing = db.session.get(YearEndPublication, fiscal_year)
    if existing is None and not is_over(fiscal_year, today()):
        # A balance "at the end" of a year still running would be a figure of the future.
        raise Refused(
            _(
                "FY%(year)s ends on %(day)s: its year-end balance can be shown once it is over.",
                year=fiscal_year,
                day=format_date(fiscal_year_bounds(fiscal_year)[1], "long"),
            )
        )
    if existing is None:
        db.session.add(YearEndPublication(fiscal_year=fiscal_year))
    else:
        db.session.delete(existing)
    action = "unpublished" if existing else "published"
    record(f"wnf.year_end_{action}", actor=actor, details={"fiscal_year": fiscal_year})
    return existing is None
