"""Events as an iCalendar file and as an Atom feed, in the page's language."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from flask import current_app, render_template
from flask_babel import gettext as _

from alumni.common.urls import external_url
from alumni.events import presenters
from alumni.events.models import Event, EventKind, EventStatus
from alumni.i18n import country_name, current_language, pick_translation
from alumni.societies.presenters import society_name

PRODID = "-//AOTS Alumni Network//EN"
ICAL_STATUS = {EventStatus.PUBLISHED: "CONFIRMED", EventStatus.CANCELLED: "CANCELLED"}
# XML 1.0 cannot carry these at all: a pasted control character would break the whole feed.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def event_url(event: Event) -> str:
    return external_url("events.event", event_id=event.id)


def ical_calendar(events: list[Event], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event and a VTIMEZONE for each zone they use.

    icalendar writes the calendar, its time zones and how a date is written in each zone; the
    events are written here, line for line as icalendar writes them (a test compares the two),
    several times faster: through icalendar's objects, a calendar of a few hundred events
    took longer than any page.
    """
    writer = VeventWriter()
    return assemble(name, [writer.vevent(event) for event in events], events)


def assemble(name: str, vevents: list["Vevent"], events) -> bytes:
    """The calendar NAME of VEVENTS (written by VeventWriter.vevent, maybe long ago: each
    gets this calendar's stamp), with the time zones they use over the years EVENTS span."""
    stamp = _property_line("dtstamp", datetime.now(UTC))
    zones = list(dict.fromkeys(v.zone for v in vevents if v.zone is not None))
    head = _calendar_head(name)
    if events:
        # Transitions only for the years the events span keep the file small.
        first_date = min(e.start_date for e in events) - timedelta(days=366)
        last_date = max(e.end_date for e in events) + timedelta(days=366)
        head += _time_zones(tuple(zones), first_date, last_date)
    body = "".join(f"{v.before}\r\n{stamp}\r\n{v.after}\r\n" for v in vevents)
    return head + body.encode() + b"END:VCALENDAR\r\n"


def _calendar_head(name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar.to_ical().removesuffix(b"END:VCALENDAR\r\n")


@lru_cache(maxsize=64)
def _time_zones(zones: tuple[str, ...], first_date: date, last_date: date) -> bytes:
    """The VTIMEZONEs of ZONES, as icalendar writes them (the same for many calendars)."""
    calendar = icalendar.Calendar()
    _add_time_zones(calendar, zones, first_date=first_date, last_date=last_date)
    return b"".join(zone.to_ical() for zone in calendar.subcomponents)


@dataclass(frozen=True)
class Vevent:
    """One event's content lines, folded: those before its DTSTAMP and those after; the zone
    its times are written in (None for an all-day event)."""

    before: str
    after: str
    zone: str | None

    def __len__(self) -> int:
        """About its bytes, for a cache bounded in bytes (caching.Bounded)."""
        return len(self.before) + len(self.after)


class VeventWriter:
    """Writes the VEVENTs of one calendar, working out once what many events share: the
    stamp, how a date is written in each zone, the name of each kind and theme."""

    def __init__(self):
        self.host = urlsplit(current_app.config["PUBLIC_URL"]).netloc
        self.zones: dict[str, tuple[str, str]] = {}
        self.kinds: dict[EventKind, str] = {}
        self.themes: dict[int, str] = {}
        self.countries: dict[str, str] = {}
        # Asked once, not per event: each lookup goes through the request's locals.
        self.language = current_language()
        self.untitled = _("Untitled event")
        probe = "987654321"
        url = external_url("events.event", event_id=int(probe))
        self.url = url.replace("{", "{{").replace("}", "}}").replace(probe, "{}")

    def vevent(self, event) -> Vevent:
        """EVENT (an Event, or anything with its attributes) as a Vevent."""
        before, after = self.lines(event)
        return Vevent(
            "\r\n".join(map(_fold, before)),
            "\r\n".join(map(_fold, after)),
            None if event.start_time is None else event.time_zone,
        )

    def lines(self, event: Event) -> tuple[list[str], list[str]]:
        """One event's content lines before and after its DTSTAMP, in icalendar's order:
        all-day events as DATE values (DTEND the day after the last, RFC 5545 3.6.1), timed
        ones in their own zone."""
        url = self.url.format(event.id)  # as event_url(event)
        original = event.original_language
        # As presenters.event_title, event_description and place, the language asked once.
        title = pick_translation(event.text_map("title"), original, self.language)[0]
        description = pick_translation(event.text_map("description"), original, self.language)[0]
        location = self._place(event)
        categories = [self._kind(event.kind), *(self._theme(theme) for theme in event.themes)]
        lines = [
            "BEGIN:VEVENT",
            "SUMMARY:" + _text(title or self.untitled),
            *self._when(event),
        ]
        after = [
            "UID:" + _text(f"event-{event.id}@{self.host}"),
            f"SEQUENCE:{event.version}",
            "CATEGORIES:" + ",".join(categories),
            "DESCRIPTION:" + _text(f"{description}\n\n{url}" if description else url),
        ]
        if location:
            after.append("LOCATION:" + _text(location))
        after += [
            "STATUS:" + _text(ICAL_STATUS.get(event.status, "TENTATIVE")),
            "URL:" + url,
            "END:VEVENT",
        ]
        return lines, after

    def _when(self, event: Event) -> list[str]:
        """DTSTART and DTEND; a timed event without an end time on one day has no DTEND."""
        if event.start_time is None:
            day_after = event.end_date + timedelta(days=1)
            return [
                f"DTSTART;VALUE=DATE:{_ical_date(event.start_date)}",
                f"DTEND;VALUE=DATE:{_ical_date(day_after)}",
            ]
        if event.time_zone not in self.zones:
            self.zones[event.time_zone] = _zone_form(event.time_zone)
        parameters, suffix = self.zones[event.time_zone]
        start = f"{_ical_date(event.start_date)}T{_ical_time(event.start_time)}"
        lines = [f"DTSTART{parameters}:{start}{suffix}"]
        end = event_end(event)
        if end is not None:
            lines.append(f"DTEND{parameters}:{_ical_date(end.date())}T{_ical_time(end)}{suffix}")
        return lines

    def _place(self, event) -> str:
        parts = [event.venue] if event.venue else []
        if code := event.country_code:
            if code not in self.countries:
                self.countries[code] = country_name(code)
            parts.append(self.countries[code])
        return ", ".join(parts)

    def _kind(self, kind: EventKind) -> str:
        if kind not in self.kinds:
            self.kinds[kind] = _text(str(kind.title))
        return self.kinds[kind]

    def _theme(self, theme) -> str:
        if theme.id not in self.themes:
            self.themes[theme.id] = _text(presenters.theme_name(theme))
        return self.themes[theme.id]


def _property_line(name: str, value) -> str:
    """The content line icalendar writes for one property."""
    component = icalendar.Event()
    component.add(name, value)
    return component.content_line(name.upper(), component[name.upper()])


def _zone_form(zone_name: str) -> tuple[str, str]:
    """How icalendar writes a midnight in ZONE_NAME: its parameters and its suffix after the
    time, e.g. (";TZID=Asia/Tokyo", "") or, in UTC, ("", "Z")."""
    line = _property_line("dtstart", _midnight(date(2000, 1, 1), zone_name))
    head, _colon, value = line.rpartition(":")
    return head.removeprefix("DTSTART"), value.removeprefix("20000101T000000")


def _add_time_zones(calendar, zones, *, first_date: date, last_date: date) -> None:
    """A VTIMEZONE for each zone icalendar would name, as it adds them for its own events."""
    for zone_name in zones:
        probe = icalendar.Event()
        probe.add("dtstart", _midnight(first_date, zone_name))
        calendar.add_component(probe)
    calendar.add_missing_timezones(first_date=first_date, last_date=last_date)
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]


