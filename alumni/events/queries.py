"""Read side of events: the public list with its filters, a society's history, series.

Every public read says what it loads with the events (lazyload("*") first, then each
relationship the page shows), so a page runs the same statements however many events there
are. The conditions are written for the plan SQLite should follow, as it keeps no statistics
here to choose one; PostgreSQL plans the IN and EXISTS forms used below alike.
"""

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.orm import joinedload, lazyload, selectinload

from alumni.common.caching import per_version
from alumni.common.fiscal import fiscal_year_bounds, fiscal_year_of
from alumni.common.time import today
from alumni.events import partners
from alumni.events.models import (
    ContestEntry,
    Event,
    EventFormat,
    EventHost,
    EventKind,
    EventStatus,
    EventText,
    EventTheme,
    ParticipationReport,
    ReportRevision,
    Series,
    Speaker,
    Theme,
)
from alumni.extensions import db
from alumni.files.models import Attachment
from alumni.societies.models import Federation, Region, Society
from alumni.societies.presenters import Shown
from alumni.societies.queries import NAMED

# What the public sees: published events, and cancelled ones marked as such.
VISIBLE = (EventStatus.PUBLISHED, EventStatus.CANCELLED)

# An event in a list: its titles, its hosts' names and its headline attendance, read in the
# statement that reads the page (a few rows per event).
LISTED = (
    lazyload("*"),
    joinedload(Event.texts),
    joinedload(Event.hosts).joinedload(EventHost.society).options(*NAMED),
    joinedload(Event.report).lazyload("*"),
)

# An event in a calendar or a feed (at most a few hundred): one more statement per
# relationship shown, each listing the events' ids (selectin reads up to 500 at a time).
IN_CALENDAR = (lazyload("*"), selectinload(Event.texts), selectinload(Event.themes))
IN_FEED = (
    lazyload("*"),
    selectinload(Event.texts),
    selectinload(Event.hosts).joinedload(EventHost.society).options(*NAMED),
)


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


def _among(ids: Select, *, probe: bool) -> ColumnElement[bool]:
    """Events whose id IDS (a select of event ids) yields.

    PROBE checks each event the other conditions leave (EXISTS): best when they leave few
    (one fiscal year), or when the list is read in date order and stops at a page. Otherwise
    the ids are listed once and the events read by id (IN): best for a count over all years.
    """
    # Correlated with the event alone: the list may read a society's host rows already
    # (visible_events), and IDS then reads others of its own.
    if probe:
        return exists(ids.where(ids.selected_columns[0] == Event.id).correlate(Event))
    return Event.id.in_(ids.correlate(None))


def _hosted_by(condition, *, probe: bool) -> ColumnElement[bool]:
    """Events a society matching CONDITION hosts or co-hosts."""
    hosts = select(EventHost.event_id).join(Society, Society.id == EventHost.society_id)
    return _among(hosts.where(condition), probe=probe)


# Societies few enough that their host rows lead (listed once by the host index) rather than
# each event in date order being probed for a host among them.
LEAD_AT_MOST = 3


def _hosted_by_ids(
    ids: tuple[int, ...], *, probe: bool, lead_at_most: int = LEAD_AT_MOST
) -> ColumnElement[bool]:
    """Events one of the societies IDS hosts or co-hosts (none when IDS is empty)."""
    if not ids:
        return false()
    probe = probe and len(ids) > lead_at_most
    society = EventHost.society_id
    if probe and db.session.get_bind().dialect.name == "sqlite":
        # A probe reads the event's one or two host rows and tests each society: by the bare
        # column SQLite sought (event_id, society_id) once per id listed, a dozen seeks an
        # event for a federation (an expression cannot be sought: 31 -> 23 ms for a deep
        # page of a federation's theme at scale 10, 73 -> 46 for a federation and a region).
        # PostgreSQL probes so already; given the expression, it read every host row to
        # hash the matches where it had read them by the society's index (2 -> 3.4 ms).
        society = society + 0
    hosts = select(EventHost.event_id).where(society.in_(ids))
    return _among(hosts, probe=probe)


