"""An event's page, its edit form's first view and a series' page, read as columns: what they
show, no ORM objects.

Loading an Event with its texts, hosts, speakers, themes and report as ORM objects (identity
map, relationship loaders, one object per row) was half of the page's time. The pages read
plain rows instead, one statement per kind of row, and names the societies from the names
kept per content version and language (filter_choices.society_names). The sheet answers
what the permission rules and the workflow ask of an event (status, hosts with their
society ids, the lead host), so the page's buttons follow the same rules as for an Event.
"""

import json
from dataclasses import dataclass
from datetime import date, time
from functools import cache

from sqlalchemy import (
    CompoundSelect,
    Connection,
    Integer,
    Select,
    String,
    Text,
    and_,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)

from alumni.common import driver_reads
from alumni.events import filter_choices
from alumni.events.models import (
    Cadence,
    Event,
    EventFormat,
    EventHost,
    EventKind,
    EventStatus,
    EventText,
    EventTheme,
    ParticipationReport,
    ReportCountry,
    Series,
    Speaker,
    Theme,
)
from alumni.events.queries import UNNAMED, VISIBLE
from alumni.extensions import db
from alumni.files.models import Attachment
from alumni.societies.models import Society
from alumni.societies.presenters import Shown


@dataclass(frozen=True)
class Host:
    society_id: int
    code: str
    country_code: str
    name: Shown  # in the reader's language, else saying which
    is_lead: bool


@dataclass(frozen=True)
class SpeakerRow:
    name: str
    country_code: str | None
    society_name: Shown | None  # None when the speaker came from no society
    society_code: str | None  # what the API says of their society


@dataclass(frozen=True)
class ThemeRow:
    code: str
    names: dict


@dataclass(frozen=True)
class SeriesRow:
    code: str
    names: dict
    original_language: str


@dataclass(frozen=True)
class CountryRow:
    country_code: str
    attendance: int


@dataclass(frozen=True)
class Report:
    attendance_total: int
    distinct_participants: int | None
    speakers_count: int | None
    countries: tuple[CountryRow, ...]  # the largest first, then by country code

    @property
    def country_not_stated(self) -> int:
        return self.attendance_total - sum(c.attendance for c in self.countries)


@dataclass
class EventSheet:
    id: int
    kind: EventKind
    status: EventStatus
    start_date: date
    end_date: date
    start_time: time | None
    end_time: time | None
    time_zone: str
    format: EventFormat
    venue: str
    country_code: str | None
    original_language: str
    series_id: int | None
    edition_number: int | None
    lead_society_id: int
    is_example: bool
    version: int  # what the edit form sends back (common/versioning.py)
    series: SeriesRow | None = None
    report: Report | None = None
    texts: tuple[tuple[str, str, str], ...] = ()  # (language, title, description)
    hosts: tuple[Host, ...] = ()  # the lead first
    speakers: tuple[SpeakerRow, ...] = ()
    themes: tuple[ThemeRow, ...] = ()
    attachment_kinds: frozenset = frozenset()  # of the files it has (files.queries.gallery)

    @property
    def lead_host(self) -> Host:
        return next(h for h in self.hosts if h.is_lead)

    def text_map(self, field: str) -> dict[str, str]:
        column = {"title": 1, "description": 2}[field]
        return {row[0]: row[column] for row in self.texts if row[column]}


_EVENT = (
    Event.id,
    Event.kind,
    Event.status,
    Event.start_date,
    Event.end_date,
    Event.start_time,
    Event.end_time,
    Event.time_zone,
    Event.format,
    Event.venue,
    Event.country_code,
    Event.original_language,
    Event.series_id,
    Event.edition_number,
    Event.lead_society_id,
    Event.is_example,
    Event.version,
)
_SERIES = (Series.code, Series.names, Series.original_language)
_REPORT = (
    ParticipationReport.id,
    ParticipationReport.attendance_total,
    ParticipationReport.distinct_participants,
    ParticipationReport.speakers_count,
)
_TEXT = (EventText.language, EventText.title, EventText.description)


