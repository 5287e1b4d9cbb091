"""Compiling a fiscal year's figures from the data, as plain codes and numbers.

The result is language-neutral (kinds, regions and countries as codes, texts per language),
so a frozen copy renders in every language. Only published events count; drafts never do.
"""

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import and_, func, or_, select

from alumni.common.fiscal import fiscal_year_bounds
from alumni.events.models import Event, EventKind, EventStatus
from alumni.extensions import db
from alumni.fund.models import LedgerEntry, LedgerKind
from alumni.fund.services import ledger_sum
from alumni.grants.models import Grant, YearTotal
from alumni.grants.queries import PUBLIC
from alumni.societies.models import Society, SocietyStatus


def compile_year(fiscal_year: int) -> dict:
    """Every figure of the yearly summary, with last year's headline for comparison."""
    figures = _figures(fiscal_year)
    figures["previous"] = headline(_figures(fiscal_year - 1))
    return figures


def headline(figures: dict) -> dict:
    return {
        "fiscal_year": figures["fiscal_year"],
        "societies": figures["network"]["societies"],
        "countries": figures["network"]["countries"],
        "events": figures["events"]["count"],
        "attendance": figures["events"]["attendance"],
        "contests": len(figures["contests"]),
        "wnf_programmes": figures["wnf"]["programmes"],
        "wnf_approved": figures["wnf"]["approved"],
    }


def _figures(fiscal_year: int) -> dict:
    first, last = fiscal_year_bounds(fiscal_year)
    events = db.session.scalars(
        select(Event).where(
            Event.status == EventStatus.PUBLISHED, Event.start_date.between(first, last)
        )
    ).all()
    return {
        "fiscal_year": fiscal_year,
        "period": [first.isoformat(), last.isoformat()],
        "network": _network(fiscal_year, last),
        "events": _events(events),
        "contests": _contests(events),
        "wnf": _wnf(fiscal_year, first, last),
    }


def _network(fiscal_year: int, last: date) -> dict:
    """Societies existing at the year's end: founded by then, not closed by then."""
    existing = db.session.scalars(
        select(Society).where(
            or_(Society.founded_fiscal_year.is_(None), Society.founded_fiscal_year <= fiscal_year),
            or_(Society.founded_year.is_(None), Society.founded_year <= last.year),
            or_(Society.status != SocietyStatus.CLOSED, Society.status_since > last),
        )
    ).all()
    founded = [s.code for s in existing if s.founded_fiscal_year == fiscal_year]
    return {
        "societies": len(existing),
        "countries": len({s.country_code for s in existing}),
        "founded": sorted(founded),
    }


def _events(events: list[Event]) -> dict:
    def group(key):
        counts, attendance = Counter(), Counter()
        for event in events:
            value = key(event)
            counts[value] += 1
            attendance[value] += event.report.attendance_total if event.report else 0
        return [
            [value, counts[value], attendance[value]]
            for value in sorted(counts, key=lambda v: (-counts[v], str(v)))
        ]

    lead = lambda e: e.lead_host.society  # noqa: E731 (a local one-liner reads best here)
    return {
        "count": len(events),
        "attendance": sum(e.report.attendance_total for e in events if e.report),
        "reported": sum(1 for e in events if e.report),
        "by_kind": group(lambda e: e.kind.value),
        "by_region": group(lambda e: lead(e).region_code),
        "by_federation": group(lambda e: lead(e).federation_code or ""),
        "by_country": group(lambda e: lead(e).country_code),
    }


def _contests(events: list[Event]) -> list[dict]:
    editions = [e for e in events if e.kind == EventKind.CONTEST_EDITION and e.series]
    return [
        {
            "series": e.series.names,
            "series_code": e.series.code,
            "edition": e.edition_number,
            "date": e.start_date.isoformat(),
            "attendance": e.report.attendance_total if e.report else None,
        }
        for e in sorted(editions, key=lambda e: e.start_date)
    ]


def _wnf(fiscal_year: int, first: date, last: date) -> dict:
    grants = db.session.scalars(
        select(Grant).where(Grant.status.in_(PUBLIC), Grant.planned_start.between(first, last))
    ).all()
    reported = [g.event.report.attendance_total for g in grants if g.event and g.event.report]
    money = defaultdict(int)
    for kind, amount in db.session.execute(
        select(LedgerEntry.kind, func.sum(LedgerEntry.amount))
        .where(LedgerEntry.entry_date.between(first, last))
        .group_by(LedgerEntry.kind)
    ):
        money[kind.value] = int(amount)
    inflows = db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            and_(LedgerEntry.entry_date.between(first, last), LedgerEntry.amount > 0)
        )
    )
    outflows = db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            and_(LedgerEntry.entry_date.between(first, last), LedgerEntry.amount < 0)
        )
    )
    published = db.session.get(YearTotal, fiscal_year)
    return {
        "programmes": len(grants),
        "participants": sum(reported) if reported else None,
        "approved": sum(g.approved_amount or 0 for g in grants),
        "disbursed": -money.get(LedgerKind.DISBURSEMENT.value, 0),
        "inflows": int(inflows),
        "outflows": -int(outflows),
        "closing_balance": ledger_sum(until=last),
        "published": None
        if published is None
        else {
            "programmes": published.programmes,
            "participants": published.participants,
            "amount": published.amount,
            "source": published.source,
        },
        "list": [
            {
                "title": g.title,
                "host": g.host.code,
                "approved": g.approved_amount,
                "participants": (
                    g.event.report.attendance_total if g.event and g.event.report else None
                ),
            }
            for g in grants
        ],
    }
