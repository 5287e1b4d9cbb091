"""AOTS's programme table, the yearly summary being prepared, and its published versions."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alumni.common.time import utcnow
from alumni.db import db, enum_column


class Programme(enum.StrEnum):
    """The columns of AOTS's yearly table of participants per region."""

    JAPAN_TRAINING = "japan_training"
    OVERSEAS_TRAINING = "overseas_training"
    ENDOWED_COURSES = "endowed_courses"
    EXPERT_DISPATCH = "expert_dispatch"
    INTERNSHIP = "internship"

    @property
    def title(self):
        return {
            "japan_training": _l("Japan-based training"),
            "overseas_training": _l("Overseas training"),
            "endowed_courses": _l("Endowed courses"),
            "expert_dispatch": _l("Expert dispatch"),
            "internship": _l("Internship"),
        }[self.value]


class ProgrammeCount(db.Model):
    """Participants of one AOTS programme from one region in one fiscal year (staff-entered)."""

    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    programme: Mapped[Programme] = mapped_column(
        enum_column(Programme, "programme"), primary_key=True
    )
    participants: Mapped[int]

    __table_args__ = (
        CheckConstraint("participants BETWEEN 0 AND 10000000", name="participants_range"),
    )


class Summary(db.Model):
    """The working copy of a fiscal year's summary: its topics, per language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(unique=True)
    topics: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: sanitised HTML}
    links: Mapped[dict] = mapped_column(JSON, default=dict)  # {"events": [...], ...}
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    versions: Mapped[list["SummaryVersion"]] = relationship(
        order_by="SummaryVersion.number", lazy="selectin", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint("fiscal_year BETWEEN 1959 AND 2200", name="year_range"),)

    @property
    def latest(self) -> "SummaryVersion | None":
        return self.versions[-1] if self.versions else None


class SummaryVersion(db.Model):
    """A published, frozen summary: later edits of events or the ledger do not change it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summary.id", ondelete="CASCADE"))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(254), default="")
    snapshot: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("summary_id", "number"),)
