"""The staff's weekly digest: completeness by federation, applications waiting, failed mail.

Mondays at 07:00 UTC each enabled staff user gets one, in their language, unless they turned
it off; the dedupe key (ISO week, user) makes a rerun or a second worker send nothing twice.
`flask reminders digest` sends this week's now. Everything in it is counted by the functions
the staff pages use (network.table, home.queries, backups.status), never counted again here.
"""

from datetime import date, datetime, time, timedelta

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from alumni import tasks
from alumni.auth import reminders
from alumni.auth.models import User
from alumni.common import backups
from alumni.common.fiscal import fiscal_year_of
from alumni.common.models import MailStatus, OutgoingMail
from alumni.common.time import today as today_utc
from alumni.common.time import utcnow
from alumni.common.transaction import commit
from alumni.common.urls import external_url
from alumni.events import network
from alumni.extensions import db
from alumni.home import queries

STAFF_DIGEST = reminders.register(
    "staff_digest", _l("Weekly digest for staff"), audience=lambda user: user.is_staff
)
FAILED_WITHIN = timedelta(days=7)


@tasks.scheduled("staff_digest", tasks.crontab(minute="0", hour="7", day_of_week="1"))
def send_staff_digest() -> int:
    queued = queue_digests(today_utc())
    commit()
    return queued


def queue_digests(today: date) -> int:
    """Queue this week's digest for every enabled staff user; how many were queued."""
    facts = _facts(today)
    return sum(_queue(user, today, facts) for user in _staff())


def _staff() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.is_staff.is_(True), User.disabled_at.is_(None))
            .order_by(User.id)
        )
    )


def _facts(today: date) -> dict:
    """What every staff user's digest says, in any language."""
    year = fiscal_year_of(today)
    return {
        "table": network.table(year, today),
        "waiting": len(queries.awaiting_committee()),
        "failed": failed_mail(datetime.combine(today, time()) - FAILED_WITHIN),
        "links": {
            "completeness": external_url("events.network_completeness", fy=year),
            "waiting": external_url("home.mine"),
            "failed": external_url("mail_log.index", status=MailStatus.FAILED.value),
        },
    }


def failed_mail(since: datetime) -> int:
    """Messages written since SINCE that failed for good."""
    return db.session.scalar(
        select(func.count())
        .select_from(OutgoingMail)
        .where(OutgoingMail.status == MailStatus.FAILED, OutgoingMail.created_at >= since)
    )


def _queue(user: User, today: date, facts: dict) -> bool:
    year, week, _day = today.isocalendar()
    monday = today - timedelta(days=today.weekday())
    with force_locale(user.language):
        backup = backups.status(utcnow())
    return reminders.queue_reminder(
        user,
        STAFF_DIGEST,
        f"digest:{year}-W{week:02d}:user-{user.id}",
        subject=lambda: _("Weekly digest: the week of %(date)s", date=format_date(monday, "long")),
        template="home/staff_digest",
        backup=backup,
        **facts,
    )
