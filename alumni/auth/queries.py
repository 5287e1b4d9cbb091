"""Read-side queries about users and their memberships."""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, or_, select

from alumni.auth.models import Membership, MembershipRole, User
from alumni.extensions import db

# A term ending this soon is flagged (My page, society health): time to elect or reappoint.
TERM_WARNING_DAYS = 30


def serving_officer(today: date) -> ColumnElement[bool]:
    """An officer's membership in force TODAY on an enabled account (join User to use it).

    The one definition behind "current officer" in completeness, health, rosters and reminders.
    """
    return and_(
        Membership.role == MembershipRole.OFFICER,
        Membership.term_start <= today,
        or_(Membership.term_end.is_(None), Membership.term_end >= today),
        User.disabled_at.is_(None),
    )


def term_ends_soon(membership: Membership, today: date) -> bool:
    """The term ends within TERM_WARNING_DAYS."""
    end = membership.term_end
    return end is not None and end <= today + timedelta(days=TERM_WARNING_DAYS)


def serving_officers_of(society_id: int, today: date) -> list[User]:
    """The society's officers whose term runs TODAY, with enabled accounts, each once."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.society_id == society_id, serving_officer(today))
            .distinct()
            .order_by(User.id)
        )
    )
