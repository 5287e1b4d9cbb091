"""Outgoing mail: queued by services, sent only after the database commit succeeded.

With MAIL_SERVER set, mail goes over SMTP through Flask-Mail; without it (the default for
`make run`) each message is written to instance/outbox/ as an .eml file and logged.
"""

import logging
from pathlib import Path

from flask import current_app, g
from flask_mail import Mail, Message

from alumni.common.time import utcnow

mail = Mail()
logger = logging.getLogger("alumni.mail")


def queue(message: Message) -> None:
    g.setdefault("mail_queue", []).append(message)


def discard_queued() -> None:
    g.pop("mail_queue", None)


def send_queued() -> None:
    for message in g.pop("mail_queue", []):
        deliver(message)


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
