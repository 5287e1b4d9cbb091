"""The events list as a spreadsheet: CSV for any tool, XLSX for Excel, in the page's language.

An export lists up to thousands of events, so it reads column tuples, never ORM instances:
building one instance per event, text, host and theme made each request create tens of
thousands of objects, and that is where workers died under load (issue 15). The events are
read in one statement and what their rows name (titles, hosts, themes) in a fixed number more,
keyed by event id; the rows are then written from those tuples.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from alumni.common import spreadsheets
from alumni.common.fiscal import fiscal_year_of
from alumni.common.urls import external_url
from alumni.events import presenters
from alumni.events.models import (
    Event,
    EventHost,
    EventText,
    EventTheme,
    ParticipationReport,
    Series,
    Theme,
)
from alumni.events.queries import EventFilter, visible_events
from alumni.extensions import db
from alumni.i18n import country_name, current_language, pick_translation
from alumni.societies.models import Society, SocietyText
from alumni.societies.presenters import society_name

COLUMNS = [
    ("title", _l("Event title")),
    ("kind", _l("Kind")),
    ("status", _l("Status")),
    ("start_date", _l("First day")),
    ("end_date", _l("Last day")),
    ("fiscal_year", _l("Fiscal year")),
    ("format", _l("Format")),
    ("time_zone", _l("Time zone")),
    ("venue", _l("Venue")),
    ("country", _l("Country/region")),
    ("lead_host", _l("Lead host")),
    ("co_hosts", _l("Co-hosts")),
    ("themes", _l("Themes")),
    ("series", _l("Series")),
    ("edition_number", _l("Edition number")),
    ("attendance_total", _l("Cumulative attendance (延べ)")),
    ("distinct_participants", _l("Distinct participants")),
    ("url", _l("Page address")),
]
SEPARATOR = "; "
# Rows per piece of a streamed CSV: enough to keep the writes few, few enough that a file of
# 20,000 rows is never held whole. A CSV of one piece is sent whole (the page cache keeps it).
CSV_BATCH = 500
# Events read at a time for an XLSX export (with their names: five more statements a batch).
BATCH = 1000

# One export row's facts about its event, in one statement with the list's filters and order.
EVENT_COLUMNS = (
    Event.id,
    Event.kind,
    Event.status,
    Event.start_date,
    Event.end_date,
    Event.format,
    Event.time_zone,
    Event.venue,
    Event.country_code,
    Event.original_language,
    Event.lead_society_id,
    Event.edition_number,
    Series.code.label("series_code"),
    Series.names.label("series_names"),
    Series.original_language.label("series_language"),
    ParticipationReport.attendance_total,
    ParticipationReport.distinct_participants,
)


@dataclass(frozen=True)
class _Named:
    """What the presenters read of an event, a society, a series or a theme (its code, its
    original language, its names per language), taken from tuples rather than instances."""

    code: str = ""
    original_language: str | None = None
    names: dict[str, str] = field(default_factory=dict)
    country_code: str | None = None

    def text_map(self, _field: str) -> dict[str, str]:
        return self.names


def header() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def batched_rows(filters: EventFilter, limit: int) -> Iterator[list]:
    """Export's rows, with the events and what they name read BATCH events at a time: at no
    time are all the events in memory. A society named in one batch is not read again."""
    events = db.session.execute(_query(filters, limit), execution_options={"yield_per": BATCH})
    societies: dict[int, str] = {}
    for batch in events.partitions():
        names = Names(batch, societies)
        yield from (cells(event, names) for event in batch)


def _query(filters: EventFilter, limit: int):
    return (
        visible_events(filters)
        .with_only_columns(*EVENT_COLUMNS)
        .outerjoin(Series, Series.id == Event.series_id)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .limit(limit)
    )


# At most this many ids are bound as parameters, within every backend's limit (SQLite's
# is 32,766, PostgreSQL's 65,535); more are written into the statement.
MOST_BOUND = 1000


def listed(ids: list[int]):
    # A subquery would run the list's filters again. Written into the statement, each id went
    # through the compiler: a third of what an export's names cost.
    return bindparam("listed", ids, expanding=True, literal_execute=len(ids) > MOST_BOUND)


class Names:
    """What the rows of EVENTS name, read in five statements whatever their number: titles,
    hosts and themes per event, and the names of those societies and themes. A name many rows
    share (a kind, a series, a country) is worked out once."""

    def __init__(self, events: list, societies: dict[int, str] | None = None):
        ids = [event.id for event in events]
        self.titles = _grouped(
            (t.event_id, (t.language, t.title))
            for t in db.session.execute(
                select(EventText.event_id, EventText.language, EventText.title).where(
                    EventText.event_id.in_(listed(ids)), EventText.title != ""
                )
            )
        )
        self.hosts = _grouped(
            db.session.execute(
                select(EventHost.event_id, EventHost.society_id)
                .where(EventHost.event_id.in_(listed(ids)))
                # The lead first, as on the event's page. By event first: ordered by id alone,
                # SQLite read the whole table in id order rather than the rows of these events.
                .order_by(EventHost.event_id, EventHost.id)
            )
        )
        leads = {event.lead_society_id for event in events}
        self.societies = {} if societies is None else societies
        named = leads.union(*self.hosts.values())
        self.societies.update(_society_names(named - self.societies.keys()))
        self.themes = _grouped(
            db.session.execute(
                select(EventTheme.event_id, EventTheme.theme_id)
                .join(Theme, Theme.id == EventTheme.theme_id)
                .where(EventTheme.event_id.in_(listed(ids)))
                .order_by(Theme.position, Theme.id)
            )
        )
        self.theme_names = _theme_names(set().union(*self.themes.values()))
        self.language = current_language()  # asked once, not once per row
        self.untitled = _("Untitled event")
        self.title = cache(lambda member: str(member.title))
        self.country = cache(country_name)
        self.series: dict[str, str] = {}
        self.url = _event_url_format()


def _event_url_format() -> str:
    """An event's page address with {} for its id: built once, not once a row (building
    each through the URL map was a sixth of a large export's time)."""
    probe = "987654321"
    url = external_url("events.event", event_id=int(probe))
    return url.replace("{", "{{").replace("}", "}}").replace(probe, "{}")


