"""Events, their hosts, texts, speakers and themes; series of recurring events."""

import enum
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.event import listens_for
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from alumni.common.time import utcnow
from alumni.db import db, enum_column
from alumni.societies.models import Society


class EventKind(enum.StrEnum):
    SEMINAR = "seminar"
    CONTEST_EDITION = "contest_edition"
    CONFERENCE = "conference"
    INTERNSHIP_SUPPORT = "internship_support"
    SOCIAL_CONTRIBUTION = "social_contribution"
    OTHER = "other"

    @property
    def title(self):
        return {
            "seminar": _l("Seminar"),
            "contest_edition": _l("5S contest edition"),
            "conference": _l("Conference or meeting"),
            "internship_support": _l("Internship support"),
            "social_contribution": _l("Social contribution"),
            "other": _l("Other"),
        }[self.value]


class EventFormat(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"

    @property
    def title(self):
        return {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}[
            self.value
        ]


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"  # once published: stays public, so calendars learn of it
    DISCARDED = "discarded"  # a draft given up: never public

    @property
    def title(self):
        return {
            "draft": _l("Draft"),
            "published": _l("Published"),
            "cancelled": _l("Cancelled"),
            "discarded": _l("Discarded"),
        }[self.value]


class Cadence(enum.StrEnum):
    YEARLY = "yearly"
    BIENNIAL = "biennial"
    IRREGULAR = "irregular"

    @property
    def title(self):
        return {
            "yearly": _l("Every year"),
            "biennial": _l("Every two years"),
            "irregular": _l("Irregular"),
        }[self.value]


class Theme(db.Model):
    """A theme from the managed list (TPS, 5S, kaizen...); staff add more."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # {"en": "Kaizen", "ja": "改善", "es": "Kaizen"}: content, not UI strings.
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(default=100)


class Series(db.Model):
    """A recurring event (a 5S contest...); its editions are events with a number."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    society_id: Mapped[int] = mapped_column(ForeignKey("society.id"), index=True)
    cadence: Mapped[Cadence] = mapped_column(enum_column(Cadence, "cadence"))
    first_year: Mapped[int]
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    original_language: Mapped[str] = mapped_column(String(8), default="en")
    is_example: Mapped[bool] = mapped_column(default=False)

    society: Mapped[Society] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("first_year BETWEEN 1950 AND 2200", name="first_year"),)


