"""Read side of the API that no page has: participation totals per fiscal year.

Everything else the API answers comes from the other packages' queries, so a collection here
holds exactly what the public pages show.
"""

from collections import defaultdict

from sqlalchemy import select

from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of
from alumni.events.models import Event, ParticipationReport, ReportCountry
from alumni.events.queries import VISIBLE
from alumni.extensions import db


def _in_year(fiscal_year: int | None) -> list:
    conditions = [Event.status.in_(VISIBLE)]
    if fiscal_year:
        first, last = fiscal_year_bounds(fiscal_year)
        conditions.append(Event.start_date.between(first, last))
    return conditions


def participation(fiscal_year: int | None = None) -> list[dict]:
    """Per fiscal year (newest first): public events, those reported, 延べ attendance, distinct
    participants where given, and attendance by country. Two statements of column tuples."""
    years: dict[int, dict] = {}
    rows = db.session.execute(
        select(
            Event.start_date,
            ParticipationReport.attendance_total,
            ParticipationReport.distinct_participants,
        )
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(*_in_year(fiscal_year))
    )
    for start, attendance, distinct in rows:
        year = years.setdefault(fiscal_year_of(start), _empty(fiscal_year_of(start)))
        year["events"] += 1
        if attendance is not None:
            year["reported"] += 1
            year["attendance"] += attendance
            year["distinct_participants"] += distinct or 0
    by_country: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    countries = db.session.execute(
        select(Event.start_date, ReportCountry.country_code, ReportCountry.attendance)
        .join(ParticipationReport, ParticipationReport.event_id == Event.id)
        .join(ReportCountry, ReportCountry.report_id == ParticipationReport.id)
        .where(*_in_year(fiscal_year))
    )
    for start, country, attendance in countries:
        by_country[fiscal_year_of(start)][country] += attendance
    for fy, year in years.items():
        year["by_country"] = [
            {"country": code, "attendance": n} for code, n in sorted(by_country[fy].items())
        ]
    return [years[fy] for fy in sorted(years, reverse=True)]


def _empty(fiscal_year: int) -> dict:
    return {
        "fiscal_year": fiscal_year,
        "events": 0,
        "reported": 0,
        "attendance": 0,
        "distinct_participants": 0,
        "by_country": [],
    }
