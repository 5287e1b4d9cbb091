"""Read-side queries for the directory, the country pages and the network figures."""

from dataclasses import dataclass, field

from babel import Locale
from flask import abort
from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import joinedload, lazyload

from alumni.auth.models import Membership, MembershipRole, OfficerTitle, User
from alumni.common.caching import per_version
from alumni.common.time import today
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
from alumni.societies.presenters import society_name

# A closed society is kept for the record but no longer counts in the network's size.
COUNTED = Society.status != SocietyStatus.CLOSED

# A society as a list or another page names it: its names in every language, in the statement
# that reads it, and nothing else (no links, no federation or country rows). Relative options,
# for a society reached through another row: joinedload(EventHost.society).options(*NAMED).
NAMED = (lazyload("*"), joinedload(Society.texts))


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


def network_figures() -> tuple[NetworkFigures, list[tuple[Country, int]]]:
    """AOTS's latest published count beside what the directory actually lists, and the
    countries that have a counted society with how many are counted there.

    One count of the counted societies by country, federation and region (a few hundred rows
    at most) is added up here into every figure.
    """
    published = db.session.scalars(
        select(PublishedCount).order_by(PublishedCount.as_of.desc()).limit(1)
    ).first()
    groups = db.session.execute(
        select(Country, Society.federation_code, Society.region_code, func.count(Society.id))
        .join(Society, Society.country_code == Country.iso_code)
        .where(COUNTED)
        .group_by(Country.iso_code, Society.federation_code, Society.region_code)
        .order_by(Country.iso_code)
    ).all()
    in_country: dict[str, int] = {}
    for country, _federation, _region, n in groups:
        in_country[country.iso_code] = in_country.get(country.iso_code, 0) + n
    figures = NetworkFigures(
        published=published,
        societies=sum(in_country.values()),
        countries=len(in_country),
        by_federation=_figures_by(Federation, [(g[1], g[0].iso_code, g[3]) for g in groups]),
        by_region=_figures_by(Region, [(g[2], g[0].iso_code, g[3]) for g in groups]),
    )
    countries = {g[0].iso_code: g[0] for g in groups}
    return figures, [(countries[code], n) for code, n in in_country.items()]


def _figures_by(model, counts: list[tuple[str | None, str, int]]) -> list[GroupFigure]:
    """One figure per federation or region in its own order, from (key, country, societies)
    rows; societies without a federation come last, under None."""
    societies: dict[str | None, int] = {}
    countries: dict[str | None, set[str]] = {}
    for key, country, n in counts:
        societies[key] = societies.get(key, 0) + n
        countries.setdefault(key, set()).add(country)
    groups = db.session.scalars(select(model).order_by(model.position)).all()
    figures = [
        GroupFigure(g, societies.get(g.code, 0), len(countries.get(g.code, ()))) for g in groups
    ]
    if None in societies:
        figures.append(GroupFigure(None, societies[None], len(countries[None])))
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


def matching_ids(text: str, language: str) -> set[int]:
    """The ids of the societies a directory search for TEXT finds."""
    query = select(Society.id).where(_search_clause(text, language))
    return set(db.session.scalars(query))


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


def filter_choices() -> dict[str, list]:
    """What the directory's filters can offer."""
    return {
        "federations": federations(),
        "regions": regions(),
        "countries": db.session.scalars(
            select(Society.country_code).distinct().order_by(Society.country_code)
        ).all(),
    }


def federations() -> list[Federation]:
    return list(db.session.scalars(select(Federation).order_by(Federation.position)))


def regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.position)))


def society_ids() -> dict[str, int]:
    """{code: id} of every society, read once per content version."""
    return per_version(
        "society_ids", (), lambda: dict(db.session.execute(select(Society.code, Society.id)).all())
    )


def get_society(code: str) -> Society | None:
    """The society with its names and links, in one statement."""
    return (
        db.session.scalars(
            select(Society)
            .where(Society.code == code)
            .options(joinedload(Society.texts), joinedload(Society.links))
        )
        .unique()
        .first()
    )


def get_federation(code: str) -> Federation | None:
    return db.session.get(Federation, code)


def federation_societies(federation: Federation) -> list[Society]:
    """The federation's societies with their names, in one statement, as the directory
    orders them."""
    placeholder_last = case((Society.record_status == RecordStatus.PLACEHOLDER, 1), else_=0)
    query = (
        select(Society)
        .where(Society.federation_code == federation.code)
        .order_by(Society.country_code, placeholder_last, Society.code)
        .options(*NAMED)
    )
    return list(db.session.scalars(query).unique())


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
    """Every society with its names (for choices and lists), in one statement."""
    query = select(Society).order_by(Society.code).options(*NAMED)
    return list(db.session.scalars(query).unique())


def society_choices() -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every society, by name: for other packages'
    forms (a membership's society), which need no Society objects."""
    pairs = ((s.code, society_name(s).text) for s in all_societies())
    return sorted(pairs, key=lambda pair: pair[1])


def reference_lists() -> tuple[list[Country], list[Federation], list[Region]]:
    """Countries, federations and regions, for the staff forms' choices."""
    return (
        db.session.scalars(select(Country)).all(),
        db.session.scalars(select(Federation).order_by(Federation.position)).all(),
        db.session.scalars(select(Region).order_by(Region.position)).all(),
    )


def current_officers(society: Society) -> list:
    """The society's officers whose term runs today."""
    on = today()
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.society_id == society.id, Membership.role == MembershipRole.OFFICER)
        .order_by(Membership.title, Membership.id)
        # The page names each officer; the society is the one at hand.
        .options(joinedload(Membership.user), lazyload(Membership.society))
    ).all()
    return [m for m in rows if m.is_current(on)]


def public_officers(society: Society) -> list:
    """Current officers the society chose to show on its public page."""
    return [m for m in current_officers(society) if m.show_publicly]


@dataclass(frozen=True)
class ShownOfficer:
    name: str
    title: OfficerTitle


def shown_officers(society: Society) -> list[ShownOfficer]:
    """public_officers' names and titles, as the society's page shows them: read as columns
    (no Membership or User objects, each with every column of the account)."""
    on = today()
    query = (
        select(User.name, Membership.title)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.society_id == society.id,
            Membership.role == MembershipRole.OFFICER,
            Membership.show_publicly.is_(True),
            Membership.term_start <= on,
            or_(Membership.term_end.is_(None), Membership.term_end >= on),
        )
        .order_by(Membership.title, Membership.id)
    )
    return [ShownOfficer(*row) for row in db.session.execute(query)]


def load_society(code: str) -> Society:
    """The society of a URL, for `requires(..., load=load_society)`; 404 when there is none."""
    return (get_society(code) if len(code) <= 40 else None) or abort(404)


def societies_by_country() -> dict[str, tuple[int, set[str]]]:
    """{country code: (counted societies, their federations' codes)} for the map."""
    rows = db.session.execute(
        select(Society.country_code, Society.federation_code, func.count(Society.id))
        .where(COUNTED)
        .group_by(Society.country_code, Society.federation_code)
    ).all()
    found: dict[str, tuple[int, set[str]]] = {}
    for code, federation, n in rows:
        count, federations = found.get(code, (0, set()))
        found[code] = (count + n, federations | ({federation} if federation else set()))
    return found