def _host_conditions(
    filters: EventFilter, hosts, probe: bool, leading: bool
) -> list[ColumnElement[bool]]:
    """The federation, region, country and society filters: from HOSTS (the society ids each
    value stands for, filter_choices.Hosts) when given, else by joining each host's society;
    LEADING when the society's host rows are the ones read (_society_leading): no condition
    then for the society."""
    conditions = []
    implied = _implied(filters, hosts) if hosts is not None else set()
    # Behind the society's host rows PostgreSQL, given the other filters' ids as a list,
    # joined them to every event (370 ms at scale 10 for a society and a country it is not
    # in); it is told to probe each event the walk gives (70 ms). SQLite listed the host rows
    # of the country's few societies (20,000) once per page: since its probe reads an event's
    # host rows by the event (_hosted_by_ids), probing is cheaper there too (9.4 -> 4.0 ms).
    probed = leading
    for name in HOST_FILTERS:
        code = getattr(filters, name)
        if not code or (leading and name == "society") or name in implied:
            continue
        if hosts is not None:
            ids = hosts.ids(name, code)
            hosted = _hosted_by_ids(
                ids, probe=probe or probed, lead_at_most=0 if probed else LEAD_AT_MOST
            )
        else:
            column = getattr(Society, f"{name}_code" if name != "society" else "code")
            # One society hosts a small share of all events: its host rows always lead.
            hosted = _hosted_by(column == code, probe=probed or (probe and name != "society"))
        if name == "country":
            hosted = or_(Event.country_code == code, hosted)
        conditions.append(hosted)
    return conditions


HOST_FILTERS = ("federation", "region", "country", "society")


def _implied(filters: EventFilter, hosts) -> set[str]:
    """The host filters another one chosen implies, which need no condition: those whose
    societies (HOSTS) include all of a federation's, a region's or a society's also chosen,
    as one of them hosts every event listed (a country's too: it also takes the events held
    there). Of two of the same societies one is kept. Each condition is a probe of
    every event read: a region with its federation in it cost twice one."""
    chosen = {n: set(hosts.ids(n, c)) for n in HOST_FILTERS if (c := getattr(filters, n))}
    implied: set[str] = set()
    for name, ids in chosen.items():
        others = (o for o in ("federation", "region", "society") if o != name and o in chosen)
        if any(o not in implied and chosen[o] <= ids for o in others):
            implied.add(name)
    return implied


def _conditions(
    filters: EventFilter, *, every: bool = False, hosts=None, start=Event.start_date
) -> list[ColumnElement[bool]]:
    """The WHERE of the public list for FILTERS; EVERY when every match is read rather than
    a page of the newest (see _among); HOSTS as in _host_conditions. START is the first day
    the dates are read from: EventHost.start_date when the society's host rows lead."""
    probe = bool(filters.fiscal_year) or not every
    # The event's own columns first: SQLite tests them in this order, before any probe.
    conditions = [Event.status.in_(VISIBLE)]
    if filters.kind:
        conditions.append(Event.kind == filters.kind)
    if filters.format:
        conditions.append(Event.format == filters.format)
    if filters.fiscal_year:
        first, last = fiscal_year_bounds(filters.fiscal_year)
        conditions.append(start.between(first, last))
    conditions += _when(filters.when, start)
    conditions += _host_conditions(filters, hosts, probe, leading=start is not Event.start_date)
    if filters.theme:
        # Probed even for every match: a theme is on a good share of all events, and listing
        # its rows cost an export of the newest 20,000 twice the probes (measured at scale 10).
        conditions.append(_among(_themed(filters.theme, hosts), probe=True))
    return conditions


def _themed(code: str, hosts) -> Select:
    """The ids of the events with the theme CODE: by the theme's id when HOSTS knows it (the
    planners then know how many events have it; through the theme's code PostgreSQL guessed
    and joined all 72,000 rows of a theme at scale 10 to one society's few)."""
    if hosts is not None and code in hosts.themes:
        return select(EventTheme.event_id).where(EventTheme.theme_id == hosts.themes[code])
    joined = select(EventTheme.event_id).join(Theme, Theme.id == EventTheme.theme_id)
    return joined.where(Theme.code == code)


