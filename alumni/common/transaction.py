"""One commit per request, and mail only once that commit succeeded."""

from alumni.common import mail
from alumni.extensions import db


def commit() -> None:
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        mail.discard_queued()
        raise
    mail.send_queued()
