"""The staff's list of users, read as columns: what each row shows, no User objects.

The list showed up to every user with their memberships, and building ORM objects (twenty
columns a user, whole societies a membership) was most of its cost. Each row keeps the
fields the permission predicates read (is_admin, is_staff), so the template's
`can('manage_user', user)` asks the very same rule as the user's page.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select

from alumni.auth.models import Membership, MembershipRole, User
from alumni.common.time import today
from alumni.extensions import db


@dataclass
class ListedMembership:
    society_code: str
    role: MembershipRole
    term_start: date
    term_end: date | None


@dataclass
class ListedUser:
    id: int
    name: str
    email: str
    is_admin: bool
    is_staff: bool
    is_committee: bool
    is_active: bool
    invited: bool  # no password set yet
    memberships: list[ListedMembership] = field(default_factory=list)

    def active_memberships(self, on: date | None = None) -> list[ListedMembership]:
        on = on or today()
        return [m for m in self.memberships if _current(m, on)]


def _current(membership: ListedMembership, on: date) -> bool:
    """As Membership.is_current."""
    ends = membership.term_end
    return membership.term_start <= on and (ends is None or on <= ends)


def search_users(text: str) -> list[ListedUser]:
    """Users whose name or address contains TEXT (all of them when it is empty), by name."""
    columns = (User.id, User.name, User.email, User.is_admin, User.is_staff, User.is_committee)
    shown = (User.disabled_at.is_(None), User.password_hash.is_(None))
    query = select(*columns, *shown).order_by(User.name)
    if text:
        query = query.where(
            or_(
                User.name.icontains(text, autoescape=True),
                User.email.icontains(text, autoescape=True),
            )
        )
    users = [ListedUser(*row) for row in db.session.execute(query)]
    _add_memberships({user.id: user for user in users})
    return users


def _add_memberships(users: dict[int, ListedUser]) -> None:
    if not users:
        return
    society = Membership.society.property.mapper.class_  # societies sits above auth
    query = (
        select(
            Membership.user_id,
            society.code,
            Membership.role,
            Membership.term_start,
            Membership.term_end,
        )
        .join(Membership.society)
        .where(Membership.user_id.in_(list(users)))
        .order_by(Membership.user_id, Membership.id)
    )
    for user_id, *values in db.session.execute(query):
        users[user_id].memberships.append(ListedMembership(*values))
