"""Throttling of logins and reset requests, counted in the database.

The database is shared by every app process, so the limits hold with several workers. Limits
are per IP address and per (account, IP) pair: an attacker elsewhere cannot lock a person out.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from alumni.audit.models import AuditEntry
from alumni.auth.models import ThrottleHit
from alumni.common.time import utcnow
from alumni.common.transaction import own_transaction, rollback
from alumni.extensions import db


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int
    window: timedelta


LOGIN_PER_IP = Limit("login-ip", 30, timedelta(minutes=15))
LOGIN_PER_ACCOUNT = Limit("login-account-ip", 5, timedelta(minutes=15))
RESET_PER_IP = Limit("reset-ip", 10, timedelta(hours=1))
RESET_PER_ACCOUNT = Limit("reset-account", 3, timedelta(hours=1))
# A reset form is anonymous, so the site's one-time form keys (common.once) do not cover it.
RESET_FORM = Limit("reset-form-key", 1, timedelta(days=1))


def _key(limit: Limit, value: str) -> str:
    return hashlib.sha256(f"{limit.scope}|{value.casefold()}".encode()).hexdigest()


def retry_after(limit: Limit, value: str) -> int | None:
    """Seconds to wait when VALUE used up LIMIT within its window; None when it may go on."""
    since = utcnow() - limit.window
    count, oldest = db.session.execute(
        select(func.count(ThrottleHit.id), func.min(ThrottleHit.at)).where(
            ThrottleHit.key_hash == _key(limit, value), ThrottleHit.at > since
        )
    ).one()
    if count < limit.attempts:
        return None
    return max(1, int((oldest - since).total_seconds()) + 1)


def hit(limit: Limit, value: str, session: Session | None = None) -> None:
    """Count one attempt, and forget attempts older than a day."""
    session = session or db.session
    now = utcnow()
    session.add(ThrottleHit(key_hash=_key(limit, value), at=now))
    session.execute(delete(ThrottleHit).where(ThrottleHit.at < now - timedelta(days=1)))


def keep_refused_attempt(limits: list[tuple[Limit, str]], audited: AuditEntry) -> None:
    """Count a refused attempt against LIMITS and keep its audit entry, whatever becomes of
    the request: a refusal rolls the unit of work back, so these go in a transaction of
    their own.

    The request's work is dropped first. Nothing of a refused attempt is kept anyway, and
    on SQLite its transaction holds the write lock from its BEGIN (alumni.db), which a
    second connection would wait for until the busy timeout.
    """
    rollback()
    with own_transaction() as session:
        for limit, value in limits:
            hit(limit, value, session)
        session.add(audited)