def _when(when: str | None, start=Event.start_date) -> list[ColumnElement[bool]]:
    if when == "past":
        return [Event.end_date < today()]
    if when != "upcoming":
        return []
    # The upcoming list is read oldest first: it starts at the first day of the earliest
    # event not over yet, not at the oldest event. That day is found once per content
    # version and day: in each list's statement it read every event not over yet (4,665
    # index rows at scale 10, ten times those at scale 1: 1 ms a page).
    first = per_version("upcoming_from", (today(),), _upcoming_from, most=2)
    if first is None:
        return [false()]  # nothing is over later than today
    return [Event.end_date >= today(), start >= first]


def _upcoming_from() -> date | None:
    """The first day of the earliest event not over yet (a short read of
    ix_event_end_date_start_date). An expression (not the bare column) keeps SQLite and
    PostgreSQL from reading MIN through the start date's index from the oldest event on
    (PostgreSQL drops date() of a date: coalesce it is; 355,000 rows read at scale 10)."""
    earliest = func.min(func.coalesce(Event.start_date, Event.start_date))
    return db.session.scalar(select(earliest).where(Event.end_date >= today()))


def visible_events(
    filters: EventFilter, *, hosts=None, entity=Event, every=False, since: date | None = None
) -> Select:
    """Public events matching FILTERS, newest first (the oldest first for upcoming ones);
    EVERY when all are read (an export), not the first page: see _among; SINCE the first day
    of the oldest (a calendar's window)."""
    return _in_order(filters, hosts, entity, every, since)[0]


def _in_order(filters: EventFilter, hosts, entity, every=False, since=None):
    """visible_events, and the column of the first day it is ordered by."""
    society = _society_leading(filters, hosts)
    if society is not None:
        # The society's host rows, in the order of their index (society_id, start_date,
        # event_id): a page is a short walk of it, each event probed by its id, where every
        # host row of the society was read and its events sorted.
        query = select(entity).join(
            EventHost, (EventHost.event_id == Event.id) & (EventHost.society_id == society)
        )
        start, tie = EventHost.start_date, EventHost.event_id
    else:
        query, start, tie = select(entity), Event.start_date, Event.id
    order = start.asc() if filters.when == "upcoming" else start.desc()
    conditions = _conditions(filters, every=every, hosts=hosts, start=start)
    if since is not None:
        conditions.append(start >= since)
    return query.where(*conditions).order_by(order, tie.desc()), start


def page_ids(
    filters: EventFilter, limit: int, offset: int = 0, hosts=None, again: bool = False
) -> Select:
    """The ids of the LIMIT events after the first OFFSET of the list for FILTERS; AGAIN
    when the one asking lists the same society again and again (see _among_partners).

    With a country of a few societies and no society chosen, the events held in the country
    and those each of its societies hosts are read apart, each in date order and only as far
    as the page goes, then merged: as one OR, SQLite read every match of both sides and sorted
    them all (all the host rows of the country's societies, 17 ms at scale 10, growing with
    the data). Each side is a walk of an index in the list's order (the events' by country,
    migration 0025; the host rows', 0024), which stops after OFFSET + LIMIT rows; an event of
    two sides (held there and hosted, or co-hosted by two of its societies) is listed once.
    """
    filters = _narrowed(filters, hosts)
    if again and (found := _among_partners(filters, hosts, offset + limit)) is not None:
        return found.limit(limit).offset(offset)
    sides = _country_sides(filters, hosts)
    if sides is None:
        query = visible_events(filters, hosts=hosts, entity=Event.id)
        return query.limit(limit).offset(offset)
    parts = [
        select(query.add_columns(start.label("start_date")).limit(offset + limit).subquery())
        for query, start in sides
    ]
    merged = union(*parts).subquery()
    first = merged.c.start_date
    order = first.asc() if filters.when == "upcoming" else first.desc()
    return select(merged.c.id).order_by(order, merged.c.id.desc()).limit(limit).offset(offset)


