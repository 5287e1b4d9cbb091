"""Events as an iCalendar file and as an Atom feed, in the page's language."""

import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from flask import current_app, render_template

from alumni.common.urls import external_url
from alumni.events import presenters
from alumni.events.models import Event, EventStatus
from alumni.i18n import current_language
from alumni.societies.presenters import society_name

PRODID = "-//AOTS Alumni Network//EN"
ICAL_STATUS = {EventStatus.PUBLISHED: "CONFIRMED", EventStatus.CANCELLED: "CANCELLED"}
# XML 1.0 cannot carry these at all: a pasted control character would break the whole feed.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def event_url(event: Event) -> str:
    return external_url("events.event", event_id=event.id)


def ical_calendar(events: list[Event], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per event and a VTIMEZONE for each zone they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = urlsplit(current_app.config["PUBLIC_URL"]).netloc
    stamp = datetime.now(UTC)
    for event in events:
        calendar.add_component(_vevent(event, host, stamp))
    if events:
        # Transitions only for the years the events span keep the file small.
        calendar.add_missing_timezones(
            first_date=min(e.start_date for e in events) - timedelta(days=366),
            last_date=max(e.end_date for e in events) + timedelta(days=366),
        )
    return calendar.to_ical()


def _vevent(event: Event, host: str, stamp: datetime) -> icalendar.Event:
    """One event; its dates become midnight-to-midnight in the event's own time zone."""
    url = event_url(event)
    description = presenters.event_description(event).text
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.id}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("summary", presenters.event_title(event).text)
    vevent.add("description", f"{description}\n\n{url}" if description else url)
    vevent.add("url", url)
    vevent.add("dtstart", _midnight(event.start_date, event.time_zone))
    vevent.add("dtend", _midnight(event.end_date + timedelta(days=1), event.time_zone))
    location = presenters.place(event)
    if location:
        vevent.add("location", location)
    vevent.add(
        "categories", [str(event.kind.title), *(presenters.theme_name(t) for t in event.themes)]
    )
    vevent.add("status", ICAL_STATUS.get(event.status, "TENTATIVE"))
    vevent.add("sequence", event.version)
    return vevent


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