def event_sheet(event_id: int) -> EventSheet | None:
    """The event EVENT_ID as its page shows it, or None when there is no such event."""
    at = {"event_id": event_id}
    rows = _rows("event", at)
    if not rows:
        return None
    first, ends = rows[0], (len(_EVENT), len(_EVENT) + len(_SERIES), -len(_TEXT) - 1)
    sheet = EventSheet(*first[: ends[0]])
    if sheet.series_id is not None:
        sheet.series = SeriesRow(*first[ends[0] : ends[1]])
    sheet.texts = tuple(tuple(row[ends[2] : -1]) for row in rows if row[ends[2]] is not None)
    sheet.attachment_kinds = frozenset(("event_photo",) if first[-1] else ())
    parts: dict[int, list] = {HOST: [], SPEAKER: [], THEME: [], COUNTRY: []}
    for part, _order, *values in _rows("parts", at):
        parts[part].append(values)
    names = filter_choices.society_names()
    sheet.hosts = tuple(
        Host(
            society_id,
            code,
            country,
            names.get(society_id, UNNAMED),
            society_id == sheet.lead_society_id,
        )
        for code, country, _code, society_id in parts[HOST]
    )
    sheet.speakers = tuple(
        SpeakerRow(name, country, names.get(society_id, UNNAMED) if society_id else None, code)
        for name, country, code, society_id in parts[SPEAKER]
    )
    sheet.themes = tuple(
        ThemeRow(code, (json.loads(names) if names else None) or {})
        for code, names, *_ in parts[THEME]
    )
    report = first[ends[1] : ends[2]]
    if report[0] is not None:
        # As the page always listed them: by attendance, the largest first (a stable sort
        # of the rows by country code).
        countries = (CountryRow(code, attendance) for code, *_, attendance in parts[COUNTRY])
        ordered = sorted(countries, key=_attendance, reverse=True)
        sheet.report = Report(*report[1:], countries=tuple(ordered))
    return sheet


def _rows(name: str, params: dict) -> list:
    """The rows of the event's statement NAME: on the driver, else in Core."""
    statement = _statements()[name]
    found = driver_reads.rows(statement, params)
    return found if found is not None else _connection().execute(statement, params).all()


def _connection() -> Connection:
    """The session's connection, in its transaction: these statements of columns go to it in
    Core, without the ORM's execution steps, which build no object here yet were more than
    half of each statement's cost (0.67 -> 0.28 ms for the event's two). Nothing is pending:
    a page reads before any change, or after a refused one was rolled back."""
    return db.session.connection()


def _attendance(row: CountryRow) -> int:
    return row.attendance


HOST, SPEAKER, THEME, COUNTRY = range(4)


@cache
def _statements() -> dict[str, Select]:
    # Built once: composing a statement costs more than running these small ones.
    event_id = bindparam("event_id")
    photos = select(Attachment.id).where(
        Attachment.owner_kind == "event_photo", Attachment.owner_id == Event.id
    )
    return {
        "event": select(*_EVENT, *_SERIES, *_REPORT, *_TEXT, photos.exists())
        .outerjoin(Series, Series.id == Event.series_id)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .outerjoin(EventText, EventText.event_id == Event.id)
        .where(Event.id == event_id)
        .order_by(EventText.id),
        "parts": _parts(event_id),
    }