def _among_partners(filters: EventFilter, hosts, most: int) -> Select | None:
    """The list of a society and a federation, region or country it is not in, or a kind, read
    from the ids of its events that can match (partners.Partners) when they are fewer than the
    host rows the walk would read (_walked), each of them read once. None otherwise, or
    without a society leading.

    Only for one who lists the same society again and again (page_ids' AGAIN: an officer,
    their own), where a visitor's lists name a society once or twice in a content version,
    each time paying for its partners about what the walk costs (partners.partners)."""
    society = _society_leading(filters, hosts)
    if not isinstance(society, int):
        return None
    implied = _implied(filters, hosts)
    chosen = [n for n in HOST_FILTERS[:3] if getattr(filters, n) and n not in implied]
    if not chosen and not filters.kind:
        return None
    home = next((c for c, ids in hosts.by["country"].items() if society in ids), None)
    found = partners.partners(society, home)
    if found is None:
        return None
    ids: set[int] | None = None
    for name in chosen:
        code = getattr(filters, name)
        matching = found.among(hosts.ids(name, code), code if name == "country" else None)
        ids = matching if ids is None else ids & matching
    if filters.kind:
        # A kind narrows when it has fewer events than the other filters leave (a set of a
        # common kind's thousands would cost more than it saved).
        of_kind = found.by_kind.get(filters.kind, ())
        if ids is None and len(of_kind) <= _walked(filters, found, most, len(of_kind)):
            ids = set(of_kind)
        elif ids is not None and len(of_kind) < len(ids):
            ids = ids.intersection(of_kind)
    if ids is None or len(ids) > _walked(filters, found, most, len(ids)):
        return None
    # The events alone, by id (each of them the society's): with the society's host row
    # joined for its date, each id cost a second seek and a read of that row (7 times as much).
    # The kind as an expression, which no index serves: SQLite took its equality for a few
    # rows and walked every event of the kind in date order (0.2 -> 25 ms at scale 10).
    rest = replace(filters, federation=None, region=None, country=None, society=None, kind=None)
    query = visible_events(rest, hosts=hosts, entity=Event.id)
    kind = [func.coalesce(Event.kind, Event.kind) == filters.kind] if filters.kind else []
    return query.where(Event.id.in_(sorted(ids)), *kind)


def _walked(filters: EventFilter, found, most: int, matching: int) -> float:
    """About how many host rows the walk of the society's (partners.Partners FOUND) reads to
    its page's last row MOST when MATCHING of its events can match, evenly spread: as many
    per match as it has rows per match, never more than the rows of a fiscal year chosen."""
    rows = found.rows
    if filters.fiscal_year:
        rows = found.rows_between(*fiscal_year_bounds(filters.fiscal_year))
    return min(rows, most * found.rows / max(matching, 1))


def _narrowed(filters: EventFilter, hosts) -> EventFilter:
    """FILTERS with a federation or region of one society (the Middle East) as that society,
    whose host rows then lead (_society_leading) where every one of them was read and sorted
    for a page (9 ms at scale 10 behind the region's federation, growing with the data)."""
    if hosts is None or filters.society:
        return filters
    for name in ("federation", "region"):
        ids = hosts.ids(name, code) if (code := getattr(filters, name)) else ()
        if len(ids) == 1:
            society = next(c for c, found in hosts.by["society"].items() if found == ids)
            return replace(filters, society=society, **{name: None})
    return filters


