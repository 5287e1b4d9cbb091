"""Read side of the fund: one ledger row, a page of the ledger, the published years."""

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from alumni.extensions import db
from alumni.fund.models import LedgerEntry, YearEndPublication, YearTotal
from alumni.societies.queries import NAMED

PER_PAGE = 50


def load_entry(entry_id: int) -> LedgerEntry:
    """The ledger row of the URL, or 404."""
    return db.session.get(LedgerEntry, entry_id) or abort(404)


def ledger_page(number: int):
    """Page NUMBER of the ledger, newest first."""
    # Each row names its society, if any: its names, not its country, region or federation.
    societies = selectinload(LedgerEntry.society).options(*NAMED)
    return db.paginate(
        select(LedgerEntry)
        .order_by(LedgerEntry.entry_date.desc(), LedgerEntry.id.desc())
        .options(societies),
        page=number,
        per_page=PER_PAGE,
        error_out=False,
    )


def reversed_ids() -> set[int]:
    """The rows already corrected by a reversal (each is reversed once)."""
    return set(
        db.session.scalars(
            select(LedgerEntry.reverses_id).where(LedgerEntry.reverses_id.is_not(None))
        )
    )


def year_totals() -> list[YearTotal]:
    return list(db.session.scalars(select(YearTotal).order_by(YearTotal.fiscal_year.desc())))


def published_year_ends() -> list[int]:
    """The fiscal years whose closing balance the public WNF page shows, newest first."""
    return sorted(db.session.scalars(select(YearEndPublication.fiscal_year)), reverse=True)