class Event(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "kind"))
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "status"), default=EventStatus.DRAFT
    )
    start_date: Mapped[date]
    end_date: Mapped[date]
    # Both optional: without a start time the event is all-day (a DATE in the calendar).
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    format: Mapped[EventFormat] = mapped_column(enum_column(EventFormat, "format"))
    venue: Mapped[str] = mapped_column(String(300), default="")
    country_code: Mapped[str | None] = mapped_column(ForeignKey("country.iso_code"))
    original_language: Mapped[str] = mapped_column(String(8), default="en")
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id"), index=True)
    edition_number: Mapped[int | None]
    # The lead host, chosen when the event is created and never changed (co-hosts come and
    # go in event_host, which also holds the lead). On the event itself, a year's counts by
    # lead host need no join with every host of every event.
    lead_society_id: Mapped[int] = mapped_column(ForeignKey("society.id"), index=True)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # Claimed by a conditional UPDATE on every save: see services.claim_version.
    version: Mapped[int] = mapped_column(default=1)

    hosts: Mapped[list["EventHost"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by=lambda: EventHost.id,  # the lead first: its row is added with the event
    )
    texts: Mapped[list["EventText"]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    speakers: Mapped[list["Speaker"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Speaker.position"
    )
    themes: Mapped[list[Theme]] = relationship(
        secondary="event_theme", lazy="selectin", order_by="Theme.position"
    )
    series: Mapped[Series | None] = relationship(lazy="joined")
    report: Mapped["ParticipationReport | None"] = relationship(
        back_populates="event", lazy="selectin", uselist=False
    )

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="date_order"),
        CheckConstraint(
            "end_time IS NULL OR (start_time IS NOT NULL"
            " AND (end_date > start_date OR end_time >= start_time))",
            name="time_order",
        ),
        CheckConstraint(
            "edition_number IS NULL OR edition_number BETWEEN 1 AND 1000", name="edition_range"
        ),
        CheckConstraint("(series_id IS NULL) = (edition_number IS NULL)", name="edition_pair"),
        UniqueConstraint("series_id", "edition_number"),
        # Lists are read newest first, by (start_date, id), and only public statuses count:
        # with the status in the index, paging and counting need not read the rows. There is
        # no index on the status alone: almost every event is public, and SQLite, which keeps
        # no statistics here, would take such an index for a selective one.
        Index("ix_event_start_date_id_status", "start_date", "id", "status"),
        Index("ix_event_kind_start_date_id_status", "kind", "start_date", "id", "status"),
        # The events held in a country, newest first: one side of the country filter
        # (queries.page_ids; migration 0025).
        Index(
            "ix_event_country_code_start_date_id_status",
            "country_code",
            "start_date",
            "id",
            "status",
        ),
        # The upcoming ones: where the list of upcoming events starts (migration 0021).
        Index("ix_event_end_date_start_date", "end_date", "start_date"),
        # The drafts, a handful among all events, for the officers' society pages (migration
        # 0022): partial, so no other query sees an index on the status.
        Index(
            "ix_event_draft_start_date",
            "start_date",
            postgresql_where=text("status = 'draft'"),
            sqlite_where=text("status = 'draft'"),
        ),
    )

    @property
    def lead_host(self) -> "EventHost":
        return next(h for h in self.hosts if h.is_lead)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def text_map(self, field: str) -> dict[str, str]:
        return {t.language: getattr(t, field) for t in self.texts if getattr(t, field)}


class EventHost(db.Model):
    """A society hosting an event: one lead host, any number of co-hosts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    society_id: Mapped[int] = mapped_column(ForeignKey("society.id"))
    # A copy of the event's first day, so a society's events are found in date order from
    # its host rows alone (migration 0024); kept by _copy_start_dates, never set by hand.
    start_date: Mapped[date]

    event: Mapped[Event] = relationship(back_populates="hosts")
    society: Mapped[Society] = relationship(lazy="joined")

    @property
    def is_lead(self) -> bool:
        # A host added in this request has its society but no society_id until the flush.
        society_id = self.society.id if self.society_id is None else self.society_id
        return society_id == self.event.lead_society_id

    __table_args__ = (
        UniqueConstraint("event_id", "society_id"),
        # A society's events in date order, found from its host rows without reading them:
        # a page of its newest (or a date window) is a short walk of the index.
        Index(
            "ix_event_host_society_id_start_date_event_id", "society_id", "start_date", "event_id"
        ),
    )


@listens_for(Session, "before_flush")
def _copy_start_dates(session: Session, _context, _instances) -> None:
    """Each host row gets its event's first day at every flush: whatever code adds a host or
    moves an event (the services, the examples, a test), none can forget it. Rows inserted
    in bulk (alumni/benchdata.py) give it themselves."""
    for instance in (*session.new, *session.dirty):
        if isinstance(instance, EventHost) and instance.event is not None:
            instance.start_date = instance.event.start_date
        elif isinstance(instance, Event) and _moved(instance):
            for host in instance.hosts:
                host.start_date = instance.start_date


def _moved(event: Event) -> bool:
    """A new event, or one whose first day changed (its hosts are then read, not before)."""
    state = inspect(event)
    return state.transient or state.pending or state.attrs.start_date.history.has_changes()


class EventText(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("event_id", "language"),)


class Speaker(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("country.iso_code"))
    society_id: Mapped[int | None] = mapped_column(ForeignKey("society.id"))

    society: Mapped[Society | None] = relationship(lazy="joined")

    # An event's page reads its speakers in order (migration 0022).
    __table_args__ = (Index("ix_speaker_event_id_position", "event_id", "position"),)


class EventTheme(db.Model):
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id"), primary_key=True, index=True)


class ContestEntry(db.Model):
    """A company or team entered in a contest edition, and what it won, if anything."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(120), default="")
    award: Mapped[str] = mapped_column(String(120), default="")


class ParticipationReport(db.Model):
    """After an event: 延べ attendance (the headline), distinct people, by country."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    attendance_total: Mapped[int]  # 延べ: summed over days or sessions
    distinct_participants: Mapped[int | None]
    speakers_count: Mapped[int | None]
    # First filed (corrections do not move it): on time when within the due days of the end.
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    event: Mapped[Event] = relationship(back_populates="report")
    countries: Mapped[list["ReportCountry"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ReportCountry.country_code"
    )

    __table_args__ = (
        CheckConstraint("attendance_total BETWEEN 0 AND 1000000", name="total_range"),
        CheckConstraint(
            "distinct_participants IS NULL OR distinct_participants BETWEEN 0 AND attendance_total",
            name="distinct_range",
        ),
        CheckConstraint(
            "speakers_count IS NULL OR speakers_count BETWEEN 0 AND 10000", name="speakers_range"
        ),
    )

    @property
    def country_total(self) -> int:
        return sum(c.attendance for c in self.countries)

    @property
    def country_not_stated(self) -> int:
        return self.attendance_total - self.country_total


class ReportCountry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("participation_report.id", ondelete="CASCADE"), index=True
    )
    country_code: Mapped[str] = mapped_column(ForeignKey("country.iso_code"))
    attendance: Mapped[int]

    __table_args__ = (
        UniqueConstraint("report_id", "country_code"),
        CheckConstraint("attendance BETWEEN 1 AND 1000000", name="attendance_range"),
    )


class ReportRevision(db.Model):
    """Each saved version of a report, kept as it was: the report's history."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("participation_report.id", ondelete="CASCADE"), index=True
    )
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    saved_by_label: Mapped[str] = mapped_column(String(254), default="")
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
