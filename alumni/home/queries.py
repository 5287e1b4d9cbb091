"""Read side of the user's own page: each list in one or two statements, however long.

Every list says what it loads with its rows (lazyload("*") first, then what the page shows),
so the page runs the same statements for one item or fifty.
"""

from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from alumni.auth.models import Membership, User
from alumni.auth.queries import serving_officer
from alumni.events.models import Event, EventHost, EventStatus
from alumni.events.queries import LISTED
from alumni.extensions import db
from alumni.grants.models import Cooperation, Grant, Vote
from alumni.grants.queries import AWAITING_COMMITTEE
from alumni.reports.models import Summary, SummaryVersion
from alumni.societies.models import RecordStatus, Society
from alumni.societies.queries import COUNTED, NAMED

# An application in a list: its host's and cooperators' names (the conflicts come from them).
APPLICATION = (
    lazyload("*"),
    joinedload(Grant.host).options(*NAMED),
    selectinload(Grant.cooperations).joinedload(Cooperation.society).options(*NAMED),
)


def societies(ids: set[int]) -> list[Society]:
    """The societies IDS, with their names, by code."""
    if not ids:
        return []
    query = select(Society).where(Society.id.in_(ids)).order_by(Society.code).options(*NAMED)
    return list(db.session.scalars(query).unique())


def drafts(society_ids: set[int]) -> list[Event]:
    """Draft events any of these societies hosts, soonest first."""
    if not society_ids:
        return []
    hosted = select(EventHost.event_id).where(EventHost.society_id.in_(society_ids))
    query = (
        select(Event)
        .where(Event.status == EventStatus.DRAFT, Event.id.in_(hosted))
        .order_by(Event.start_date, Event.id)
        .options(*LISTED)
    )
    return list(db.session.scalars(query).unique())


def applications_of(society_ids: set[int]) -> list[Grant]:
    """WNF applications these societies host or co-operate in, newest first."""
    if not society_ids:
        return []
    cooperating = select(Cooperation.grant_id).where(Cooperation.society_id.in_(society_ids))
    query = (
        select(Grant)
        .where(or_(Grant.host_society_id.in_(society_ids), Grant.id.in_(cooperating)))
        .order_by(Grant.id.desc())
        .options(*APPLICATION)
    )
    return list(db.session.scalars(query).unique())


def rosters(society_ids: set[int], today: date) -> dict[int, list[Membership]]:
    """Each society's officers whose term runs today, by title and name."""
    result: dict[int, list[Membership]] = {i: [] for i in society_ids}
    if not society_ids:
        return result
    query = (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.society_id.in_(society_ids), serving_officer(today))
        .order_by(Membership.title, User.name, Membership.id)
        .options(lazyload("*"), joinedload(Membership.user).lazyload("*"))
    )
    for membership in db.session.scalars(query):
        result[membership.society_id].append(membership)
    return result


def awaiting_committee() -> list[Grant]:
    """Applications submitted or under review, oldest first."""
    query = (
        select(Grant)
        .where(Grant.status.in_(AWAITING_COMMITTEE))
        .order_by(Grant.id)
        .options(*APPLICATION)
    )
    return list(db.session.scalars(query).unique())


def my_votes(user) -> dict[int, Vote]:
    query = select(Vote).where(Vote.member_id == user.id).options(lazyload("*"))
    return {vote.grant_id: vote for vote in db.session.scalars(query)}


def counted_society_ids() -> list[int]:
    """The societies the network counts (closed ones are kept for the record only)."""
    return list(db.session.scalars(select(Society.id).where(COUNTED)))


def placeholder_count() -> int:
    """Counted societies known only from a per-country total: their records need completing."""
    query = select(func.count(Society.id)).where(
        COUNTED, Society.record_status == RecordStatus.PLACEHOLDER
    )
    return db.session.scalar(query) or 0


def summary_years() -> tuple[set[int], set[int]]:
    """The fiscal years with a summary being prepared, and those with one published."""
    opened = set(db.session.scalars(select(Summary.fiscal_year)))
    published = set(
        db.session.scalars(
            select(Summary.fiscal_year).join(
                SummaryVersion, SummaryVersion.summary_id == Summary.id
            )
        )
    )
    return opened, published
