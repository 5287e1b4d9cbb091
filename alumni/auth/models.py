"""Users, their network-wide roles, their society memberships and their login sessions."""

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from alumni.common.time import today, utcnow
from alumni.common.validators import EMAIL_LENGTH, ascii_email, email_key
from alumni.db import db, enum_column

if TYPE_CHECKING:  # the societies package sits above auth: the mapper resolves it by name
    from alumni.societies.models import Federation, Society


class MembershipRole(enum.StrEnum):
    OFFICER = "officer"
    MEMBER = "member"

    @property
    def title(self):
        return {"officer": _l("Officer"), "member": _l("Member")}[self.value]


class OfficerTitle(enum.StrEnum):
    PRESIDENT = "president"
    VICE_PRESIDENT = "vice_president"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    BOARD_MEMBER = "board_member"
    MEMBER = "member"

    @property
    def title(self):
        return {
            "president": _l("President"),
            "vice_president": _l("Vice-president"),
            "secretary": _l("Secretary"),
            "treasurer": _l("Treasurer"),
            "board_member": _l("Board member"),
            "member": _l("Member"),
        }[self.value]


class User(UserMixin, db.Model):
    # Written at every login; no page, cached part or header shows them (common.caching).
    not_shown_on_pages = frozenset(
        {"last_login_at", "password_hash", "credentials_version", "must_change_password"}
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)  # as typed, shown
    # What lookups compare (validators.email_key): "Ana@Bücher.example" and
    # "ana@xn--bcher-kva.example" are one account; the unique index holds it under races.
    email_normalized: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8), default="en")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Bumped whenever the password is set, so that a used invitation or reset link dies.
    credentials_version: Mapped[int] = mapped_column(default=0)
    # A password printed by `flask users create-admin` must be replaced at first login.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_staff: Mapped[bool] = mapped_column(default=False)
    is_committee: Mapped[bool] = mapped_column(default=False)
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Kinds of optional reminder this user turned off (alumni/auth/reminders.py), space-
    # separated: text rather than JSON, so that queries may still say DISTINCT over users.
    reminders_off: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # The regional federation this user represents (a committee member may): told with the
    # staff when a society of it files no report after three reminders. Never shown publicly.
    federation_code: Mapped[str | None] = mapped_column(ForeignKey("federation.code"), index=True)
    # When the last invitation was mailed: its link expires tokens.LIFETIMES["invite"] later.
    invited_at: Mapped[datetime | None] = mapped_column(index=True)

    federation: Mapped["Federation | None"] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @validates("email")
    def _fill_email_normalized(self, key: str, address: str) -> str:
        """Keep the compared form in step with every assignment of the address."""
        self.email_normalized = email_key(address)
        return address

    @property
    def delivery_address(self) -> str:
        """The address to send to: its domain in IDNA ASCII form."""
        return ascii_email(self.email)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.disabled_at is None

    def active_memberships(self, on: date | None = None) -> list["Membership"]:
        on = on or today()
        return [m for m in self.memberships if m.is_current(on)]


class Membership(db.Model):
    """A person's place in a society for a term; an expired term grants nothing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    society_id: Mapped[int] = mapped_column(ForeignKey("society.id"), index=True)
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole, "role"))
    title: Mapped[OfficerTitle] = mapped_column(enum_column(OfficerTitle, "title"))
    term_start: Mapped[date]
    term_end: Mapped[date | None]
    show_publicly: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="memberships")
    society: Mapped["Society"] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("term_end IS NULL OR term_end >= term_start", name="term_order"),
    )

    def is_current(self, on: date) -> bool:
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


class UserSession(db.Model):
    """A server-side login session: the cookie holds a random key, the table its hash.

    Logging out revokes the row, so a cookie copied before logout is dead afterwards.
    """

    # Bookkeeping no public page shows: writing it keeps cached pages (common.caching).
    shown_on_public_pages = False

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class ThrottleHit(db.Model):
    """One counted attempt (a failed login, a reset request) under a hashed key."""

    # Bookkeeping no public page shows: writing it keeps cached pages (common.caching).
    shown_on_public_pages = False

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
