"""The iCalendar feeds: a date window, read as columns, written once per content version.

A calendar lists the public events that began at most WINDOW ago or are still to come: what a
subscriber's calendar app shows, and a bounded file whatever the history (a society's history
was 500 events, 180 KB). The events are read as column tuples, never ORM instances. Each
calendar, and each event's VEVENT, is written once per content version and language (every
change of content bumps the version) and kept by the worker: a calendar asked again costs no
statement beyond the version's, another one listing the same events only the statement that
lists them.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from flask import current_app, g
from sqlalchemy import bindparam, select

from alumni.common.caching import content_version
from alumni.common.time import today
from alumni.events import feeds
from alumni.events.models import Event, EventKind, EventStatus, EventText, EventTheme, Theme
from alumni.events.queries import EventFilter, visible_events
from alumni.extensions import db
from alumni.i18n import current_language

WINDOW = timedelta(days=365)
# VEVENTs a worker keeps (about half a kilobyte each), and calendars (their bytes); beyond,
# it starts again.
MOST_KEPT = 30_000
MOST_BODY_BYTES = 8 * 1024 * 1024

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
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    themes: list[_Theme] = field(default_factory=list)

    def text_map(self, name: str) -> dict[str, str]:
        return {language: text[name] for language, text in self.texts.items() if text[name]}


def calendar(filters: EventFilter, limit: int, name: str) -> bytes:
    """The calendar NAME of the public events matching FILTERS within the window, in the
    list's order, at most LIMIT; written once per content version, language and day."""
    bodies = _kept("calendar_bodies")
    key = (tuple(vars(filters).items()), limit, name, today())
    body = bodies.get(key)
    if body is None:
        if sum(map(len, bodies.values())) > MOST_BODY_BYTES:
            bodies.clear()
        body = bodies[key] = _calendar(filters, limit, name)
    return body


def _calendar(filters: EventFilter, limit: int, name: str) -> bytes:
    # The window on the first day: the date index then bounds what is read when there is no
    # other filter (a society's events are read from its host rows either way).
    query = visible_events(filters).where(Event.start_date >= window_start())
    rows = db.session.execute(query.with_only_columns(*COLUMNS).limit(limit)).all()
    kept = _kept("calendar_vevents")
    missing = [row for row in rows if row.id not in kept]
    if missing:
        if len(kept) + len(missing) > MOST_KEPT:
            kept.clear()
        writer = feeds.VeventWriter()
        kept.update((event.id, writer.vevent(event)) for event in _events(missing))
    return feeds.assemble(name, [kept[row.id] for row in rows], rows)


def _kept(name: str) -> dict:
    """What was written for this content version in this language (per app: its data)."""
    version = g.get("content_version")
    key = (content_version() if version is None else version, current_language())
    found = current_app.extensions.setdefault(name, {})
    if key not in found:
        if any(old[0] != key[0] for old in found):
            found.clear()  # content changed: the old versions are never asked again
        found[key] = {}
    return found[key]


def _events(rows) -> list[CalendarEvent]:
    """ROWS with their texts and themes, in two more statements."""
    events = {row.id: CalendarEvent(*row) for row in rows}
    listed = bindparam("listed", list(events), expanding=True, literal_execute=True)
    texts = select(EventText.event_id, EventText.language, EventText.title)
    texts = texts.add_columns(EventText.description).where(EventText.event_id.in_(listed))
    for text in db.session.execute(texts):
        events[text.event_id].texts[text.language] = {
            "title": text.title,
            "description": text.description,
        }
    themes = (
        select(EventTheme.event_id, Theme.id, Theme.code, Theme.names)
        .join(Theme, Theme.id == EventTheme.theme_id)
        .where(EventTheme.event_id.in_(listed))
        .order_by(Theme.position, Theme.id)
    )
    for theme in db.session.execute(themes):
        events[theme.event_id].themes.append(_Theme(theme.id, theme.code, theme.names or {}))
    return list(events.values())
