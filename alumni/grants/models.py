"""WNF applications (grants), their cooperating societies, budget, votes and history."""

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alumni.common.time import utcnow
from alumni.db import db, enum_column
from alumni.events.models import Event, EventFormat
from alumni.fund.models import YearTotal  # noqa: F401  (in fund; reports imports it here)
from alumni.societies.models import Society


class GrantStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DISBURSED = "disbursed"
    REPORTED = "reported"
    REPORT_RETURNED = "report_returned"
    REPORT_ACCEPTED = "report_accepted"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def title(self):
        return {
            "draft": _l("Draft"), "submitted": _l("Submitted"),
            "returned": _l("Returned for changes"), "under_review": _l("Under review"),
            "approved": _l("Approved"), "rejected": _l("Rejected"),
            "withdrawn": _l("Withdrawn"), "disbursed": _l("Disbursed"),
            "reported": _l("Reported"),
            "report_returned": _l("Report returned for changes"),
            "report_accepted": _l("Report accepted"),
            # Same English words as a society's or an event's status, other words elsewhere.
            "closed": lazy_pgettext("grant status", "Closed"),
            "cancelled": lazy_pgettext("grant status", "Cancelled"),
        }[self.value]  # fmt: skip


class CooperationRole(enum.StrEnum):
    RECOMMENDS_LECTURERS = "recommends_lecturers"
    RECRUITS_PARTICIPANTS = "recruits_participants"
    CO_ORGANISES = "co_organises"

    @property
    def title(self):
        return {
            "recommends_lecturers": _l("Recommends lecturers"),
            "recruits_participants": _l("Recruits participants"),
            "co_organises": _l("Co-organises"),
        }[self.value]


class VoteChoice(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    ABSTAIN = "abstain"

    @property
    def title(self):
        return {"approve": _l("Approve"), "reject": _l("Reject"), "abstain": _l("Abstain")}[
            self.value
        ]


class Grant(db.Model):
    __tablename__ = "grant_application"  # "grant" is a reserved word in SQL

    id: Mapped[int] = mapped_column(primary_key=True)
    host_society_id: Mapped[int] = mapped_column(ForeignKey("society.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    planned_start: Mapped[date]
    planned_end: Mapped[date]
    format: Mapped[EventFormat] = mapped_column(enum_column(EventFormat, "format"))
    planned_participants: Mapped[int | None]
    requested_amount: Mapped[int] = mapped_column(BigInteger)
    approved_amount: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[GrantStatus] = mapped_column(
        enum_column(GrantStatus, "status"), default=GrantStatus.DRAFT, index=True
    )
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"))
    actual_expenses: Mapped[int | None] = mapped_column(BigInteger)
    narrative: Mapped[str] = mapped_column(Text, default="")
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    # Every change claims the next version with a conditional UPDATE (status moves too).
    version: Mapped[int] = mapped_column(default=1)

    host: Mapped[Society] = relationship(lazy="joined")
    event: Mapped[Event | None] = relationship(lazy="joined")
    cooperations: Mapped[list["Cooperation"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Cooperation.id"
    )
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="BudgetLine.position"
    )
    report_lines: Mapped[list["ReportLine"]] = relationship(
        back_populates="grant",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ReportLine.position",
    )

    __table_args__ = (
        CheckConstraint("requested_amount BETWEEN 1 AND 1000000000", name="requested_range"),
        CheckConstraint(
            "approved_amount IS NULL OR approved_amount BETWEEN 1 AND requested_amount",
            name="approved_range",
        ),
        CheckConstraint(
            "actual_expenses IS NULL OR actual_expenses BETWEEN 0 AND 1000000000",
            name="expenses_range",
        ),
        CheckConstraint("planned_end >= planned_start", name="date_order"),
        CheckConstraint(
            "planned_participants IS NULL OR planned_participants BETWEEN 0 AND 1000000",
            name="participants_range",
        ),
    )


class Cooperation(db.Model):
    """A cooperating society and what it does for the programme."""

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grant_application.id", ondelete="CASCADE"))
    society_id: Mapped[int] = mapped_column(ForeignKey("society.id"))
    role: Mapped[CooperationRole] = mapped_column(enum_column(CooperationRole, "role"))

    society: Mapped[Society] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("grant_id", "society_id"),)


class BudgetLine(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grant_application.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (CheckConstraint("amount BETWEEN 0 AND 1000000000", name="amount_range"),)


class ReportLine(db.Model):
    """Money actually spent, against an approved budget line (or none: "other", with a label).

    The amount is in the currency spent; the officer gives that day's rate to yen, and the yen
    amount (rounded half up) is stored so the fund's arithmetic stays in integer yen. The id
    is stable across saves of the report: receipts are attached to it.
    """

    __tablename__ = "report_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(
        ForeignKey("grant_application.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_line.id"))
    label: Mapped[str] = mapped_column(String(200), default="")
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    spent_on: Mapped[date]
    rate: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    amount_yen: Mapped[int] = mapped_column(BigInteger)
    explanation: Mapped[str] = mapped_column(Text, default="")

    budget_line: Mapped[BudgetLine | None] = relationship(lazy="joined")
    grant: Mapped[Grant] = relationship(back_populates="report_lines")

    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_positive"),
        CheckConstraint("rate > 0", name="rate_positive"),
        CheckConstraint("amount_yen BETWEEN 0 AND 1000000000", name="yen_range"),
    )


class GrantTransition(db.Model):
    """One move of the workflow: who, when, from, to, why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(
        ForeignKey("grant_application.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254), default="")
    from_status: Mapped[GrantStatus] = mapped_column(enum_column(GrantStatus, "from_status"))
    to_status: Mapped[GrantStatus] = mapped_column(enum_column(GrantStatus, "to_status"))
    comment: Mapped[str] = mapped_column(Text, default="")


class Vote(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grant_application.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    choice: Mapped[VoteChoice] = mapped_column(enum_column(VoteChoice, "choice"))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    member = relationship("User", lazy="joined")

    __table_args__ = (UniqueConstraint("grant_id", "member_id"),)
