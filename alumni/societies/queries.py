"""Read-side queries for the directory, the country pages and the network figures."""

from dataclasses import dataclass, field

from babel import Locale
from sqlalchemy import Select, case, func, or_, select

from alumni.extensions import db
from alumni.societies.models import (
    Country,
    Federation,
    PublishedCount,
    RecordStatus,
    Region,
    Society,
    SocietyStatus,
    SocietyText,
)

# A closed society is kept for the record but no longer counts in the network's size.
COUNTED = Society.status != SocietyStatus.CLOSED


@dataclass
class GroupFigure:
    key: object  # a Federation, a Region or None
    societies: int
    countries: int


@dataclass
class NetworkFigures:
    published: PublishedCount | None
    societies: int
    countries: int
    by_federation: list[GroupFigure] = field(default_factory=list)
    by_region: list[GroupFigure] = field(default_factory=list)


def network_figures() -> NetworkFigures:
    """AOTS's latest published count beside what the directory actually lists."""
    published = db.session.scalars(
        select(PublishedCount).order_by(PublishedCount.as_of.desc()).limit(1)
    ).first()
    totals = db.session.execute(
        select(func.count(Society.id), func.count(func.distinct(Society.country_code))).where(
            COUNTED
        )
    ).one()
    return NetworkFigures(
        published=published,
        societies=totals[0],
        countries=totals[1],
        by_federation=_figures_by(Federation, Society.federation_code, Federation.code),
        by_region=_figures_by(Region, Society.region_code, Region.code),
    )


def _figures_by(model, society_column, key_column) -> list[GroupFigure]:
    counts = dict(
        (key, (n, c))
        for key, n, c in db.session.execute(
            select(
                society_column,
                func.count(Society.id),
                func.count(func.distinct(Society.country_code)),
            )
            .where(COUNTED)
            .group_by(society_column)
        )
    )
    groups = db.session.scalars(select(model).order_by(model.position)).all()
    figures = [GroupFigure(g, *counts.get(getattr(g, key_column.key), (0, 0))) for g in groups]
    if None in counts:
        figures.append(GroupFigure(None, *counts[None]))
    return figures


@dataclass
class DirectoryFilter:
    federation: str | None = None
    region: str | None = None
    country: str | None = None
    status: SocietyStatus | None = None
    q: str = ""


def directory(filters: DirectoryFilter, language: str) -> list[Society]:
    """Societies matching FILTERS: by country, named ones before placeholders, then code."""
    placeholder_last = case((Society.record_status == RecordStatus.PLACEHOLDER, 1), else_=0)
    query = select(Society).order_by(Society.country_code, placeholder_last, Society.code)
    query = _apply_filters(query, filters, language)
    return list(db.session.scalars(query).unique())


def _apply_filters(query: Select, filters: DirectoryFilter, language: str) -> Select:
    if filters.federation:
        query = query.where(Society.federation_code == filters.federation)
    if filters.region:
        query = query.where(Society.region_code == filters.region)
    if filters.country:
        query = query.where(Society.country_code == filters.country)
    if filters.status:
        query = query.where(Society.status == filters.status)
    if filters.q:
        query = query.where(_search_clause(filters.q, language))
    return query


def _search_clause(text: str, language: str):
    """Match names in any language, the city, the code, or the country's name as displayed."""
    needle = text.casefold()
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    named = select(SocietyText.society_id).where(
        func.lower(SocietyText.name).like(pattern, escape="\\")
    )
    countries = matching_countries(needle, language)
    return or_(
        Society.id.in_(named),
        func.lower(Society.city).like(pattern, escape="\\"),
        func.lower(Society.code).like(pattern, escape="\\"),
        Society.country_code.in_(countries),
    )


def matching_countries(needle: str, language: str) -> list[str]:
    """ISO codes whose name in LANGUAGE or English contains NEEDLE (already case-folded)."""
    codes = set()
    for locale in {Locale.parse(language), Locale("en")}:
        codes.update(c for c, name in locale.territories.items() if needle in name.casefold())
    return sorted(codes)


def listed_countries() -> list[tuple[Country, int]]:
    """Countries that have at least one society, with how many are counted there."""
    rows = db.session.execute(
        select(Country, func.count(Society.id))
        .join(Society, Society.country_code == Country.iso_code)
        .where(COUNTED)
        .group_by(Country.iso_code)
        .order_by(Country.iso_code)
    )
    return [(country, n) for country, n in rows]


def filter_choices() -> dict[str, list]:
    """What the directory's filters can offer."""
    return {
        "federations": db.session.scalars(select(Federation).order_by(Federation.position)).all(),
        "regions": db.session.scalars(select(Region).order_by(Region.position)).all(),
        "countries": db.session.scalars(
            select(Society.country_code).distinct().order_by(Society.country_code)
        ).all(),
    }


def get_society(code: str) -> Society | None:
    return db.session.scalars(select(Society).where(Society.code == code)).first()


def get_country(iso_code: str) -> Country | None:
    return db.session.get(Country, iso_code)


def societies_in(country: Country) -> list[Society]:
    return list(
        db.session.scalars(
            select(Society)
            .where(Society.country_code == country.iso_code)
            .order_by(
                case((Society.record_status == RecordStatus.PLACEHOLDER, 1), else_=0),
                Society.code,
            )
        )
    )


def all_societies() -> list[Society]:
    return list(db.session.scalars(select(Society).order_by(Society.code)))


def reference_lists() -> tuple[list[Country], list[Federation], list[Region]]:
    """Countries, federations and regions, for the staff forms' choices."""
    return (
        db.session.scalars(select(Country)).all(),
        db.session.scalars(select(Federation).order_by(Federation.position)).all(),
        db.session.scalars(select(Region).order_by(Region.position)).all(),
    )


def current_officers(society: Society) -> list:
    """The society's officers whose term runs today."""
    from alumni.auth.models import Membership, MembershipRole
    from alumni.common.time import today

    on = today()
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.society_id == society.id, Membership.role == MembershipRole.OFFICER)
        .order_by(Membership.title, Membership.id)
    ).all()
    return [m for m in rows if m.is_current(on)]


def public_officers(society: Society) -> list:
    """Current officers the society chose to show on its public page."""
    return [m for m in current_officers(society) if m.show_publicly]
