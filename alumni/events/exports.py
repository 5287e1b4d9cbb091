"""The events list as a spreadsheet: CSV for any tool, XLSX for Excel, in the page's language."""

from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alumni.common import spreadsheets
from alumni.common.fiscal import fiscal_year_of
from alumni.events import presenters
from alumni.events.feeds import event_url
from alumni.events.models import Event
from alumni.events.presenters import theme_name
from alumni.i18n import country_name, pick_translation
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
# Excel refuses these in sheet names, and cuts names at 31 characters.


def header() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def rows(events: list[Event]) -> list[list]:
    """One row per event, in COLUMNS order; numbers stay ints and dates stay dates."""
    names = _Names()
    return [_row(event, names) for event in events]


class _Names:
    """The titles and names many rows share (a kind, a society, a theme, a country), each
    looked up once per export rather than once per row: thousands of rows name a few dozen."""

    def __init__(self):
        self.title = cache(lambda member: str(member.title))
        self.society = cache(lambda society: society_name(society).text)
        self.theme = cache(theme_name)
        self.country = cache(country_name)


def _row(event: Event, names: _Names) -> list:
    report = event.report
    co_hosts = [names.society(h.society) for h in event.hosts if not h.is_lead]
    values = {
        "title": presenters.event_title(event).text,
        "kind": names.title(event.kind),
        "status": names.title(event.status),
        "start_date": event.start_date,
        "end_date": event.end_date,
        "fiscal_year": fiscal_year_of(event.start_date),
        "format": names.title(event.format),
        "time_zone": event.time_zone,
        "venue": event.venue,
        "country": names.country(event.country_code) if event.country_code else "",
        "lead_host": names.society(event.lead_host.society),
        "co_hosts": SEPARATOR.join(co_hosts),
        "themes": SEPARATOR.join(names.theme(t) for t in event.themes),
        "series": _series_name(event),
        "edition_number": _number(event.edition_number),
        "attendance_total": _number(report.attendance_total if report else None),
        "distinct_participants": _number(report.distinct_participants if report else None),
        "url": event_url(event),
    }
    return [values[key] for key, _label in COLUMNS]


def _series_name(event: Event) -> str:
    if event.series is None:
        return ""
    name, _language = pick_translation(event.series.names, event.series.original_language)
    return name or event.series.code


def _number(value: int | None) -> int | str:
    """An unknown figure is an empty cell, never a misleading 0."""
    return "" if value is None else value


def csv_bytes(events: list[Event]) -> bytes:
    """The filtered list as CSV (UTF-8 with a BOM for Excel in Japan)."""
    return spreadsheets.csv_bytes(header(), rows(events))


def xlsx_bytes(events: list[Event]) -> bytes:
    """The filtered list as an Excel workbook."""
    return spreadsheets.xlsx_bytes(_("Events"), header(), rows(events))
