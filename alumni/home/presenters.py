"""What the user's own page shows, decided here so the template only lays it out."""

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _

from alumni.auth import permissions
from alumni.auth.models import MembershipRole
from alumni.auth.queries import term_ends_soon
from alumni.common import backups
from alumni.common.fiscal import fiscal_year_of
from alumni.common.time import utcnow
from alumni.events import completeness
from alumni.events.completeness import DueReport, ReportState
from alumni.fund.services import totals
from alumni.grants import workflow
from alumni.grants.models import Grant, GrantStatus
from alumni.home import queries
from alumni.societies.models import Society
from alumni.societies.presenters import society_name


@dataclass
class Step:
    """What is expected next of an application, and where to do it."""

    text: str
    url: str
    urgent: bool = False


@dataclass
class OfficeSociety:
    society: Society
    my_term_end: date | None
    roster: list = field(default_factory=list)  # [(membership, ends soon)]


@dataclass
class Waiting:
    """An application waiting for the committee, as one member sees it."""

    grant: Grant
    voted: object  # the member's Vote, or None
    conflicts: list[str]  # the member's societies taking part: why they may not vote


@dataclass
class YearFigures:
    fiscal_year: int
    events: int
    reporting_rate: str
    on_time_rate: str
    missing: int


def due_text(due: DueReport) -> str:
    """'12 days late' or 'due in 3 days' (today counts as due in 0 days)."""
    if due.days_late > 0:
        late = due.days_late
        return ngettext("%(days)s day late", "%(days)s days late", late, days=format_decimal(late))
    left = -due.days_late
    return ngettext("due in %(days)s day", "due in %(days)s days", left, days=format_decimal(left))


def next_step(user, grant: Grant, today: date) -> Step:
    """What the applicant is expected to do next (the workflow says what they may do)."""
    offers = workflow.offers(user, grant)
    page = url_for("grants.application", grant_id=grant.id)
    if grant.status == GrantStatus.RETURNED and "edit" in offers:
        return Step(_("Returned for changes: edit and resubmit"), _edit(grant), urgent=True)
    if grant.status == GrantStatus.REPORT_RETURNED and "report" in offers:
        url = url_for("grants.report", grant_id=grant.id)
        return Step(_("Report returned: correct it and file it again"), url, urgent=True)
    if grant.status in (GrantStatus.APPROVED, GrantStatus.DISBURSED) and grant.planned_end < today:
        url = url_for("grants.report", grant_id=grant.id) if "report" in offers else page
        return Step(_("Programme report due"), url, urgent=True)
    if "edit" in offers:
        return Step(_("Draft: complete and submit"), _edit(grant))
    return Step(str(grant.status.title), page)


def _edit(grant: Grant) -> str:
    return url_for("grants.edit", grant_id=grant.id)


def _rate(value: float | None) -> str:
    return "—" if value is None else format_percent(value)


def officer_part(user, today: date) -> dict | None:
    """The officer's societies, drafts, reports due, applications and rosters; None if none."""
    ids = permissions.officer_society_ids(user)
    if not ids:
        return None
    terms = {
        m.society_id: m.term_end
        for m in user.active_memberships(today)
        if m.role == MembershipRole.OFFICER
    }
    rosters = queries.rosters(ids, today)
    offices = [
        OfficeSociety(
            society,
            terms.get(society.id),
            [(m, term_ends_soon(m, today)) for m in rosters[society.id]],
        )
        for society in queries.societies(ids)
    ]
    grants = queries.applications_of(ids)
    return {
        "offices": offices,
        "drafts": queries.drafts(ids),
        "due": [(d, due_text(d)) for d in completeness.reports_due(ids, today)],
        "applications": [(g, next_step(user, g, today)) for g in grants],
    }


def member_part(user, today: date) -> list[Society]:
    """Societies where the user is a member without office."""
    officer = permissions.officer_society_ids(user)
    ids = {m.society_id for m in user.active_memberships(today)} - officer
    return queries.societies(ids)


def committee_part(user) -> dict | None:
    if not permissions.is_committee_member(user):
        return None
    votes = queries.my_votes(user)
    waiting = [
        Waiting(g, votes.get(g.id), [society_name(s).text for s in permissions.conflicts(user, g)])
        for g in queries.awaiting_committee()
    ]
    return {"waiting": waiting, "available": totals()["available"]}


def year_figures(fiscal_year: int, today: date, society_ids: list[int]) -> YearFigures:
    records = completeness.society_records(fiscal_year, today)
    record = completeness.combined(society_ids, records)
    return YearFigures(
        fiscal_year,
        record.events,
        _rate(record.reporting_rate),
        _rate(record.on_time_rate),
        record.states[ReportState.MISSING],
    )


def next_summary_year(today: date, published: set[int]) -> int:
    """The most recent ended fiscal year without a published summary."""
    year = fiscal_year_of(today) - 1
    while year in published:
        year -= 1
    return year


def staff_part(user, today: date) -> dict | None:
    if not permissions.is_staff(user):
        return None
    current = fiscal_year_of(today)
    ids = queries.counted_society_ids()
    opened, published = queries.summary_years()
    year = next_summary_year(today, published)
    summary_url = (
        url_for("reports.prepare", fiscal_year=year)
        if year in opened
        else url_for("reports.staff_index")
    )
    return {
        "years": [year_figures(fy, today, ids) for fy in (current, current - 1)],
        "awaiting": queries.awaiting_committee(),
        "summary_year": year,
        "summary_url": summary_url,
        "summary_opened": year in opened,
        "placeholders": queries.placeholder_count(),
        "backup": backups.status(utcnow()),
    }


def page(user, today: date) -> dict:
    """Every part of the page this user has a role for."""
    return {
        "officer": officer_part(user, today),
        "member_of": member_part(user, today),
        "committee": committee_part(user),
        "staff": staff_part(user, today),
    }
