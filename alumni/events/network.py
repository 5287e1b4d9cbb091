"""The completeness table of a group of societies: a federation's, or the whole network's.

Built from a fixed number of statements whatever the number of societies: the records of the
year, the last activity and the societies with a current officer are each one grouped query
(alumni/events/completeness.py), the societies with their names one more.
"""

from dataclasses import dataclass
from datetime import date

from flask import request

from alumni.common.fiscal import fiscal_year_of
from alumni.common.validators import whole_number
from alumni.events import completeness, queries
from alumni.events.completeness import Record
from alumni.societies import queries as society_queries
from alumni.societies.models import Federation, Society, SocietyStatus


@dataclass
class SocietyRow:
    society: Society
    record: Record
    last_activity: date | None
    has_officer: bool

    @property
    def silent(self) -> bool:
        return self.record.events == 0


@dataclass
class GroupRow:
    federation: Federation | None
    record: Record
    without_officer: int


@dataclass
class Table:
    fiscal_year: int
    rows: list[SocietyRow]
    groups: list[GroupRow]
    total: Record
    without_officer: int


def offered_years(today: date) -> list[int]:
    """The fiscal years with public events, and the current one, newest first."""
    return sorted({*queries.fiscal_years(), fiscal_year_of(today)}, reverse=True)


def requested_year(today: date) -> tuple[int, list[int]]:
    """The year of `?fy=` when it is offered, else the latest that has ended (or the current)."""
    years = offered_years(today)
    asked = whole_number(request.args.get("fy"), max_digits=4)
    if asked in years:
        return asked, years
    ended = [y for y in years if y < fiscal_year_of(today)]
    return (ended[0] if ended else years[0]), years


def counted(society: Society, records: dict) -> bool:
    """Closed societies are left out, unless they still held an event in the year."""
    return society.status != SocietyStatus.CLOSED or society.id in records


def table(fiscal_year: int, today: date, societies: list[Society] | None = None) -> Table:
    """The completeness of SOCIETIES (all of them when None, then grouped by federation) in
    FISCAL_YEAR as of TODAY."""
    ids = None if societies is None else [s.id for s in societies]
    if societies is None:
        societies = society_queries.all_societies()
    records = completeness.society_records(fiscal_year, today, ids)
    activity = completeness.last_activity(ids, today=today)
    officered = completeness.current_officer_society_ids(today)
    rows = [
        SocietyRow(s, records.get(s.id) or Record(silent_societies=1), activity.get(s.id),
                   s.id in officered)
        for s in societies if counted(s, records)
    ]  # fmt: skip
    return Table(
        fiscal_year,
        rows,
        _groups(rows) if ids is None else [],
        _sum(rows),
        sum(not r.has_officer for r in rows),
    )


def _sum(rows: list[SocietyRow]) -> Record:
    total = Record(societies=0)
    for row in rows:
        total.add(row.record)
    return total


def _groups(rows: list[SocietyRow]) -> list[GroupRow]:
    """One row per federation in its own order, societies without one last."""
    federations = {f.code: f for f in society_queries.federations()}
    order = [*federations, None]
    by_code: dict = {code: [] for code in order}
    for row in rows:
        by_code.setdefault(row.society.federation_code, []).append(row)
    return [
        GroupRow(federations.get(code), _sum(members), sum(not r.has_officer for r in members))
        for code, members in by_code.items()
        if members
    ]
