"""Society health for staff: what needs an action, each case with the society it concerns.

A fixed number of statements: the societies, the recently active ones, those with a current
officer and the terms about to end are each one query.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from alumni.auth.models import Membership, User
from alumni.auth.queries import TERM_WARNING_DAYS, serving_officer
from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of
from alumni.db import db
from alumni.events import completeness
from alumni.events.models import Event, EventStatus
from alumni.societies import queries as society_queries
from alumni.societies.models import RecordStatus, Society, SocietyStatus

SILENT_YEARS = 2


@dataclass
class Health:
    silent: list[Society]
    without_officer: list[Society]
    placeholders: list[Society]
    ending_terms: list[Membership]
    silent_since: date
    societies: dict[int, Society]


def silent_since(today: date) -> date:
    """The first day of the period a silent society held no event in: the last two complete
    fiscal years, and the current one so far."""
    return fiscal_year_bounds(fiscal_year_of(today) - SILENT_YEARS)[0]


def active_society_ids(since: date, today: date) -> set[int]:
    """Societies that led a published event starting between SINCE and TODAY."""
    query = select(Event.lead_society_id).where(
        Event.status == EventStatus.PUBLISHED, Event.start_date.between(since, today)
    )
    return set(db.session.scalars(query.distinct()))


def ending_terms(today: date, societies: set[int]) -> list[Membership]:
    """Officers' terms in force that end within TERM_WARNING_DAYS, soonest first."""
    query = (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            serving_officer(today),
            Membership.term_end <= today + timedelta(days=TERM_WARNING_DAYS),
        )
        .order_by(Membership.term_end, Membership.id)
        .options(joinedload(Membership.user), lazyload(Membership.society))
    )
    return [m for m in db.session.scalars(query) if m.society_id in societies]


def health(today: date) -> Health:
    """What the staff should look at today; closed societies are left out."""
    societies = [s for s in society_queries.all_societies() if s.status != SocietyStatus.CLOSED]
    since = silent_since(today)
    active = active_society_ids(since, today)
    officered = completeness.current_officer_society_ids(today)
    return Health(
        silent=[s for s in societies if s.id not in active],
        without_officer=[s for s in societies if s.id not in officered],
        placeholders=[s for s in societies if s.record_status == RecordStatus.PLACEHOLDER],
        ending_terms=ending_terms(today, {s.id for s in societies}),
        silent_since=since,
        societies={s.id: s for s in societies},
    )
