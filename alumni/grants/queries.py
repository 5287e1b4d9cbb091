"""Read side of WNF: the public programme list and totals, queues, an officer's applications."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Row, bindparam, case, extract, or_, select, union
from sqlalchemy.orm import joinedload, lazyload, selectinload

from alumni.auth import permissions
from alumni.auth.models import User
from alumni.common.fiscal import fiscal_year_bounds
from alumni.events.models import Event, EventHost, EventStatus
from alumni.extensions import db
from alumni.fund.models import YearEndPublication, YearTotal
from alumni.fund.services import ledger_sums_until
from alumni.grants.models import (
    Cooperation,
    Grant,
    GrantStatus,
    GrantTransition,
    Vote,
)
from alumni.societies.models import Society
from alumni.societies.queries import NAMED

# A programme on the public page: its host's and cooperating societies' names and its event's
# headline attendance; the cooperations in one statement for up to 500 programmes (the WNF
# runs about fifteen a year).
PROGRAMME = (
    lazyload("*"),
    joinedload(Grant.host).options(*NAMED),
    joinedload(Grant.event).options(lazyload("*"), joinedload(Event.report).lazyload("*")),
    selectinload(Grant.cooperations).joinedload(Cooperation.society).options(*NAMED),
)

# Programmes the public sees: decided in favour, whatever happened after (not cancelled).
PUBLIC = (
    GrantStatus.APPROVED,
    GrantStatus.DISBURSED,
    GrantStatus.REPORTED,
    GrantStatus.REPORT_RETURNED,
    GrantStatus.REPORT_ACCEPTED,
    GrantStatus.CLOSED,
)
AWAITING_COMMITTEE = (GrantStatus.SUBMITTED, GrantStatus.UNDER_REVIEW)


def get_grant(grant_id: int) -> Grant | None:
    return db.session.get(Grant, grant_id)


def committee_members() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.is_committee.is_(True), User.disabled_at.is_(None))
        )
    )


def eligible_voters(grant: Grant) -> list[User]:
    """The committee members who may vote on GRANT (none of their societies takes part)."""
    return [m for m in committee_members() if permissions.can_vote(m, grant)]


def vote_of(user, grant: Grant) -> Vote | None:
    return db.session.scalar(
        select(Vote).where(Vote.grant_id == grant.id, Vote.member_id == getattr(user, "id", None))
    )


def host_events(grant: Grant) -> list[Event]:
    """The host society's published events, newest first: what a programme report names."""
    return list(
        db.session.scalars(
            select(Event)
            .join(EventHost, EventHost.event_id == Event.id)
            .where(
                EventHost.society_id == grant.host_society_id,
                Event.status == EventStatus.PUBLISHED,
            )
            .order_by(Event.start_date.desc())
        )
    )


def get_event(event_id: str | None) -> Event | None:
    """The event chosen in a form (its id as text), or None when none was chosen."""
    return db.session.get(Event, int(event_id)) if event_id else None


@dataclass
class Year:
    fiscal_year: int
    programmes: list[Grant] = field(default_factory=list)
    published: YearTotal | None = None
    closing_balance: int | None = None

    @property
    def participants(self) -> int:
        return sum(
            g.event.report.attendance_total for g in self.programmes if g.event and g.event.report
        )

    @property
    def approved(self) -> int:
        return sum(g.approved_amount or 0 for g in self.programmes)


def public_year_numbers() -> list[int]:
    """Every fiscal year with programmes, AOTS's published totals or a public closing balance,
    newest first, in one statement (the page shows one of them and links to the others)."""
    start = Grant.planned_start
    year_of_start = case(
        (extract("month", start) < 4, extract("year", start) - 1), else_=extract("year", start)
    )
    years = union(
        select(year_of_start).where(Grant.status.in_(PUBLIC)),
        select(YearTotal.fiscal_year),
        select(YearEndPublication.fiscal_year),
    )
    return sorted({int(y) for y in db.session.scalars(years)}, reverse=True)


