"""Read side of events: the public list with its filters, a society's history, series."""

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, or_, select

from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of
from alumni.common.time import today
from alumni.events.models import (
    Event,
    EventHost,
    EventStatus,
    EventTheme,
    Series,
    Theme,
)
from alumni.extensions import db
from alumni.societies.models import Society

# What the public sees: published events, and cancelled ones marked as such.
VISIBLE = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@dataclass
class EventFilter:
    kind: str | None = None
    federation: str | None = None
    region: str | None = None
    country: str | None = None
    society: str | None = None
    fiscal_year: int | None = None
    theme: str | None = None
    format: str | None = None
    when: str | None = None  # "upcoming" or "past"


def _hosted_by(*conditions):
    return exists(
        select(EventHost.id)
        .join(Society, Society.id == EventHost.society_id)
        .where(EventHost.event_id == Event.id, *conditions)
    )


def visible_events(filters: EventFilter) -> Select:
    """Public events matching FILTERS, newest first."""
    query = select(Event).where(Event.status.in_(VISIBLE))
    if filters.kind:
        query = query.where(Event.kind == filters.kind)
    if filters.format:
        query = query.where(Event.format == filters.format)
    if filters.federation:
        query = query.where(_hosted_by(Society.federation_code == filters.federation))
    if filters.region:
        query = query.where(_hosted_by(Society.region_code == filters.region))
    if filters.country:
        query = query.where(
            or_(
                Event.country_code == filters.country,
                _hosted_by(Society.country_code == filters.country),
            )
        )
    if filters.society:
        query = query.where(_hosted_by(Society.code == filters.society))
    if filters.fiscal_year:
        first, last = fiscal_year_bounds(filters.fiscal_year)
        query = query.where(Event.start_date.between(first, last))
    if filters.theme:
        query = query.where(
            exists(
                select(EventTheme.event_id)
                .join(Theme, Theme.id == EventTheme.theme_id)
                .where(EventTheme.event_id == Event.id, Theme.code == filters.theme)
            )
        )
    if filters.when == "upcoming":
        query = query.where(Event.end_date >= today())
    elif filters.when == "past":
        query = query.where(Event.end_date < today())
    order = Event.start_date.asc() if filters.when == "upcoming" else Event.start_date.desc()
    return query.order_by(order, Event.id.desc())


def event_page(filters: EventFilter, page: int, per_page: int = 20):
    return db.paginate(visible_events(filters), page=page, per_page=per_page, error_out=False)


def fiscal_years() -> list[int]:
    """Fiscal years that have public events, newest first."""
    bounds = db.session.execute(
        select(func.min(Event.start_date), func.max(Event.start_date)).where(
            Event.status.in_(VISIBLE)
        )
    ).one()
    if bounds[0] is None:
        return []
    return list(range(fiscal_year_of(bounds[1]), fiscal_year_of(bounds[0]) - 1, -1))


HISTORY_ON_PAGE = 20


def society_history(society: Society, limit: int = HISTORY_ON_PAGE) -> list[Event]:
    """The newest public events the society hosted or co-hosted (its page shows these and
    links to the full, paged list)."""
    hosted = exists(
        select(EventHost.id).where(
            EventHost.event_id == Event.id, EventHost.society_id == society.id
        )
    )
    query = (
        select(Event)
        .where(Event.status.in_(VISIBLE), hosted)
        .order_by(Event.start_date.desc(), Event.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def society_drafts(society: Society) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.status == EventStatus.DRAFT,
                exists(
                    select(EventHost.id).where(
                        EventHost.event_id == Event.id, EventHost.society_id == society.id
                    )
                ),
            )
            .order_by(Event.start_date.desc())
        )
    )


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def get_series(code: str) -> Series | None:
    return db.session.scalars(select(Series).where(Series.code == code)).first()


def series_of(society: Society) -> list[Series]:
    return list(
        db.session.scalars(
            select(Series).where(Series.society_id == society.id).order_by(Series.first_year)
        )
    )


def all_series() -> list[Series]:
    return list(db.session.scalars(select(Series).order_by(Series.code)))


def editions(series: Series, *, public_only: bool = True) -> list[Event]:
    query = select(Event).where(Event.series_id == series.id)
    if public_only:
        query = query.where(Event.status.in_(VISIBLE))
    return list(db.session.scalars(query.order_by(Event.edition_number.desc())))


def next_edition_number(series: Series) -> int:
    """One more than the highest edition entered so far (numbering may have gaps)."""
    highest = db.session.scalar(
        select(func.max(Event.edition_number)).where(Event.series_id == series.id)
    )
    return (highest or 0) + 1


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.code)))
