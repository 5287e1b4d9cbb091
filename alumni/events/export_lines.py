"""The CSV export's lines: each event's written once per content version and language.

An export of a filtered list was about 85 µs a row, most of it reading what each row names and
writing it, for rows that only change with content. Each worker keeps every event's CSV line
for the current content version and language (caching.per_version_store: bounded in bytes,
emptied by any change of content), so an export is the list's ordered ids (the events list's
id-first statement) and the join of their lines; the lines not kept yet are written first, read
in bulk (exports.py, BATCH events a statement set).
"""

import csv
from collections.abc import Iterator
from types import SimpleNamespace

from sqlalchemy import select

from alumni.common.caching import per_version_store
from alumni.events import exports, filter_choices
from alumni.events.models import Event, ParticipationReport, Series
from alumni.events.queries import EventFilter, visible_events
from alumni.extensions import db
from alumni.i18n import current_language

# About 450 bytes a line with what its entry costs: 5 MB keeps some 11,000 lines, the newest
# events of most filters; the benchmark's scale 10 has 360,000 events and its exports (any
# filters, up to EXPORT_LIMIT, 20,000 rows) mostly name others. Each MB of it is about a MB of
# a worker's resident memory (the budget: 150 MB): 10 MB kept the largest export whole, for
# about 15 % of an export's CPU at scale 10, and was the largest part of a worker's memory.
MOST_BYTES = 5 * 1024 * 1024


def csv_lines(filters: EventFilter, limit: int) -> list[bytes]:
    """The CSV lines (CRLF-terminated, UTF-8) of the public events matching FILTERS in the
    list's order, at most LIMIT; all written before any is sent (a failing statement is a
    500, not a cut-off file)."""
    query = visible_events(filters, hosts=filter_choices.hosts(), entity=Event.id, every=True)
    ids = list(db.session.scalars(query.limit(limit)))
    kept = per_version_store("export_csv_lines", MOST_BYTES)
    language = current_language()
    found = {id_: line for id_ in ids if (line := kept.get((language, id_))) is not None}
    missing = [id_ for id_ in ids if id_ not in found]
    for start in range(0, len(missing), exports.BATCH):
        for id_, line in _written(missing[start : start + exports.BATCH]).items():
            kept.put((language, id_), line)
            found[id_] = line
    return [found[id_] for id_ in ids]


def pieces(lines: list[bytes]) -> Iterator[bytes]:
    """LINES joined CSV_BATCH at a time: what a streamed export sends."""
    for start in range(0, len(lines), exports.CSV_BATCH):
        yield b"".join(lines[start : start + exports.CSV_BATCH])


def _written(ids: list[int]) -> dict[int, bytes]:
    """The lines of the events IDS, from their columns and what they name (exports.Names)."""
    query = (
        select(*exports.EVENT_COLUMNS)
        .outerjoin(Series, Series.id == Event.series_id)
        .outerjoin(ParticipationReport, ParticipationReport.event_id == Event.id)
        .where(Event.id.in_(exports.listed(ids)))
    )
    events = db.session.execute(query).all()
    # The societies' names from those kept per content version (the list's filters).
    societies = {i: shown.text for i, shown in filter_choices.society_names().items()}
    names = exports.Names(events, societies)
    lines: list[str] = []
    # csv's writer hands each row's line to write() whole: one line an event.
    writer = csv.writer(SimpleNamespace(write=lines.append), lineterminator="\r\n")
    first = exports.FORMULA_FIRST
    for event in events:
        row = exports.cells(event, names)
        # spreadsheets.neutralise, inline: a call per cell was a fifth of a large export's
        # time. Dates are written by str(), which is their isoformat.
        writer.writerow(
            "'" + value if value.__class__ is str and value[:1] in first else value for value in row
        )
    return {event.id: line.encode() for event, line in zip(events, lines, strict=True)}