def _grouped(pairs: Iterable[tuple[int, object]]) -> dict[int, list]:
    found: dict[int, list] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found


def _society_names(ids: set[int]) -> dict[int, str]:
    """Each society's name as its pages show it, from its names in every language."""
    query = (
        select(
            Society.id,
            Society.code,
            Society.country_code,
            Society.original_language,
            SocietyText.language,
            SocietyText.name,
        )
        .outerjoin(SocietyText, SocietyText.society_id == Society.id)
        .where(Society.id.in_(listed(sorted(ids))))
    )
    societies: dict[int, _Named] = {}
    for row in db.session.execute(query):
        society = societies.setdefault(
            row.id, _Named(row.code, row.original_language, {}, row.country_code)
        )
        if row.name:
            society.names[row.language] = row.name
    return {id_: society_name(society).text for id_, society in societies.items()}


def _theme_names(ids: set[int]) -> dict[int, str]:
    query = select(Theme.id, Theme.code, Theme.names).where(Theme.id.in_(listed(sorted(ids))))
    return {
        row.id: presenters.theme_name(_Named(row.code, names=row.names or {}))
        for row in db.session.execute(query)
    }


def cells(event, names: Names) -> list:
    """The event's cells, in COLUMNS order (tests/performance/test_export_tuples.py)."""
    hosts = names.hosts.get(event.id, [])
    lead = event.lead_society_id
    title, _language = pick_translation(
        dict(names.titles.get(event.id, ())), event.original_language, names.language
    )
    return [
        title or names.untitled,  # as presenters.event_title
        names.title(event.kind),
        names.title(event.status),
        event.start_date,
        event.end_date,
        fiscal_year_of(event.start_date),
        names.title(event.format),
        event.time_zone,
        event.venue,
        names.country(event.country_code) if event.country_code else "",
        names.societies[lead],
        SEPARATOR.join(names.societies[s] for s in hosts if s != lead),
        SEPARATOR.join(names.theme_names[t] for t in names.themes.get(event.id, ())),
        _series(event, names),
        _number(event.edition_number),
        _number(event.attendance_total),
        _number(event.distinct_participants),
        names.url.format(event.id),
    ]


def _series(event, names: Names) -> str:
    code = event.series_code
    if code is None:
        return ""
    if code not in names.series:
        series = _Named(code, event.series_language, event.series_names or {})
        names.series[code] = presenters.series_name(series).text
    return names.series[code]


def _number(value: int | None) -> int | str:
    """An unknown figure is an empty cell, never a misleading 0."""
    return "" if value is None else value


def csv_head() -> bytes:
    """The CSV's first line, the header, after a BOM so Excel (notably in Japan) reads UTF-8."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(header())  # CRLF, as Excel writes CSV
    return line.getvalue().encode("utf-8-sig")


# The first characters that make a spreadsheet run a cell as a formula (each is one).
FORMULA_FIRST = frozenset(spreadsheets.FORMULA_STARTS)


def xlsx_response(rows: Iterable[list], **response):
    """The rows as an Excel workbook, sent in pieces (spreadsheets.xlsx_response)."""
    return spreadsheets.xlsx_response(_("Events"), header(), rows, **response)
