"""A note to an invitee whose invitation link expires tomorrow, with a fresh link.

An invitation link lives tokens.LIFETIMES["invite"] (7 days); the day before it dies, an
invitee who has still not chosen a password (and whose account is enabled) gets a new link,
once per invitation: sending the invitation again starts a new one. Not a duty, so the
invitee may turn it off with the link it carries.
"""

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from alumni.auth import reminders
from alumni.auth.models import User
from alumni.auth.tokens import LIFETIMES, make_token
from alumni.common.urls import external_url
from alumni.extensions import db

INVITATION_EXPIRING = reminders.register(
    "invitation_expiring",
    _l("My invitation is about to expire"),
    audience=lambda user: user.password_hash is None,
)
NOTICE = timedelta(days=1)  # how long before the link expires


@reminders.daily
def remind_invitations_expiring(today: date) -> int:
    """Queue a fresh link for each invitation that expires by tomorrow; how many were queued."""
    # Sent on the day before the expiry, or on the expiry day itself when that run was missed.
    first_day = today - LIFETIMES["invite"]
    last_day = today - LIFETIMES["invite"] + NOTICE
    waiting = db.session.scalars(
        select(User)
        .where(
            User.password_hash.is_(None),
            User.disabled_at.is_(None),
            User.invited_at >= datetime.combine(first_day, time()),
            User.invited_at < datetime.combine(last_day + timedelta(days=1), time()),
        )
        .order_by(User.id)
    )
    return sum(_queue(user) for user in waiting)


def _queue(user: User) -> bool:
    return reminders.queue_reminder(
        user,
        INVITATION_EXPIRING,
        f"invite:{user.id}:{user.invited_at:%Y%m%d%H%M%S}",
        subject=lambda: _("Your invitation to the AOTS Alumni Network expires soon"),
        template="auth/invitation_expiring",
        secret=True,
        link=external_url("auth.accept_invitation", token=make_token(user, "invite")),
        days=LIFETIMES["invite"].days,
    )
