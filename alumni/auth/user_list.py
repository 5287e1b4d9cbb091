"""The staff's list of users, read as columns: what each row shows, no User objects.

The list showed up to every user with their memberships, and building ORM objects (twenty
columns a user, whole societies a membership) was most of its cost. Each row keeps the
fields the permission predicates read (is_admin, is_staff), so the template's
`can('manage_user', user)` asks the very same rule as the user's page.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import bindparam, or_, select

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


# Built once (after every model is mapped), with the search text and the users' ids as
# parameters: making the two statements anew cost more than running them.
@cache
def _users(searching: bool):
    columns = (User.id, User.name, User.email, User.is_admin, User.is_staff, User.is_committee)
    shown = (User.disabled_at.is_(None), User.password_hash.is_(None))
    query = select(*columns, *shown).order_by(User.name)
    if searching:
        text = bindparam("text")  # escaped as icontains(autoescape=True) escapes a string
        query = query.where(
            or_(User.name.icontains(text, escape="/"), User.email.icontains(text, escape="/"))
        )
    return query


@cache
def _memberships():
    society = Membership.society.property.mapper.class_  # societies sits above auth
    return (
        select(
            Membership.user_id,
            society.code,
            Membership.role,
            Membership.term_start,
            Membership.term_end,
        )
        .join(Membership.society)
        .where(Membership.user_id.in_(bindparam("ids", expanding=True)))
        .order_by(Membership.user_id, Membership.id)
    )


def _escaped(text: str) -> str:
    """TEXT matched as it is in a LIKE pattern escaped by "/" (SQLAlchemy's autoescape)."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def search_users(text: str) -> list[ListedUser]:
    """Users whose name or address contains TEXT (all of them when it is empty), by name."""
    rows = db.session.execute(_users(bool(text)), {"text": _escaped(text)} if text else {})
    users = [ListedUser(*row) for row in rows]
    _add_memberships({user.id: user for user in users})
    return users


def _add_memberships(users: dict[int, ListedUser]) -> None:
    if not users:
        return
    for user_id, *values in db.session.execute(_memberships(), {"ids": list(users)}):
        users[user_id].memberships.append(ListedMembership(*values))
