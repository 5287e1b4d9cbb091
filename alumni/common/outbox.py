"""Delivering the outbox: claim a due row, send it, record the outcome.

Called by the task queue's worker (alumni/tasks.py), never inside a request in production.
A row is claimed by one conditional UPDATE (pending -> sending, only while it is pending and
due), committed before anything is sent, so two workers racing for it cannot both win. The
claim is a lease: a worker that died while sending leaves a "sending" row that becomes due
again after SENDING_LEASE. A failed attempt goes back to pending after a growing delay; after
the last one the row is failed, with the reason in last_error.
"""

import logging
from datetime import timedelta

from flask import g
from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from alumni.common import mail
from alumni.common.models import MailStatus, OutgoingMail
from alumni.common.time import utcnow
from alumni.extensions import db

logger = logging.getLogger("alumni.mail")
# Minutes to wait after the 1st, 2nd, ... failed attempt; one attempt more than delays.
BACKOFF_MINUTES = (1, 5, 30, 120, 720)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
SENDING_LEASE = timedelta(minutes=10)
table = OutgoingMail.__table__


def _due():
    now = utcnow()
    return (
        or_(table.c.status == MailStatus.PENDING, table.c.status == MailStatus.SENDING),
        table.c.next_attempt_at <= now,
    )


def deliver_pending(limit: int = 200) -> int:
    """Send every due message this worker manages to claim; the number sent."""
    with db.engine.connect() as connection:
        ids = connection.scalars(
            select(table.c.id).where(*_due()).order_by(table.c.id).limit(limit)
        ).all()
    return sum(_claim(mail_id) and _attempt(mail_id) for mail_id in ids)


def _claim(mail_id: int) -> bool:
    with db.engine.begin() as connection:
        claimed = connection.execute(
            update(table)
            .where(table.c.id == mail_id, *_due())
            .values(
                status=MailStatus.SENDING,
                attempts=table.c.attempts + 1,
                next_attempt_at=utcnow() + SENDING_LEASE,
            )
        )
        return claimed.rowcount == 1


def _attempt(mail_id: int) -> bool:
    with Session(db.engine) as session, session.begin():
        row = session.get(OutgoingMail, mail_id)
        try:
            mail.deliver(mail.message_for(row))
        except Exception as error:  # any refusal or outage: keep the reason, try again later
            _failed(row, error)
            return False
        row.status = MailStatus.SENT
        row.sent_at = utcnow()
        row.last_error = ""
        return True


def _failed(row: OutgoingMail, error: Exception) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = MailStatus.FAILED
    else:
        row.status = MailStatus.PENDING
        row.next_attempt_at = utcnow() + timedelta(minutes=BACKOFF_MINUTES[row.attempts - 1])
    logger.warning("mail %s to %s not sent: %s", row.id, row.recipient, row.last_error)


def retry(mail_id: int) -> bool:
    """Make a failed message due again at once, with a fresh count of attempts; False when it
    was not failed (any more). Delivered after the request's commit, like new mail."""
    done = db.session.execute(
        update(table)
        .where(table.c.id == mail_id, table.c.status == MailStatus.FAILED)
        .values(status=MailStatus.PENDING, attempts=0, next_attempt_at=utcnow())
    )
    g.mail_added = done.rowcount == 1 or g.get("mail_added", False)
    return done.rowcount == 1


def log(status: MailStatus | None = None) -> Select:
    """The mail log's rows, newest first; only those of STATUS when given."""
    query = select(OutgoingMail).order_by(OutgoingMail.id.desc())
    if status is not None:
        query = query.where(OutgoingMail.status == status)
    return query
