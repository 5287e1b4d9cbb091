"""Calendars, the Atom feed and the spreadsheet exports: public events only, never drafts."""

from collections.abc import Iterator

from flask import Response, abort
from flask_babel import gettext as _

from alumni.auth.access import public
from alumni.common import compression
from alumni.common.urls import external_url
from alumni.events import bp, calendars, export_lines, exports, feeds
from alumni.events.queries import IN_FEED, EventFilter, listed_events
from alumni.events.views import requested_filters
from alumni.extensions import db
from alumni.societies.models import Federation
from alumni.societies.presenters import society_name
from alumni.societies.queries import get_society

# Enough for any calendar app or reader, and bounded so no request can ask for everything.
# At most 500 for the Atom feed: its events' texts and hosts are then read in one statement
# each (queries.IN_FEED); beyond, selectin would need one more per 500 events.
ICAL_LIMIT = 500
ATOM_LIMIT = 50
EXPORT_LIMIT = 20_000
ICAL_TYPE = "text/calendar; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_NAME = "aots-alumni-events"


def _calendar(filters: EventFilter, name: str) -> Response:
    """The events of the last year and those to come (calendars.WINDOW)."""
    packed = calendars.calendar(filters, ICAL_LIMIT, name)
    return compression.packed_response(packed, ICAL_TYPE)


@bp.get("/events/feed.ics")
@public
def network_ical():
    return _calendar(EventFilter(), _("AOTS alumni network events"))


@bp.get("/federations/<code>/events.ics")
@public
def federation_ical(code):
    federation = db.session.get(Federation, code) if len(code) <= 20 else None
    if federation is None:
        abort(404)
    # A federation's acronym is its name in every language.
    name = _("%(federation)s events", federation=federation.code)
    return _calendar(EventFilter(federation=federation.code), name)


@bp.get("/societies/<code>/events.ics")
@public
def society_ical(code):
    society = get_society(code) if len(code) <= 40 else None
    if society is None:
        abort(404)
    name = _("Events of %(society)s", society=society_name(society).text)
    return _calendar(EventFilter(society=society.code), name)


@bp.get("/events/feed.atom")
@public
def atom():
    body = feeds.atom_feed(
        listed_events(EventFilter(), ATOM_LIMIT, IN_FEED),
        title=_("AOTS alumni network events"),
        self_url=external_url("events.atom"),
    )
    return Response(body, content_type=ATOM_TYPE)


def _attachment(response: Response, extension: str) -> Response:
    response.headers.set("Content-Disposition", "attachment", filename=f"{EXPORT_NAME}.{extension}")
    return response


@bp.get("/events/export.csv")
@public
def export_csv():
    # The lines are kept per content version and language (export_lines): the list's ids,
    # then their lines.
    lines = export_lines.csv_lines(requested_filters(), EXPORT_LIMIT)
    if len(lines) <= exports.CSV_BATCH:
        # One piece: sent whole, so the page cache (which keeps whole bodies only) keeps it.
        body = exports.csv_head() + b"".join(lines)
    else:
        # Sent a batch of lines at a time, never joined whole.
        body = _streamed(exports.csv_head(), export_lines.pieces(lines))
    return _attachment(Response(body, content_type=CSV_TYPE), "csv")


def _streamed(head: bytes, body: Iterator[bytes]) -> Iterator[bytes]:
    """HEAD, then BODY (pieces already written: sending them needs no request context)."""
    yield head
    yield from body


@bp.get("/events/export.xlsx")
@public
def export_xlsx():
    # Read a batch of events at a time, never all at once: the workbook is written (to a
    # temporary file) before it is sent, so an export stays whole even though it is read in parts.
    rows = exports.batched_rows(requested_filters(), EXPORT_LIMIT)
    return _attachment(exports.xlsx_response(rows, content_type=XLSX_TYPE), "xlsx")
