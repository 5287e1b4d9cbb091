"""Reporting completeness, measured as DHIS2 measures it.

Every published event whose last day has passed is an expected participation report. A report
first filed within the due days after the end (REPORT_DUE_DAYS, default 30) is on time, later is
late; none filed after the due days is missing; none filed before them is still waiting. The
rates leave waiting reports out: they are not yet due, so they are not yet missing.

Events count for their lead host (who files the report) and for the fiscal year they start in,
as the yearly summaries count them.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from alumni.auth.models import Membership, User
from alumni.auth.queries import serving_officer
from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of
from alumni.db import db
from alumni.events.models import Event, EventStatus, ParticipationReport


class ReportState(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    WAITING = "waiting"

    @property
    def title(self):
        return {
            "on_time": _l("Filed on time"),
            "late": _l("Filed late"),
            "missing": _l("Missing"),
            "waiting": _l("Not yet due"),
        }[self.value]


def due_days() -> int:
    return current_app.config["REPORT_DUE_DAYS"]


def due_date(end_date: date) -> date:
    """The last day on which a report for an event ending on END_DATE is on time."""
    return end_date + timedelta(days=due_days())


def state_of(end_date: date, filed_at: datetime | None, today: date) -> ReportState | None:
    """The state of an event's report on TODAY; None while the event has not ended."""
    if end_date >= today:
        return None
    due = due_date(end_date)
    if filed_at is not None:
        return ReportState.ON_TIME if filed_at.date() <= due else ReportState.LATE
    return ReportState.MISSING if today > due else ReportState.WAITING


@dataclass
class Record:
    """Completeness of one society, a federation or the network, in one fiscal year."""

    events: int = 0
    attendance: int = 0  # 延べ over the filed reports
    states: dict = field(default_factory=lambda: dict.fromkeys(ReportState, 0))
    societies: int = 1
    silent_societies: int = 0  # with no published event in the year

    @property
    def expected(self) -> int:
        return sum(self.states.values())

    @property
    def filed(self) -> int:
        return self.states[ReportState.ON_TIME] + self.states[ReportState.LATE]

    @property
    def due(self) -> int:
        return self.expected - self.states[ReportState.WAITING]

    @property
    def reporting_rate(self) -> float | None:
        """Reports filed among the reports due; None when none is due."""
        return self.filed / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return self.states[ReportState.ON_TIME] / self.due if self.due else None

    def add(self, other: "Record") -> None:
        self.events += other.events
        self.attendance += other.attendance
        for state, n in other.states.items():
            self.states[state] += n
        self.societies += other.societies
        self.silent_societies += other.silent_societies


def society_records(
    fiscal_year: int, today: date, society_ids: Iterable[int] | None = None
) -> dict[int, Record]:
    """Each society's record for FISCAL_YEAR as of TODAY (societies without events absent)."""
    first, last = fiscal_year_bounds(fiscal_year)
    query = (
        select(
            Event.lead_society_id,
            Event.end_date,
            ParticipationReport.filed_at,
            ParticipationReport.attendance_total,
        )
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(Event.status == EventStatus.PUBLISHED, Event.start_date.between(first, last))
    )
    if society_ids is not None:
        query = query.where(Event.lead_society_id.in_(list(society_ids)))
    records: dict[int, Record] = {}
    for society_id, end_date, filed_at, attendance in db.session.execute(query):
        _count(records.setdefault(society_id, Record()), end_date, filed_at, attendance, today)
    return records


def _count(record: Record, end_date: date, filed_at, attendance: int | None, today: date) -> None:
    """Add one published event to RECORD."""
    record.events += 1
    record.attendance += attendance or 0
    state = state_of(end_date, filed_at, today)
    if state is not None:
        record.states[state] += 1


def yearly_records(society_id: int, years: list[int], today: date) -> dict[int, Record]:
    """One society's record in each of YEARS (in one statement); a year without events has
    an empty record."""
    first, last = fiscal_year_bounds(min(years))[0], fiscal_year_bounds(max(years))[1]
    query = (
        select(
            Event.start_date,
            Event.end_date,
            ParticipationReport.filed_at,
            ParticipationReport.attendance_total,
        )
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(
            Event.lead_society_id == society_id,
            Event.status == EventStatus.PUBLISHED,
            Event.start_date.between(first, last),
        )
    )
    records = {year: Record() for year in years}
    for start_date, end_date, filed_at, attendance in db.session.execute(query):
        record = records.get(fiscal_year_of(start_date))
        if record is not None:
            _count(record, end_date, filed_at, attendance, today)
    return records


def combined(society_ids: Iterable[int], records: dict[int, Record]) -> Record:
    """One record for a group of societies; those without a record count as silent."""
    total = Record(societies=0)
    for society_id in society_ids:
        record = records.get(society_id)
        total.add(record or Record(silent_societies=1))
    return total


def last_activity(society_ids: Iterable[int] | None = None, *, today: date) -> dict[int, date]:
    """The last day of each society's latest published event that has begun."""
    query = (
        select(Event.lead_society_id, func.max(Event.end_date))
        .where(Event.status == EventStatus.PUBLISHED, Event.start_date <= today)
        .group_by(Event.lead_society_id)
    )
    if society_ids is not None:
        query = query.where(Event.lead_society_id.in_(list(society_ids)))
    return {society_id: day for society_id, day in db.session.execute(query)}


def current_officer_society_ids(today: date) -> set[int]:
    """Societies with at least one officer whose term runs today and whose account is enabled."""
    query = (
        select(Membership.society_id)
        .join(User, User.id == Membership.user_id)
        .where(serving_officer(today))
        .distinct()
    )
    return set(db.session.scalars(query))


@dataclass(frozen=True)
class DueReport:
    event: Event
    state: ReportState
    due_date: date
    today: date

    @property
    def days_late(self) -> int:
        """Days past the due date (0 or less while the report is not yet late)."""
        return (self.today - self.due_date).days


def reports_due(society_ids: Iterable[int], today: date) -> list[DueReport]:
    """The published, ended events of these societies that have no report: oldest first."""
    ids = list(society_ids)
    if not ids:
        return []
    events = db.session.scalars(
        select(Event)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(
            and_(
                Event.lead_society_id.in_(ids),
                Event.status == EventStatus.PUBLISHED,
                Event.end_date < today,
                ParticipationReport.id.is_(None),
            )
        )
        .order_by(Event.end_date, Event.id)
    )
    return [
        DueReport(e, state_of(e.end_date, None, today), due_date(e.end_date), today) for e in events
    ]