def public_year(fiscal_year: int) -> Year:
    """One fiscal year of the public page: its programmes, published totals and balance."""
    first, last = fiscal_year_bounds(fiscal_year)
    year = Year(fiscal_year)
    year.programmes = list(
        db.session.scalars(
            select(Grant)
            .where(Grant.status.in_(PUBLIC), Grant.planned_start.between(first, last))
            .order_by(Grant.planned_start, Grant.id)
            .options(*PROGRAMME)
        ).unique()
    )
    year.published = db.session.get(YearTotal, fiscal_year)
    if db.session.get(YearEndPublication, fiscal_year) is not None:
        year.closing_balance = ledger_sums_until([last])[last]
    return year


def applications_for(user) -> list[Grant]:
    """Staff see every application; officers those of their societies (host or cooperating)."""
    query = select(Grant).order_by(Grant.id.desc())
    if not permissions.is_staff(user):
        mine = permissions.officer_society_ids(user)
        cooperating = select(Cooperation.grant_id).where(Cooperation.society_id.in_(mine))
        query = query.where(or_(Grant.host_society_id.in_(mine), Grant.id.in_(cooperating)))
    return list(db.session.scalars(query))


@dataclass
class Waiting:
    """An application in the committee's queue: what the queue shows of it."""

    id: int
    title: str
    requested_amount: int
    status: GrantStatus
    host: Society


# Built once: making the statements anew, and the ORM's loading of grants (with their
# joined event, country, region and federation), cost most of the queue even with nothing
# waiting; the hosts' names are read only for the applications found.
@cache
def _waiting():
    columns = (Grant.id, Grant.title, Grant.requested_amount, Grant.status, Grant.host_society_id)
    return select(*columns).where(Grant.status.in_(AWAITING_COMMITTEE)).order_by(Grant.id)


@cache
def _votes_cast():
    member, grants = bindparam("member_id"), bindparam("grant_ids", expanding=True)
    return select(Vote.grant_id, Vote.choice).where(
        Vote.member_id == member, Vote.grant_id.in_(grants)
    )


def committee_queue(user) -> list[tuple[Waiting, Row | None]]:
    """Applications waiting for the committee, with the user's vote (its choice) when cast."""
    rows = db.session.execute(_waiting()).all()
    if not rows:
        return []
    hosts = {
        society.id: society
        for society in db.session.scalars(
            select(Society).where(Society.id.in_({r.host_society_id for r in rows})).options(*NAMED)
        ).unique()
    }
    ids = [r.id for r in rows]
    cast = db.session.execute(
        _votes_cast(), {"member_id": getattr(user, "id", None), "grant_ids": ids}
    )
    votes = {vote.grant_id: vote for vote in cast}
    waiting = [Waiting(*r[:4], host=hosts[r.host_society_id]) for r in rows]
    return [(w, votes.get(w.id)) for w in waiting]


def history(grant: Grant) -> list[GrantTransition]:
    return list(
        db.session.scalars(
            select(GrantTransition)
            .where(GrantTransition.grant_id == grant.id)
            .order_by(GrantTransition.id)
        )
    )


def latest_move_to(grant: Grant, status: GrantStatus) -> GrantTransition | None:
    """GRANT's latest move to STATUS (its comment says why)."""
    return db.session.scalar(
        select(GrantTransition)
        .where(GrantTransition.grant_id == grant.id, GrantTransition.to_status == status)
        .order_by(GrantTransition.id.desc())
        .limit(1)
    )


def votes(grant: Grant) -> list[Vote]:
    return list(db.session.scalars(select(Vote).where(Vote.grant_id == grant.id).order_by(Vote.at)))


def grouped_cooperations(grant: Grant) -> dict:
    roles = defaultdict(list)
    for cooperation in grant.cooperations:
        roles[cooperation.role].append(cooperation.society)
    return roles
