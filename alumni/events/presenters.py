"""How an event is titled and described on a page, in a feed or in an export."""

from babel.dates import format_time
from flask_babel import gettext as _

from alumni.events.models import Event, EventStatus, Speaker
from alumni.events.pickers import zone_label
from alumni.i18n import country_name, get_locale, pick_translation
from alumni.societies.presenters import Shown, society_name


def event_title(event: Event) -> Shown:
    """The title in the page's language, else the original language's (said visibly)."""
    text, language = pick_translation(event.text_map("title"), event.original_language)
    return Shown(text or _("Untitled event"), language)


def event_description(event: Event) -> Shown:
    text, language = pick_translation(event.text_map("description"), event.original_language)
    return Shown(text, language)


def speaker_label(speaker: Speaker) -> str:
    """A speaker's name, or, when it was not published, where they came from."""
    if speaker.name:
        return speaker.name
    if speaker.country_code:
        return _("A speaker from %(country)s", country=country_name(speaker.country_code))
    return _("A speaker")


def place(event: Event) -> str:
    """Venue and country, as one line (empty for an online event without a venue)."""
    parts = [event.venue] if event.venue else []
    if event.country_code:
        parts.append(country_name(event.country_code))
    return ", ".join(parts)


def series_name(series) -> Shown:
    text, language = pick_translation(series.names or {}, series.original_language)
    return Shown(text or series.code, language)


def theme_name(theme) -> str:
    """The theme's name in the page's language, else in English, else in any language."""
    return pick_translation(theme.names or {}, "en")[0] or theme.code


def host_names(event) -> list[Shown]:
    """The hosts' names, the lead first: an Event's, or a listed one's (queries.ListedEvent)."""
    if hasattr(event, "host_names"):
        return event.host_names
    return [society_name(host.society) for host in event.hosts]


def attendance(event) -> int | None:
    """The 延べ of the event's report, None without one."""
    if hasattr(event, "attendance"):
        return event.attendance
    return event.report.attendance_total if event.report else None


def status_badge(event: Event) -> EventStatus | None:
    """The status worth a badge beside the title: any but the usual, published."""
    return None if event.status == EventStatus.PUBLISHED else event.status


def visibility_note(event: Event) -> str:
    """Who can see the event, when not everyone can (a draft)."""
    if event.status == EventStatus.DRAFT:
        return _("This draft is visible only to its hosts and AOTS staff.")
    return ""


def event_hours(event) -> str:
    """The time of day in the event's own zone ("09:15–17:30, hora de Perú"), or ""."""
    if event.start_time is None:
        return ""
    shown = [
        format_time(t, "short", locale=get_locale())
        for t in (event.start_time, event.end_time)
        if t
    ]
    return f"{'–'.join(shown)}, {zone_label(event.time_zone)}"
