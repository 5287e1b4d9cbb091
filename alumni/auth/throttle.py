"""Throttling of logins and reset requests, counted in the database.

The database is shared by every app process, so the limits hold with several workers. Limits
are per IP address and per (account, IP) pair: an attacker elsewhere cannot lock a person out.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select

from alumni.auth.models import ThrottleHit
from alumni.common.time import utcnow
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


def hit(limit: Limit, value: str) -> None:
    """Count one attempt, and forget attempts older than a day."""
    now = utcnow()
    db.session.add(ThrottleHit(key_hash=_key(limit, value), at=now))
    db.session.execute(delete(ThrottleHit).where(ThrottleHit.at < now - timedelta(days=1)))
