"""Who may do what: every rule of the site, stated once, used by views and templates alike.

Anonymous users are denied, administrators short-circuit, staff act network-wide, and
everything else comes from current memberships (an expired term grants nothing).
"""

from alumni.auth.models import MembershipRole
from alumni.common.time import today


def is_authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_admin(user) -> bool:
    """Administrators: everything, plus site settings and the audit log."""
    return is_authenticated(user) and user.is_admin


def is_staff(user) -> bool:
    """AOTS staff (administrators included) act on the whole network."""
    return is_authenticated(user) and (user.is_admin or user.is_staff)


def is_committee_member(user) -> bool:
    return is_authenticated(user) and (user.is_admin or user.is_committee)


def officer_society_ids(user) -> set[int]:
    """Societies where USER holds an officer's membership today."""
    if not is_authenticated(user):
        return set()
    return {
        m.society_id for m in user.active_memberships(today())
        if m.role == MembershipRole.OFFICER
    }  # fmt: skip


def is_officer_of(user, society) -> bool:
    return society is not None and society.id in officer_society_ids(user)


def can_edit_society_profile(user, society) -> bool:
    """Descriptions, contacts, links and which officers are shown: own society's officers."""
    return is_staff(user) or is_officer_of(user, society)


def can_manage_societies(user, society=None) -> bool:
    """Create societies, change country, federation, region and status: staff only."""
    return is_staff(user)


def can_manage_users(user, target=None) -> bool:
    """Create, invite, edit and disable users and their memberships: staff."""
    return is_staff(user)


def can_grant_network_roles(user) -> bool:
    """Make someone staff or administrator: administrators only."""
    return is_admin(user)


def can_view_audit_log(user) -> bool:
    return is_admin(user)


def can_use_account(user) -> bool:
    """Pages about one's own account: anyone logged in."""
    return is_authenticated(user)


PREDICATES = {
    name: value
    for name, value in dict(globals()).items()
    if name.startswith(("can_", "is_")) and callable(value)
}
