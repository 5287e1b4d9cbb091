"""A note to an officer whose term ends in TERM_WARNING_DAYS: time to elect or reappoint.

Sent once per (membership, term end): moving the end date starts a new notice, a rerun or a
second worker sends nothing twice. Not a duty, so officers may turn it off.
"""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from alumni.auth import reminders
from alumni.auth.models import Membership, User
from alumni.auth.queries import TERM_WARNING_DAYS, serving_officer
from alumni.common.urls import external_url
from alumni.extensions import db

TERM_ENDING = reminders.register("term_ending", _l("My officer term ends in 30 days"))


@reminders.daily
def remind_terms_ending(today: date) -> int:
    """Queue the notices for terms ending within the warning period; how many were queued."""
    last = today + timedelta(days=TERM_WARNING_DAYS)
    ending = db.session.scalars(
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(serving_officer(today), Membership.term_end.between(today, last))
        .order_by(Membership.term_end, Membership.id)
    )
    return sum(_queue(membership, today) for membership in ending)


def _queue(membership: Membership, today: date) -> bool:
    society = membership.society
    return reminders.queue_reminder(
        membership.user,
        TERM_ENDING,
        f"term:{membership.id}:{membership.term_end.isoformat()}",
        subject=lambda: _(
            "Your officer term ends on %(date)s", date=format_date(membership.term_end, "long")
        ),
        template="auth/term_ending",
        society=society,
        membership=membership,
        days=(membership.term_end - today).days,
        link=external_url("societies.society", code=society.code),
    )


def _long(day: date) -> str:
    return format_date(day, "long")
