"""AOTS's programme table, the yearly summary being prepared, and its published versions."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    LargeBinary,
    String,
    UniqueConstraint,
)
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


# AOTS's first fiscal year: a cumulative table counts from it.
FIRST_FISCAL_YEAR = 1959


class PeriodKind(enum.StrEnum):
    """What a programme table covers: one fiscal year, several, or every year since 1959."""

    FISCAL_YEAR = "fiscal_year"
    RANGE = "range"
    CUMULATIVE = "cumulative"

    @property
    def title(self):
        return {
            "fiscal_year": _l("One fiscal year"),
            "range": _l("A range of fiscal years"),
            "cumulative": _l("Cumulative since 1959"),
        }[self.value]


class ProgrammeTable(db.Model):
    """AOTS's table of participants per region × programme for one period (staff-imported)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    first_year: Mapped[int]
    last_year: Mapped[int]
    dash_for_zero: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    counts: Mapped[list["ProgrammeCount"]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("kind", "first_year", "last_year"),
        CheckConstraint("first_year BETWEEN 1959 AND 2200", name="first_year_range"),
        CheckConstraint("last_year BETWEEN first_year AND 2200", name="last_year_range"),
        CheckConstraint(
            "(kind = 'fiscal_year' AND first_year = last_year)"
            " OR (kind = 'range' AND first_year > 1959 AND first_year < last_year)"
            " OR (kind = 'cumulative' AND first_year = 1959)",
            name="period_shape",
        ),
    )


class ProgrammeCount(db.Model):
    """Participants of one AOTS programme from one region in a table's period; a share may be
    pinned to the value AOTS printed (where its print was adjusted by hand), with a note."""

    table_id: Mapped[int] = mapped_column(
        ForeignKey("programme_table.id", ondelete="CASCADE"), primary_key=True
    )
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    programme: Mapped[Programme] = mapped_column(
        enum_column(Programme, "programme"), primary_key=True
    )
    participants: Mapped[int]
    pinned_share: Mapped[int | None]  # tenths of a percent, as printed
    pin_note: Mapped[str] = mapped_column(String(500), default="")

    __table_args__ = (
        CheckConstraint("participants BETWEEN 0 AND 10000000", name="participants_range"),
        CheckConstraint("pinned_share BETWEEN 0 AND 1000", name="pinned_share_range"),
    )


class ProgrammeUpload(db.Model):
    """A file staff sent for a table, kept until its preview is applied (or replaced): what
    is applied is exactly what was previewed (its SHA-256 is posted back)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summary.id", ondelete="CASCADE"))
    kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind, "period_kind"))
    first_year: Mapped[int]
    last_year: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    dash_for_zero: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]


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
