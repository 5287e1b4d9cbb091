"""Reference geography and the alumni societies."""

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alumni.db import db, enum_column

# AOTS's statistical regions, in the order its tables print them.
REGION_TITLES = {
    "asia": _l("Asia"),
    "latin_america": _l("Latin America"),
    "africa": _l("Africa"),
    "middle_east": _l("Middle East"),
    "europe": _l("Europe"),
    "oceania": _l("Oceania"),
    "north_america": _l("North America"),
}

# What part of the world each regional federation gathers; its acronym is its name.
FEDERATION_AREAS = {
    "CNAAS": _l("North-East Asia"),
    "FOSAAS": _l("South-East Asia"),
    "SAFAAS": _l("South Asia"),
    "AFAAS": _l("Africa"),
    "FELAAS": _l("Latin America"),
    "EFAAS": _l("Europe"),
}


class SocietyStatus(enum.StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    CLOSED = "closed"

    @property
    def title(self):
        return {
            "active": _l("Active"),
            "dormant": _l("Dormant"),
            "closed": _l("Closed"),
        }[self.value]


class RecordStatus(enum.StrEnum):
    """How much of a society's record is confirmed by a source."""

    CONFIRMED = "confirmed"  # official name known from a source
    DESCRIPTIVE = "descriptive"  # known to exist; the name is a description, not the official one
    PLACEHOLDER = "placeholder"  # only counted in a published per-country total; nothing else known

    @property
    def title(self):
        return {
            "confirmed": _l("Confirmed"),
            "descriptive": _l("Official name unconfirmed"),
            "placeholder": _l("Unconfirmed: counted by AOTS, name unknown"),
        }[self.value]


class Region(db.Model):
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int]

    @property
    def title(self):
        return REGION_TITLES.get(self.code, self.code)


class Federation(db.Model):
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_ja: Mapped[str] = mapped_column(String(200))
    founded_year: Mapped[int | None]
    position: Mapped[int]

    @property
    def area(self):
        return FEDERATION_AREAS.get(self.code, "")


class Country(db.Model):
    iso_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    region: Mapped[Region] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("length(iso_code) = 2", name="iso_code_length"),)


class Society(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Stable key for URLs and for the CSV import/export, e.g. "IN-KERALA".
    code: Mapped[str] = mapped_column(String(40), unique=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.iso_code"), index=True)
    federation_code: Mapped[str | None] = mapped_column(ForeignKey("federation.code"), index=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    founded_year: Mapped[int | None]
    founded_fiscal_year: Mapped[int | None]
    status: Mapped[SocietyStatus] = mapped_column(
        enum_column(SocietyStatus, "status"),
        default=SocietyStatus.ACTIVE,
    )
    status_since: Mapped[date | None]
    record_status: Mapped[RecordStatus] = mapped_column(
        enum_column(RecordStatus, "record_status"),
        default=RecordStatus.CONFIRMED,
    )
    original_language: Mapped[str] = mapped_column(String(8), default="en")
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Every save claims the next version with a conditional UPDATE (services._claim_version):
    # the second of two concurrent saves finds no row to update and is refused.
    version: Mapped[int] = mapped_column(default=1)

    country: Mapped[Country] = relationship(lazy="joined")
    federation: Mapped[Federation | None] = relationship(lazy="joined")
    region: Mapped[Region] = relationship(lazy="joined")
    texts: Mapped[list["SocietyText"]] = relationship(
        back_populates="society", cascade="all, delete-orphan", lazy="selectin"
    )
    links: Mapped[list["SocietyLink"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="SocietyLink.position"
    )

    __table_args__ = (
        CheckConstraint(
            "founded_year IS NULL OR founded_year BETWEEN 1900 AND 2200", name="founded_year_range"
        ),
        CheckConstraint(
            "founded_fiscal_year IS NULL OR founded_fiscal_year BETWEEN 1900 AND 2200",
            name="founded_fiscal_year_range",
        ),
    )

    def text_map(self, field: str) -> dict[str, str]:
        return {t.language: getattr(t, field) for t in self.texts if getattr(t, field)}

    def text_for(self, language: str) -> "SocietyText | None":
        return next((t for t in self.texts if t.language == language), None)


class SocietyText(db.Model):
    """A society's name and description in one language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    society_id: Mapped[int] = mapped_column(ForeignKey("society.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    society: Mapped[Society] = relationship(back_populates="texts")

    __table_args__ = (UniqueConstraint("society_id", "language"),)


class SocietyLink(db.Model):
    """A link a society wants shown besides its website (social media, newsletter...)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    society_id: Mapped[int] = mapped_column(ForeignKey("society.id", ondelete="CASCADE"))
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(String(300))

    __table_args__ = (UniqueConstraint("society_id", "position"),)


class PublishedCount(db.Model):
    """A network size as published by AOTS, dated and sourced; staff keep it current."""

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[date] = mapped_column(unique=True)
    societies: Mapped[int]
    countries: Mapped[int]
    source: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("societies >= 0 AND societies < 100000", name="societies_range"),
        CheckConstraint("countries >= 0 AND countries < 1000", name="countries_range"),
    )