def _country_sides(filters: EventFilter, hosts) -> list[tuple[Select, ColumnElement]] | None:
    """The country filter's sides (see page_ids): the events held in the country, then those
    each of its societies hosts, each with the column of its first day; None when the list
    has no country, or a society (whose host rows are read first, _society_leading), or a
    country of more societies than LEAD_AT_MOST."""
    if not filters.country or filters.society or hosts is None:
        return None
    societies = hosts.ids("country", filters.country)
    if len(societies) > LEAD_AT_MOST:
        # Their events are a good share of all: the walk in date order, probing each event
        # (_hosted_by_ids), soon fills a page, where a side per society cost more to build
        # (7 ms for China's eleven) than it saved.
        return None
    rest = replace(filters, country=None)
    held, start = _in_order(rest, hosts, Event.id)
    sides = [(held.where(Event.country_code == filters.country), start)]
    codes = {ids[0]: code for code, ids in hosts.by["society"].items()}
    for society in societies:
        sides.append(_in_order(replace(rest, society=codes[society]), hosts, Event.id))
    return sides


def _society_leading(filters: EventFilter, hosts) -> int | ColumnElement | None:
    """The id of the chosen society (a subquery by its code without HOSTS), whose host rows
    are then read first; None without one, or when HOSTS knows no such society."""
    if not filters.society:
        return None
    if hosts is None:
        return select(Society.id).where(Society.code == filters.society).scalar_subquery()
    ids = hosts.ids("society", filters.society)
    return ids[0] if len(ids) == 1 else None


UNNAMED = Shown("")  # a host the names kept do not know (never: they are of every society)


@dataclass
class ListedEvent:
    """What a list shows of an event (macros/events.html event_item), read as columns: its
    hosts are society ids, named from the names cached per content version (host_names)."""

    id: int
    kind: EventKind
    status: EventStatus
    start_date: date
    end_date: date
    format: EventFormat
    is_example: bool
    original_language: str
    attendance: int | None
    titles: dict[str, str] = field(default_factory=dict)
    host_ids: list[int] = field(default_factory=list)
    host_names: list[Shown] = field(default_factory=list)

    def text_map(self, name: str) -> dict[str, str]:
        assert name == "title"  # noqa: S101 (only the title is listed)
        return self.titles


def _listed_statement() -> Select:
    """The statement of listed(): of the tables' columns (no ORM entity to compile or load),
    built once, its ids an expanding parameter. Built per call through the ORM, it was most
    of listed()'s time (0.85 -> 0.51 ms a list page, SQLite at scale 10)."""
    event, text = Event.__table__, EventText.__table__
    host, report = EventHost.__table__, ParticipationReport.__table__
    names = ("id", "kind", "status", "start_date", "end_date", "format", "is_example")
    columns = [event.c[name] for name in (*names, "original_language")]  # as ListedEvent
    columns += [report.c.attendance_total, text.c.language, text.c.title, host.c.society_id]
    joined = (
        event.outerjoin(report, report.c.event_id == event.c.id)
        .outerjoin(text, text.c.event_id == event.c.id)
        .outerjoin(host, host.c.event_id == event.c.id)
    )
    return (
        select(*columns)
        .select_from(joined)
        .where(event.c.id.in_(bindparam("ids", expanding=True)))
        .order_by(event.c.id, host.c.id)
    )


_LISTED = _listed_statement()


def listed(ids: list[int], names: dict[int, Shown]) -> list[ListedEvent]:
    """The events IDS in that order as a list shows them, in one column-only statement (a
    row per title and host); NAMES are the societies' names in the reader's language."""
    if not ids:
        return []
    rows = db.session.execute(_LISTED, {"ids": ids})
    found: dict[int, ListedEvent] = {}
    for *columns, language, title, society_id in rows:
        event = found.get(columns[0])
        if event is None:
            event = found[columns[0]] = ListedEvent(*columns)
        if title:
            event.titles[language] = title
        if society_id is not None and society_id not in event.host_ids:
            event.host_ids.append(society_id)
    for event in found.values():
        event.host_names = [names.get(i, UNNAMED) for i in event.host_ids]
    return [found[i] for i in ids if i in found]


def events_by_id(ids: list[int], options: tuple = LISTED) -> list[Event]:
    """The events IDS in that order, loaded with OPTIONS: one statement of the same shape
    whatever the filters that found them (compiled once, not once per filter combination)."""
    if not ids:
        return []
    query = select(Event).where(Event.id.in_(ids)).options(*options)
    found = {event.id: event for event in db.session.scalars(query).unique()}
    return [found[i] for i in ids if i in found]


