"""Site-wide state, and what keeps a form's posts safe to repeat."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from alumni.common.time import utcnow
from alumni.db import db


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