def _parts(event_id) -> CompoundSelect:
    """The event's hosts, speakers, themes and report countries in one statement (a round
    trip each was most of the page's time on PostgreSQL), as rows of one shape: (part,
    its order, text, text, text, number), in the order the page lists each (a theme's
    names as JSON text: a union's columns share one type)."""
    text, number = cast(null(), String), cast(null(), Integer)

    def part(n: int, order, a, b, c, d) -> Select:
        return select(
            literal_column(str(n)).label("part"),
            order.label("seq"),
            a.label("a"),
            b.label("b"),
            c.label("c"),
            d.label("d"),
        )

    hosts = (
        part(HOST, EventHost.id, Society.code, Society.country_code, text, EventHost.society_id)
        .join(Society, Society.id == EventHost.society_id)
        .where(EventHost.event_id == event_id)
    )  # the lead first: its row is added with the event
    speakers = (
        part(
            SPEAKER,
            Speaker.position,
            Speaker.name,
            Speaker.country_code,
            Society.code,
            Speaker.society_id,
        )
        .outerjoin(Society, Society.id == Speaker.society_id)
        .where(Speaker.event_id == event_id)
    )
    themes = (
        part(THEME, Theme.position, Theme.code, cast(Theme.names, Text), text, number)
        .join(EventTheme, EventTheme.theme_id == Theme.id)
        .where(EventTheme.event_id == event_id)
    )
    countries = (
        part(
            COUNTRY,
            literal_column("0"),
            ReportCountry.country_code,
            text,
            text,
            ReportCountry.attendance,
        )
        .join(ParticipationReport, ParticipationReport.id == ReportCountry.report_id)
        .where(ParticipationReport.event_id == event_id)
    )
    return union_all(hosts, speakers, themes, countries).order_by("part", "seq", "a")


@dataclass(frozen=True)
class Organiser:
    id: int  # what can('create_event', …) asks
    code: str
    name: Shown  # in the reader's language, else saying which


@dataclass(frozen=True)
class SeriesSheet:
    id: int
    code: str
    cadence: Cadence
    first_year: int
    names: dict
    original_language: str
    is_example: bool
    society: Organiser
    editions: tuple["Edition", ...] = ()  # the public ones, the last first


@dataclass
class Edition:
    id: int
    edition_number: int
    status: EventStatus
    start_date: date
    end_date: date
    original_language: str
    attendance: int | None
    titles: dict[str, str]

    def text_map(self, field: str) -> dict[str, str]:
        assert field == "title"  # noqa: S101 (only the title is shown)
        return self.titles


def series_sheet(code: str) -> SeriesSheet | None:
    """The series CODE as its page shows it, with its society's code and name and its public
    editions, or None. One statement: the series' row is repeated on its editions' rows (a
    round trip more was a good part of the page's time on PostgreSQL)."""
    rows = _connection().execute(_series_statements()["series"], {"code": code}).all()
    if not rows:
        return None
    *columns, society_id, society_code = rows[0][:_SERIES_COLUMNS]
    editions: dict[int, Edition] = {}
    for row in rows:
        *fields, language, title = row[_SERIES_COLUMNS:]
        if fields[0] is None:
            continue  # a series without a public edition: its one row, joined to nothing
        edition = editions.get(fields[0])
        if edition is None:
            edition = editions[fields[0]] = Edition(*fields, titles={})
        if title:
            edition.titles[language] = title
    name = filter_choices.society_names().get(society_id, UNNAMED)
    organiser = Organiser(society_id, society_code, name)
    return SeriesSheet(*columns, society=organiser, editions=tuple(editions.values()))


def public_editions(series: SeriesSheet) -> list[Edition]:
    """The series' public editions with their titles and 延べ, the last first."""
    return list(series.editions)


_SERIES_COLUMNS = 9  # the series' and its society's, before an edition's


@cache
def _series_statements() -> dict[str, Select]:
    series = (Series.id, Series.code, Series.cadence, Series.first_year, Series.names)
    series += (Series.original_language, Series.is_example, Society.id, Society.code)
    edition = (Event.id, Event.edition_number, Event.status, Event.start_date, Event.end_date)
    edition += (Event.original_language, ParticipationReport.attendance_total)
    visible = and_(Event.series_id == Series.id, Event.status.in_(VISIBLE))
    return {
        "series": select(*series, *edition, EventText.language, EventText.title)
        .join(Society, Society.id == Series.society_id)
        .outerjoin(Event, visible)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .outerjoin(EventText, EventText.event_id == Event.id)
        .where(Series.code == bindparam("code"))
        .order_by(Event.edition_number.desc(), EventText.id),
    }
