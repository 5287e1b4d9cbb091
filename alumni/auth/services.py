"""Account operations. They change state, audit, queue mail and flush; callers commit."""

import secrets
from datetime import timedelta

from flask import g
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from alumni.audit.services import entry, record
from alumni.auth import notifications, throttle
from alumni.auth.models import Membership, User
from alumni.auth.passwords import (
    context_words,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from alumni.auth.permissions import can_grant_network_roles, can_manage_user
from alumni.auth.sessions import end_session, revoke_all_sessions, start_session
from alumni.common import transaction
from alumni.common.exceptions import Conflict, Forbidden, Refused, Throttled
from alumni.common.time import today, utcnow
from alumni.common.validators import InvalidEmail, email_key, normalize_email
from alumni.extensions import db


class DuplicateEmail(Refused):
    """Another account has this address (compared as `email_key` compares)."""

    field = "email"


def find_user_by_email(email: str) -> User | None:
    """The account whose address is EMAIL, ignoring case, Unicode form and IDNA spelling."""
    return db.session.scalars(
        select(User).where(User.email_normalized == email_key(email))
    ).one_or_none()


def _checked_email(email: str, user: User | None = None) -> str:
    """EMAIL normalised (validators.normalize_email), refused when invalid or taken."""
    try:
        email = normalize_email(email)
    except InvalidEmail as refusal:
        raise Refused(refusal.message) from None
    other = find_user_by_email(email)
    if other is not None and other is not user:
        raise DuplicateEmail(_("A user with this e-mail address already exists."))
    return email


def _throttled(limits: list[tuple[throttle.Limit, str]]) -> None:
    waits = [throttle.retry_after(limit, value) for limit, value in limits]
    wait = max((w for w in waits if w), default=None)
    if wait:
        minutes = max(1, (wait + 59) // 60)
        raise Throttled(
            _("Too many attempts. Please try again in %(num)s minutes.", num=minutes), wait
        )


def log_in(email: str, password: str, ip: str) -> User:
    """Check the credentials and start a fresh session; same refusal for every failure."""
    # Counted per compared address, so "ANA@example.org" does not get fresh attempts.
    account = email_key(email)
    limits = [(throttle.LOGIN_PER_IP, ip), (throttle.LOGIN_PER_ACCOUNT, f"{account}|{ip}")]
    _throttled(limits)
    user = find_user_by_email(email)
    valid = verify_password(user.password_hash if user else None, password)
    if not valid or not user.is_active:
        audited = entry("auth.login_failed", actor=user, actor_label=email[:254])
        throttle.keep_refused_attempt(limits, audited)
        raise Refused(_("Wrong e-mail address or password."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    start_session(user)
    record("auth.login", actor=user)
    return user


def log_out(user: User) -> None:
    record("auth.logout", actor=user)
    end_session(user)


def check_password_policy(user: User, password: str) -> None:
    problems = password_problems(password, context_words(user))
    if problems:
        raise Refused(problems[0])


def _set_password(user: User, password: str) -> None:
    check_password_policy(user, password)
    user.password_hash = hash_password(password)
    user.must_change_password = False
    user.credentials_version += 1  # kills every invitation or reset link sent before
    revoke_all_sessions(user)


def accept_link(user: User, password: str, purpose: str) -> None:
    """Set the password from an invitation or reset link, then log the user in."""
    _set_password(user, password)
    record(f"auth.password_set_by_{purpose}", actor=user, target=user)
    start_session(user)


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password; every other session of this user ends."""
    if not verify_password(user.password_hash, current):
        raise Refused(_("The current password is wrong."))
    _set_password(user, new)
    record("auth.password_changed", actor=user, target=user)
    start_session(user)


def request_password_reset(email: str, ip: str, form_key: str = "") -> None:
    """Count the request and leave the rest to a job run after the commit (auth.jobs), so
    that a known and an unknown address cost the request the same; the caller says the same
    thing either way.

    The same form sent twice (a double click) acts once: its one-time key is counted too.
    """
    if form_key and throttle.retry_after(throttle.RESET_FORM, form_key):
        return
    account = email_key(email)
    _throttled([(throttle.RESET_PER_IP, ip), (throttle.RESET_PER_ACCOUNT, account)])
    throttle.hit(throttle.RESET_PER_IP, ip)
    throttle.hit(throttle.RESET_PER_ACCOUNT, account)
    if form_key:
        throttle.hit(throttle.RESET_FORM, form_key)
    transaction.defer("password_reset", email, ip, g.get("request_id", ""))


def mail_password_reset(email: str, ip: str = "", request_id: str = "") -> bool:
    """Queue a reset link for EMAIL's account, if there is an active one; False if not.

    IP and REQUEST_ID are those of the request that asked, for the audit entry.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return False
    notifications.queue_password_reset(user)
    audit = record("auth.reset_requested", actor=user, target=user)
    audit.ip, audit.request_id = ip[:64], request_id
    return True


def create_user(
    actor: User,
    *,
    email: str,
    name: str,
    language: str,
    roles: dict,
    federation_code: str | None = None,
) -> User:
    """Create an account without a password and mail its invitation."""
    user = User(
        email=_checked_email(email), name=name, language=language, federation_code=federation_code
    )
    db.session.add(user)
    _apply_roles(actor, user, roles)
    db.session.flush()
    record(
        "user.created",
        actor=actor,
        target=user,
        details={"email": user.email, "roles": _roles(user), "federation": federation_code},
    )
    _invite(user, actor)
    return user


def _invite(user: User, actor: User) -> None:
    """Mail the invitation; its sending time lets the schedule remind before the link dies."""
    user.invited_at = utcnow()
    notifications.queue_invitation(user, actor)


def _may_manage(actor: User, user: User) -> None:
    """Nobody manages a user ranked above them; only administrators manage staff."""
    if not can_manage_user(actor, user):
        raise Forbidden(_("Only administrators manage staff and administrators."))


def send_invitation(actor: User, user: User) -> None:
    """Mail the invitation again to a user who has not chosen a password yet."""
    _may_manage(actor, user)
    if user.password_hash is not None:
        raise Conflict(_("This user has already chosen a password."))
    _invite(user, actor)
    record("user.invited", actor=actor, target=user)


def update_user(
    actor: User,
    user: User,
    *,
    email: str,
    name: str,
    language: str,
    roles: dict,
    federation_code: str | None = None,
) -> None:
    """Edit a user; losing a role logs them out everywhere."""
    _may_manage(actor, user)
    email = _checked_email(email, user)
    before = _roles(user)
    user.email, user.name, user.language = email, name, language
    _set_federation(actor, user, federation_code)
    _apply_roles(actor, user, roles)
    after = _roles(user)
    if before != after:
        record(
            "user.roles_changed",
            actor=actor,
            target=user,
            details={"before": before, "after": after},
        )
        if any(before[k] and not after[k] for k in before):
            revoke_all_sessions(user)
    db.session.flush()


def _set_federation(actor: User, user: User, code: str | None) -> None:
    """Record which regional federation USER represents (None: none)."""
    if user.federation_code != code:
        details = {"before": user.federation_code, "after": code}
        user.federation_code = code
        record("user.federation_changed", actor=actor, target=user, details=details)


def _roles(user: User) -> dict:
    return {"admin": user.is_admin, "staff": user.is_staff, "committee": user.is_committee}


def _apply_roles(actor: User, user: User, roles: dict) -> None:
    user.is_committee = bool(roles.get("committee"))
    if not can_grant_network_roles(actor):  # staff cannot make staff or administrators
        if roles.get("staff") or roles.get("admin"):
            raise Forbidden(_("Only administrators make staff or administrators."))
        return
    user.is_staff = bool(roles.get("staff"))
    if user.id != actor.id:  # nobody removes their own administrator role by mistake
        user.is_admin = bool(roles.get("admin"))
    elif roles.get("admin") is not None and not roles.get("admin"):
        raise Forbidden(_("You cannot remove your own administrator role."))


def set_disabled(actor: User, user: User, disabled: bool) -> None:
    """Disable an account (its sessions end at once) or enable it again."""
    _may_manage(actor, user)
    if user.id == actor.id:
        raise Forbidden(_("You cannot disable your own account."))
    if (user.disabled_at is not None) == disabled:
        # Done already (another tab, another member of staff): nothing to do or record.
        raise Conflict(
            _("This account is disabled already.")
            if disabled
            else _("This account is enabled already.")
        )
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        revoke_all_sessions(user)
    record("user.disabled" if disabled else "user.enabled", actor=actor, target=user)


def add_membership(
    actor: User, user: User, *, society, role, title, term_start, term_end, show_publicly: bool
) -> Membership:
    """Give USER a place in SOCIETY for a term, unless they hold it already for part of it."""
    _may_manage(actor, user)
    for held in user.memberships:
        if (
            held.society_id == society.id
            and held.role == role
            and _overlap(held, term_start, term_end)
        ):
            raise Conflict(
                _(
                    "%(name)s already holds this role in this society from %(start)s to "
                    "%(end)s: change the dates, or end that term first.",
                    name=user.name,
                    start=format_date(held.term_start, "long"),
                    end=format_date(held.term_end, "long") if held.term_end else "…",
                )
            )
    membership = Membership(
        society=society,
        role=role,
        title=title,
        term_start=term_start,
        term_end=term_end,
        show_publicly=show_publicly,
    )
    user.memberships.append(membership)
    db.session.flush()
    record(
        "membership.added",
        actor=actor,
        target=user,
        society=society,
        details={
            "membership": membership.id,
            "role": role.value,
            "title": title.value,
            "term_start": str(term_start),
            "term_end": str(term_end or ""),
        },
    )
    return membership


def _overlap(held: Membership, start, end) -> bool:
    """Whether HELD's term and the one from START to END (None: open) share a day."""
    return (held.term_end is None or start <= held.term_end) and (
        end is None or held.term_start <= end
    )


def end_membership(actor: User, membership: Membership) -> None:
    """End a term as of yesterday (or delete it if it had not begun); rights go at once."""
    _may_manage(actor, membership.user)
    yesterday = today() - timedelta(days=1)
    if membership.term_end is not None and membership.term_end <= yesterday:
        # Ended in another tab, or by its own end date: nothing to do, nothing to record.
        raise Conflict(
            _(
                "This term had already ended, on %(date)s.",
                date=format_date(membership.term_end, "long"),
            )
        )
    details = {"membership": membership.id, "role": membership.role.value}
    if membership.term_start > yesterday:
        db.session.delete(membership)
        action = "membership.removed"
    else:
        membership.term_end = min(membership.term_end or yesterday, yesterday)
        action = "membership.ended"
    revoke_all_sessions(membership.user)
    record(action, actor=actor, target=membership.user, society=membership.society, details=details)


def create_first_admin(email: str) -> str:
    """Create an administrator with a one-time password, returned to be printed once."""
    email = _checked_email(email)
    password = secrets.token_urlsafe(18)
    user = User(
        email=email,
        name=email.split("@")[0],
        is_admin=True,
        password_hash=hash_password(password),
        must_change_password=True,
    )
    db.session.add(user)
    db.session.flush()
    record(
        "user.created",
        target=user,
        actor_label="flask users create-admin",
        details={"email": email, "roles": _roles(user)},
    )
    return password
