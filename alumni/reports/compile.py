"""Compiling a fiscal year's figures from the data, as plain codes and numbers.

The result is language-neutral (kinds, regions and countries as codes, texts per language),
so a frozen copy renders in every language. Only published events count; drafts never do.

Everything is counted by the database (GROUP BY) rather than by loading events: a year holds
thousands of them, and the summary must compile in about the time of one aggregate query.
The shape of the result is frozen in published snapshots and compared between versions, so
keys, their order and the order of every list must stay as they are.
"""

from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from alumni.common.fiscal import fiscal_year_bounds
from alumni.events.models import (
    Event,
    EventKind,
    EventStatus,
    ParticipationReport,
    Series,
)
from alumni.extensions import db
from alumni.fund.models import LedgerEntry, LedgerKind
from alumni.fund.services import ledger_sum
from alumni.grants.models import Grant, YearTotal
from alumni.grants.queries import PUBLIC
from alumni.societies.models import Society, SocietyStatus

# The groupings of the events table, each keyed by a property of the lead host society.
SOCIETY_GROUPINGS = ("by_region", "by_federation", "by_country")


def compile_year(fiscal_year: int) -> dict:
    """Every figure of the yearly summary, with last year's headline for comparison."""
    groups = _event_groups(fiscal_year)
    figures = _figures(fiscal_year, [g for g in groups if g.this_year])
    figures["previous"] = _headline(fiscal_year - 1, [g for g in groups if not g.this_year])
    return figures


def _figures(fiscal_year: int, groups: list) -> dict:
    first, last = fiscal_year_bounds(fiscal_year)
    return {
        "fiscal_year": fiscal_year,
        "period": [first.isoformat(), last.isoformat()],
        "network": _network(fiscal_year, last),
        "events": _events(groups),
        "contests": _contests(first, last),
        "wnf": _wnf(fiscal_year, first, last),
    }


def _headline(fiscal_year: int, groups: list) -> dict:
    """The few figures shown for comparison, from totals only (no breakdowns, no lists)."""
    first, last = fiscal_year_bounds(fiscal_year)
    network = _network(fiscal_year, last)
    programmes, approved = _grant_totals(first, last)
    return {
        "fiscal_year": fiscal_year,
        "societies": network["societies"],
        "countries": network["countries"],
        "events": sum(g.events for g in groups),
        "attendance": sum(g.attendance for g in groups),
        "contests": sum(g.contests for g in groups),
        "wnf_programmes": programmes,
        "wnf_approved": approved,
    }


def _event_groups(fiscal_year: int) -> list:
    """The published events of this fiscal year and the one before, counted per (year, kind,
    lead society): events, attendance, events with a report, contest editions of a series.

    One query for both years: the year's events are few next to the reports table, which
    PostgreSQL reads whole for the join, so a second query would double the cost.
    """
    first, _ = fiscal_year_bounds(fiscal_year - 1)
    this_first, last = fiscal_year_bounds(fiscal_year)
    this_year = (Event.start_date >= this_first).label("this_year")
    return db.session.execute(
        select(
            this_year,
            Event.kind,
            Event.lead_society_id,
            func.count().label("events"),
            func.coalesce(func.sum(ParticipationReport.attendance_total), 0).label("attendance"),
            func.count(ParticipationReport.id).label("reported"),
            # COUNT skips NULLs: only contest editions that belong to a series count.
            func.count(case((Event.kind == EventKind.CONTEST_EDITION, Event.series_id))).label(
                "contests"
            ),
        )
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(_published_between(first, last))
        .group_by(this_year, Event.kind, Event.lead_society_id)
    ).all()


def _published_between(first: date, last: date):
    """The condition for published events starting within [first, last].

    On SQLite the ids come from a subquery that the index on start_date answers alone; SQLite
    then reads the events and their reports by id, the order they lie in their tables. Given
    the plain date range, it reads them in date order, jumping across the tables: three times
    slower on the scale-10 benchmark. PostgreSQL, given the subquery, reads every event; given
    the range, it reads the year's events through the index.
    """
    in_range = Event.start_date.between(first, last)
    if db.session.get_bind().dialect.name == "sqlite":
        dated = aliased(Event)
        in_range = Event.id.in_(select(dated.id).where(dated.start_date.between(first, last)))
    return and_(Event.status == EventStatus.PUBLISHED, in_range)


