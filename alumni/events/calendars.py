"""The iCalendar feeds: a date window, read as columns, written once per content version.

A calendar lists the public events that began at most WINDOW ago or are still to come: what a
subscriber's calendar app shows, and a bounded file whatever the history (a society's history
was 500 events, 180 KB). The events are read as column tuples, never ORM instances. Each
calendar, and each event's VEVENT, is written once per content version and language (every
change of content bumps the version) and kept by the worker within a bound in bytes, the
least recently asked dropped first: a calendar asked again costs no statement beyond the
version's, another one listing the same events only the statement that lists them.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import bindparam, select

from alumni.common import compression, shared_files
from alumni.common.caching import per_version, per_version_store
from alumni.common.time import today
from alumni.events import feeds
from alumni.events.models import Event, EventKind, EventStatus, EventText, EventTheme, Theme
from alumni.events.queries import EventFilter, visible_events
from alumni.extensions import db
from alumni.i18n import current_language

WINDOW = timedelta(days=365)
# What a worker keeps of the calendars (packed: compression.pack) and of the VEVENTs (about
# 600 bytes each with their entry), the least recently asked dropped first (caching.Bounded):
# at scale 10 a society's calendar is 120 KB, 9 KB packed, the benchmark's 72 of them 9 MB,
# 0.7 MB packed (unpacking one costs ~0.1 ms, writing it ~20), their VEVENTs 15 MB. A kept
# calendar needs none of its VEVENTs, so they pay only when a calendar is written again with
# events another one lists (the next day, other filters): a few MB of them, not all.
MOST_BODY_BYTES = 2 * 1024 * 1024
MOST_VEVENT_BYTES = 2 * 1024 * 1024

COLUMNS = (
    Event.id,
    Event.kind,
    Event.status,
    Event.version,
    Event.start_date,
    Event.end_date,
    Event.start_time,
    Event.end_time,
    Event.time_zone,
    Event.venue,
    Event.country_code,
    Event.original_language,
)


def window_start() -> date:
    """The last day of the oldest event a calendar lists."""
    return today() - WINDOW


@dataclass
class _Theme:
    id: int
    code: str
    names: dict


@dataclass
class CalendarEvent:
    """What a VEVENT shows of an event, from tuples."""

    id: int
    kind: EventKind
    status: EventStatus
    version: int
    start_date: date
    end_date: date
    start_time: time | None
    end_time: time | None
    time_zone: str
    venue: str
    country_code: str | None
    original_language: str
    # Per field ("title", "description"), its non-empty texts by language: Event.text_map's.
    texts: dict[str, dict[str, str]] = field(
        default_factory=lambda: {"title": {}, "description": {}}
    )
    themes: list[_Theme] = field(default_factory=list)

    def text_map(self, name: str) -> dict[str, str]:
        return self.texts[name]


def calendar(filters: EventFilter, limit: int, name: str) -> bytes:
    """The calendar NAME of the public events matching FILTERS within the window, in the
    list's order, at most LIMIT, packed (compression.pack); written once per content
    version, language and day."""
    bodies = per_version_store("calendar_bodies", MOST_BODY_BYTES)
    key = (current_language(), tuple(vars(filters).items()), limit, name, today())
    packed = bodies.get(key)
    if packed is None:
        packed = shared_files.get("calendars", key)  # another worker's
        if packed is None:
            packed = compression.pack(_calendar(filters, limit, name))
            shared_files.put("calendars", key, packed)
        bodies.put(key, packed)
    return packed


def _calendar(filters: EventFilter, limit: int, name: str) -> bytes:
    # The window on the first day: the date index then bounds what is read, or the host
    # rows' (society_id, start_date) index for a society's calendar.
    query = visible_events(filters, since=window_start())
    rows = db.session.execute(query.with_only_columns(*COLUMNS).limit(limit)).all()
    kept = per_version_store("calendar_vevents", MOST_VEVENT_BYTES)
    language = current_language()
    found = {row.id: v for row in rows if (v := kept.get((language, row.id))) is not None}
    missing = [row for row in rows if row.id not in found]
    if missing:
        writer = feeds.VeventWriter()
        for event in _events(missing):
            found[event.id] = vevent = writer.vevent(event)
            kept.put((language, event.id), vevent)
    return feeds.assemble(name, [found[row.id] for row in rows], rows)


def _events(rows) -> list[CalendarEvent]:
    """ROWS with their texts and themes, in two more statements (and the themes' names,
    read once per content version)."""
    events = {row.id: CalendarEvent(*row) for row in rows}
    listed = bindparam("listed", list(events), expanding=True, literal_execute=True)
    texts = select(EventText.event_id, EventText.language, EventText.title)
    texts = texts.add_columns(EventText.description).where(EventText.event_id.in_(listed))
    # Sorted into the maps the VEVENT asks for as they are read: built per ask, they were
    # a tenth of a calendar's writing.
    for event_id, language, title, description in db.session.execute(texts):
        maps = events[event_id].texts
        if title:
            maps["title"][language] = title
        if description:
            maps["description"][language] = description
    # The ids only: the names (JSON) of a few themes, decoded for each of thousands of rows,
    # were a third of the statement's cost.
    themes = (
        select(EventTheme.event_id, EventTheme.theme_id)
        .join(Theme, Theme.id == EventTheme.theme_id)
        .where(EventTheme.event_id.in_(listed))
        .order_by(Theme.position, Theme.id)
    )
    known = per_version("calendar_themes", (), _themes, most=1)
    for event_id, theme_id in db.session.execute(themes):
        events[event_id].themes.append(known[theme_id])
    return list(events.values())


def _themes() -> dict[int, _Theme]:
    """Every theme by id: a managed list of a few."""
    found = db.session.execute(select(Theme.id, Theme.code, Theme.names))
    return {theme.id: _Theme(theme.id, theme.code, theme.names or {}) for theme in found}
