"""Outgoing mail: stored with the change that caused it, delivered after the commit.

Services call `queue(message)`: each recipient gets a row in outgoing_mail, added to the
request's own unit of work, so a rollback leaves nothing to send (alumni/common/outbox.py
delivers the rows). With MAIL_SERVER set, mail goes over SMTP through Flask-Mail; without it
(the default for `make run`) each message is written to instance/outbox/ as an .eml file.
"""

import logging
from pathlib import Path

from flask import current_app, g
from flask_mail import Mail, Message
from sqlalchemy.exc import IntegrityError

from alumni.common.models import OutgoingMail
from alumni.common.time import utcnow
from alumni.extensions import db
from alumni.i18n import bcp47

mail = Mail()
logger = logging.getLogger("alumni.mail")


def queue(
    message: Message, kind: str = "", *, secret: bool = False, dedupe_key: str | None = None
) -> bool:
    """Store MESSAGE for delivery after the commit; False when DEDUPE_KEY was already queued.

    SECRET marks a body holding a password or invitation link, never shown on a page.
    The message's Content-Language is the recipient's configured code ("pt_BR"), kept as such
    in the row; message_for writes it as BCP 47 ("pt-BR") when the mail leaves.
    """
    headers = dict(message.extra_headers or {})
    language = headers.pop("Content-Language", None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    rows = [
        OutgoingMail(
            recipient=recipient,
            subject=message.subject,
            body=message.body or "",
            html=message.html,
            language=language,
            kind=kind,
            secret=secret,
            dedupe_key=dedupe_key if len(message.recipients) == 1 else None,
            headers=headers or None,
        )
        for recipient in message.recipients
    ]
    if dedupe_key is not None and _already_queued(rows):
        return False
    db.session.add_all(rows)
    g.mail_added = True
    return True


def _already_queued(rows: list[OutgoingMail]) -> bool:
    """Insert ROWS in a savepoint: a taken dedupe key undoes only this insert."""
    try:
        with db.session.begin_nested():
            db.session.add_all(rows)
    except IntegrityError:
        return True
    return False


def take_added() -> bool:
    """Whether the unit of work that just ended queued mail (and forget it)."""
    return bool(g.pop("mail_added", False))


def message_for(row: OutgoingMail) -> Message:
    return Message(
        subject=row.subject,
        recipients=[row.recipient],
        body=row.body,
        html=row.html,
        extra_headers={**(row.headers or {}), "Content-Language": bcp47(row.language)},
    )


def deliver(message: Message) -> None:
    if current_app.config.get("MAIL_SERVER"):
        mail.send(message)
        logger.info("mail sent to %s", ", ".join(message.recipients))
        return
    outbox = Path(current_app.instance_path) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{len(list(outbox.iterdir()))}.eml"
    path.write_bytes(message.as_bytes())
    logger.warning(
        "MAIL_SERVER is not set: mail to %s written to %s", ", ".join(message.recipients), path
    )