class EventPage:
    """A page of the list, its events LISTED. No count of every match (at scale that count
    is most of the page's time): one row more than the page shows says whether a next page
    exists. The page's ids are found first, in a column-only statement, then read with what
    the list shows."""

    def __init__(
        self, filters: EventFilter, page: int, per_page: int = 20, hosts=None, again=False
    ):
        query = page_ids(filters, per_page + 1, (page - 1) * per_page, hosts, again)
        ids = list(db.session.scalars(query))
        rows = listed(ids, hosts.names) if hosts is not None else events_by_id(ids)
        self.items, self.page = rows[:per_page], page
        self.has_next, self.has_prev = len(rows) > per_page, page > 1
        self.next_num, self.prev_num = page + 1, page - 1
        self.first = (page - 1) * per_page + 1
        self.last = self.first + len(self.items) - 1


def event_page(
    filters: EventFilter, page: int, per_page: int = 20, hosts=None, again: bool = False
) -> EventPage:
    """A page of the list (EventPage); AGAIN as page_ids'."""
    return EventPage(filters, page, per_page, hosts, again)


def listed_events(filters: EventFilter, limit: int, options: tuple) -> list[Event]:
    """Public events matching FILTERS in the list's order, at most LIMIT, loaded with
    OPTIONS (IN_CALENDAR or IN_FEED)."""
    query = visible_events(filters).limit(limit).options(*options)
    return list(db.session.scalars(query).unique())


def fiscal_years() -> list[int]:
    """Fiscal years that have public events, newest first."""
    dates = select(Event.start_date).where(Event.status.in_(VISIBLE)).limit(1)
    # The first and the last in the date index's order: MIN and MAX with a WHERE read all.
    first, last = db.session.execute(
        select(
            dates.order_by(Event.start_date).scalar_subquery(),
            dates.order_by(Event.start_date.desc()).scalar_subquery(),
        )
    ).one()
    if first is None:
        return []
    return list(range(fiscal_year_of(last), fiscal_year_of(first) - 1, -1))


def offered(filters: EventFilter) -> EventFilter:
    """FILTERS without the values the list's form would not offer, which it ignores: an unknown
    federation, region, country, society or theme, a fiscal year before the first public event
    or after the last. One statement checks them all (none when nothing is asked)."""
    checks = {}
    if filters.federation:
        checks["federation"] = exists().where(Federation.code == filters.federation)
    if filters.region:
        checks["region"] = exists().where(Region.code == filters.region)
    if filters.country:
        checks["country"] = exists().where(Society.country_code == filters.country)
    if filters.society:
        checks["society"] = exists().where(Society.code == filters.society)
    if filters.theme:
        checks["theme"] = exists().where(Theme.code == filters.theme)
    if filters.fiscal_year:
        first, last = fiscal_year_bounds(filters.fiscal_year)
        visible = Event.status.in_(VISIBLE)
        checks["fiscal_year"] = exists().where(visible, Event.start_date <= last) & exists().where(
            visible, Event.start_date >= first
        )
    if not checks:
        return filters
    found = db.session.execute(select(*(c.label(name) for name, c in checks.items()))).one()
    kept = {name: getattr(filters, name) if ok else None for name, ok in found._asdict().items()}
    return EventFilter(**(vars(filters) | kept))


HISTORY_ON_PAGE = 20


def society_history(society: Society, names: dict[int, Shown], limit: int = HISTORY_ON_PAGE):
    """The newest public events the society hosted or co-hosted (its page shows these and
    links to the full, paged list), as a list shows them (NAMES: see listed)."""
    # Their ids are kept per content version, which any new or changed event bumps (before
    # event_host had dates, finding them sorted every event of the society).
    ids = per_version("society_history", (society.id, limit), lambda: _newest(society, limit))
    return listed(ids, names)


