"""Site-wide state, and what keeps a form's posts safe to repeat."""

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from alumni.common.time import utcnow
from alumni.db import db, enum_column


class SiteState(db.Model):
    """One row: a counter bumped after every commit that changed content (see caching.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    content_version: Mapped[int] = mapped_column(BigInteger, default=0)

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)


class FormSubmission(db.Model):
    """A form's one-time key, claimed by the first post that carried it.

    A second post of the same form (a double click, a resent request) finds the key taken and
    is sent to the first one's result instead of making a copy.
    """

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    result_url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    shown_on_public_pages = False


class HeldForm(db.Model):
    """What was typed into a form whose login session had expired, until the user is back."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(String(500))
    fields: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    shown_on_public_pages = False


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutgoingMail(db.Model):
    """A message written in the unit of work that caused it, delivered by a worker after it.

    A rollback removes the row with the change, so no mail announces what was not saved; a
    down SMTP server leaves it pending for the next attempt. SECRET marks bodies holding a
    password or invitation link: they are delivered but never shown on any page.
    """

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    secret: Mapped[bool] = mapped_column(default=False)
    status: Mapped[MailStatus] = mapped_column(
        enum_column(MailStatus, "status"), default=MailStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # For messages that must go once per (object, stage), such as reminders: "grant:7:due-1".
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # Extra headers sent with the message, such as List-Unsubscribe.
    headers: Mapped[dict | None] = mapped_column(JSON)

    shown_on_public_pages = False