def _network(fiscal_year: int, last: date) -> dict:
    """Societies existing at the year's end: founded by then, not closed by then."""
    existing = db.session.execute(
        select(Society.code, Society.country_code, Society.founded_fiscal_year).where(
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


def _events(groups: list) -> dict:
    """Counts and attendance in total, by kind and by the lead host's region, federation, country.

    The database grouped by (kind, lead society): a few hundred rows at most, which are added
    up here per region, federation and country using the small table of societies.
    """
    places = _society_places()
    counts = {name: Counter() for name in ("by_kind", *SOCIETY_GROUPINGS)}
    attendance = {name: Counter() for name in counts}
    total = {"count": 0, "attendance": 0, "reported": 0}
    for group in groups:
        total["count"] += group.events
        total["attendance"] += group.attendance
        total["reported"] += group.reported
        for name, value in {"by_kind": group.kind.value, **places[group.lead_society_id]}.items():
            counts[name][value] += group.events
            attendance[name][value] += group.attendance
    return total | {name: _ranked(counts[name], attendance[name]) for name in counts}


def _society_places() -> dict[int, dict[str, str]]:
    """Each society's value in each society grouping; no federation groups as ""."""
    return {
        society_id: {
            "by_region": region,
            "by_federation": federation or "",
            "by_country": country,
        }
        for society_id, region, federation, country in db.session.execute(
            select(Society.id, Society.region_code, Society.federation_code, Society.country_code)
        )
    }


def _ranked(counts: Counter, attendance: Counter) -> list[list]:
    """[value, events, attendance] rows, most events first, then by value."""
    return [
        [value, counts[value], attendance[value]]
        for value in sorted(counts, key=lambda v: (-counts[v], str(v)))
    ]


def _contests(first: date, last: date) -> list[dict]:
    """The year's contest editions of a series, by date (then id, for a stable order)."""
    editions = db.session.execute(
        select(
            Series.names,
            Series.code,
            Event.edition_number,
            Event.start_date,
            ParticipationReport.attendance_total,
        )
        .select_from(Event)
        .join(Series, Series.id == Event.series_id)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(_published_between(first, last), Event.kind == EventKind.CONTEST_EDITION)
        .order_by(Event.start_date, Event.id)
    )
    return [
        {
            "series": names,
            "series_code": code,
            "edition": edition,
            "date": start.isoformat(),
            "attendance": attendance,
        }
        for names, code, edition, start, attendance in editions
    ]


def _public_grants_between(first: date, last: date):
    return and_(Grant.status.in_(PUBLIC), Grant.planned_start.between(first, last))


def _grant_totals(first: date, last: date) -> tuple[int, int]:
    """(programmes, yen approved) of the public grants planned to start in the period."""
    programmes, approved = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Grant.approved_amount), 0)).where(
            _public_grants_between(first, last)
        )
    ).one()
    return programmes, int(approved)  # PostgreSQL sums BIGINT as NUMERIC (a Decimal)


def _wnf(fiscal_year: int, first: date, last: date) -> dict:
    programmes = _programmes(first, last)
    reported = [p["participants"] for p in programmes if p["participants"] is not None]
    published = db.session.get(YearTotal, fiscal_year)
    return {
        "programmes": len(programmes),
        "participants": sum(reported) if reported else None,
        "approved": sum(p["approved"] or 0 for p in programmes),
        **_fund_movements(first, last),
        "closing_balance": ledger_sum(until=last),
        "published": None
        if published is None
        else {
            "programmes": published.programmes,
            "participants": published.participants,
            "amount": published.amount,
            "source": published.source,
        },
        "list": programmes,
    }


def _programmes(first: date, last: date) -> list[dict]:
    """The public grants of the period, with their event's attendance once reported.

    Listed by status, then id: the order SQLite has always returned them in (through its
    status index), kept so that recompiling gives the same snapshot. PostgreSQL had no set
    order before (rows came in storage order); the list is frozen but never compared.
    """
    rows = db.session.execute(
        select(
            Grant.title,
            Society.code,
            Grant.approved_amount,
            ParticipationReport.attendance_total,
        )
        .select_from(Grant)
        .join(Society, Society.id == Grant.host_society_id)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Grant.event_id)
        .where(_public_grants_between(first, last))
        .order_by(Grant.status, Grant.id)
    )
    return [
        {"title": title, "host": host, "approved": approved, "participants": participants}
        for title, host, approved, participants in rows
    ]


def _fund_movements(first: date, last: date) -> dict:
    """Money disbursed, into and out of the fund in the period, in yen, as positive numbers."""
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
    return {
        "disbursed": -money.get(LedgerKind.DISBURSEMENT.value, 0),
        "inflows": int(inflows),
        "outflows": -int(outflows),
    }