def _newest(society: Society, limit: int) -> list[int]:
    # The society's code is looked up in the statement (visible_events without hosts).
    query = visible_events(EventFilter(society=society.code), entity=Event.id)
    return list(db.session.scalars(query.limit(limit)))


# Written out, not bound: only a literal lets a planner use the partial index of drafts
# (a bound value could be any status, and PostgreSQL's generic plans would scan every event).
IS_DRAFT = Event.status == literal_column(f"'{EventStatus.DRAFT.value}'")


def society_drafts(society: Society) -> list[Event]:
    """The society's drafts, newest first, from the index of drafts."""
    return list(db.session.scalars(drafts_query(society).options(*LISTED)).unique())


def drafts_query(society: Society) -> Select:
    return (
        select(Event)
        .where(IS_DRAFT, _society_hosted(society, probe=True))
        .order_by(Event.start_date.desc())
    )


def _society_hosted(society: Society, probe: bool = False) -> ColumnElement[bool]:
    """The society's events, from its host rows (a small share of all events); PROBE checks
    each event the other conditions leave (for the few drafts), see _among."""
    hosts = select(EventHost.event_id).where(EventHost.society_id == society.id)
    return _among(hosts, probe=probe)


def event_for_form(event_id: int) -> Event | None:
    """An event with what a post of its edit form changes and shows again: texts, hosts (the
    lead's names), the codes of its speakers' societies, themes and series; no society's
    links, country or federation. (The form's first view reads the event's sheet.)
    The texts (at most one per language) and the report ride on the event's own statement:
    two statements fewer than a selectin each, for a few more rows. So does whether it has
    photos (`attachment_kinds`, as events/sheet.py reads it): the form's gallery then asks
    for its files only when there are some, as few events have."""
    photos = exists().where(Attachment.owner_kind == "event_photo", Attachment.owner_id == Event.id)
    statement = (
        select(Event, photos)
        .where(Event.id == event_id)
        .options(
            lazyload("*"),
            joinedload(Event.texts),
            joinedload(Event.series).lazyload("*"),
            joinedload(Event.report).lazyload("*"),
            selectinload(Event.hosts).joinedload(EventHost.society).options(*NAMED),
            selectinload(Event.speakers).joinedload(Speaker.society).lazyload("*"),
            selectinload(Event.themes),
        )
    )
    found = db.session.execute(statement).unique().first()
    if found is None:
        return None
    event, has_photos = found
    event.attachment_kinds = frozenset(("event_photo",) if has_photos else ())
    return event


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def report_history(event: Event) -> list[ReportRevision]:
    """Every saved version of the event's report, the newest first."""
    if event.report is None:
        return []
    query = select(ReportRevision).where(ReportRevision.report_id == event.report.id)
    return list(db.session.scalars(query.order_by(ReportRevision.id.desc())))


def contest_entries(event: Event) -> list[ContestEntry]:
    query = select(ContestEntry).where(ContestEntry.event_id == event.id)
    return list(db.session.scalars(query.order_by(ContestEntry.id)))


def series_societies() -> dict[str, int]:
    """{code: organising society's id} of every series, read once per content version."""
    return per_version(
        "series_societies",
        (),
        lambda: dict(db.session.execute(select(Series.code, Series.society_id)).all()),
    )


def get_series(code: str) -> Series | None:
    """The series with its society's names."""
    options = joinedload(Series.society).options(*NAMED)
    return db.session.scalars(select(Series).where(Series.code == code).options(options)).first()


def series_of(society: Society) -> list[Series]:
    query = (
        select(Series)
        .where(Series.society_id == society.id)
        .order_by(Series.first_year)
        .options(lazyload("*"))  # the society is the one at hand
    )
    return list(db.session.scalars(query))


def all_series() -> list[Series]:
    return list(db.session.scalars(select(Series).order_by(Series.code)))


def next_edition_number(series: Series) -> int:
    """One more than the highest edition entered so far (numbering may have gaps)."""
    highest = db.session.scalar(
        select(func.max(Event.edition_number)).where(Event.series_id == series.id)
    )
    return (highest or 0) + 1


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.code)))