def _ical_date(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _ical_time(moment) -> str:
    return f"{moment.hour:02}{moment.minute:02}{moment.second:02}"


def event_start(event: Event) -> datetime:
    """When a timed event begins, in its own zone."""
    return _midnight(event.start_date, event.time_zone).replace(
        hour=event.start_time.hour, minute=event.start_time.minute
    )


def event_end(event: Event) -> datetime | None:
    """When a timed event ends, in its own zone: its end time on the last day, or the end of
    the last day of a longer event; None for one day with no end time (RFC 5545: no DTEND)."""
    if event.end_time is not None:
        last = _midnight(event.end_date, event.time_zone)
        return last.replace(hour=event.end_time.hour, minute=event.end_time.minute)
    if event.end_date > event.start_date:
        return _midnight(event.end_date + timedelta(days=1), event.time_zone)
    return None


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says, in icalendar's order of replacements."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str, limit: int = 75) -> str:
    """LINE folded as RFC 5545 says and as icalendar folds it: parts of fewer than LIMIT
    octets, never splitting a character, nor a backslash or caret from what it escapes."""
    if line.isascii():
        if len(line) < limit:
            return line
        parts, start = [], 0
        while len(line) - start >= limit:
            end = start + limit - 1
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], 1
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)


def _midnight(day: date, zone_name: str) -> datetime:
    """Midnight of DAY in ZONE_NAME; an unknown zone (bad data) is read as UTC, not a crash."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return datetime.combine(day, time(0), tzinfo=zone)


def atom_feed(events: list[Event], *, title: str, self_url: str) -> str:
    """An Atom 1.0 feed of EVENTS, newest first as given."""
    entries = [_entry(event) for event in events]
    updated = max((e["updated"] for e in entries), default=rfc3339(datetime.now(UTC)))
    return render_template(
        "events/feed.atom.xml",
        language=current_language(),
        title=xml_text(title),
        self_url=self_url,
        updated=updated,
        entries=entries,
    )


def _entry(event: Event) -> dict:
    return {
        "id": event_url(event),
        "url": event_url(event),
        "title": xml_text(presenters.event_title(event).text),
        "updated": rfc3339(event.updated_at),
        "published": rfc3339(event.published_at or event.created_at),
        "author": xml_text(society_name(event.lead_host.society).text),
        "summary": xml_text(presenters.event_description(event).text),
        "kind": event.kind.value,
        "kind_label": xml_text(str(event.kind.title)),
    }


def rfc3339(moment: datetime) -> str:
    """A stored datetime (naive means UTC) as RFC 3339 in UTC: 2024-05-01T09:30:00Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_text(text: str) -> str:
    return XML_ILLEGAL.sub("", text)
