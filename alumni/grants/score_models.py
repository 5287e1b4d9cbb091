"""Review criteria that staff configure, and the scores committee members give on them."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alumni.common.time import utcnow
from alumni.db import db

SCORES = range(1, 6)  # 1 (poor) to 5 (excellent)


class ReviewCriterion(db.Model):
    """One thing the committee scores an application on (relevance, budget...)."""

    __tablename__ = "review_criterion"
    shown_on_public_pages = False

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=100)
    # {"en": "Relevance", "ja": "…", "es": "…"}: content, like a theme's names.
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    # A used criterion is never deleted: deactivated, its past scores stay readable.
    active: Mapped[bool] = mapped_column(default=True)


class ReviewScore(db.Model):
    """A member's score of an application on one criterion; saving again updates it."""

    __tablename__ = "review_score"
    shown_on_public_pages = False  # saving scores leaves the page cache alone

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grant_application.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("review_criterion.id"), index=True)
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    member = relationship("User", lazy="joined")

    __table_args__ = (
        UniqueConstraint("grant_id", "member_id", "criterion_id"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )
