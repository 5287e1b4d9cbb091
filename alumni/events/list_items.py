"""The events list's items written in Python, as macros/events.html event_item writes them.

The macro, called per row with its own macros, url_for, gettext and Babel inside, was most of
the list page's time. Here what only the language decides (kinds, formats, badges, the
sentences) is translated once per language and process, and a row is a few string joins.
The society page keeps the macro; tests compare the two (tests/events/test_list_items.py).
"""

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from alumni.events.models import EventFormat, EventKind, EventStatus
from alumni.events.presenters import event_title, status_badge
from alumni.i18n import bcp47, get_locale

_PIECES: dict[str, dict] = {}  # per language: at most one entry per catalog


def _pieces() -> dict:
    locale = str(get_locale())
    found = _PIECES.get(locale)
    if found is None:
        found = _PIECES[locale] = {
            "kind": {k: str(escape(k.title)) for k in EventKind},
            "format": {f: str(escape(f.title)) for f in EventFormat},
            "badge": {
                s: str(Markup('<span class="badge badge-%s">%s</span>') % (s.value, s.title))
                for s in EventStatus
            },
            "example": str(
                Markup('<span class="badge badge-unconfirmed">%s</span>') % _("Example data")
            ),
            # As Jinja's gettext: the catalog's text is trusted, its values escaped.
            "participants": Markup(_("%(num)s participants (cumulative, 延べ)")),  # noqa: S704
            "original": Markup(_("in %(language)s, the original")),  # noqa: S704
        }
    return found


def items_html(events) -> Markup:
    """The list items of EVENTS (queries.ListedEvent), the macro's HTML exactly."""
    pieces = _pieces()
    filters = current_app.jinja_env.filters
    day, number = filters["date"], filters["number"]
    link = url_for("events.event", event_id=1)[:-1]
    rows = []
    for event in events:
        title = event_title(event)
        text = str(escape(title.text))
        if title.fallback_language:
            note = pieces["original"] % {"language": title.fallback_label}
            text = (
                f'<span lang="{escape(bcp47(title.fallback_language))}">{text}</span>\n'
                f'  <span class="fallback-note">({note})</span>'
            )
        badge = status_badge(event)
        dates = day(event.start_date, "long")
        if event.start_date != event.end_date:
            dates += " – " + day(event.end_date, "long")
        hosts = ", ".join(str(escape(name)) for name in event.host_names)
        if event.attendance is not None:
            hosts += " · " + str(pieces["participants"] % {"num": number(event.attendance)})
        rows.append(
            '  <li class="event-item">\n'
            f'    <a href="{link}{event.id}">{text}</a>\n'
            f"{pieces['badge'][badge] if badge else ''}"
            f"{pieces['example'] if event.is_example else ''}"
            f'    <span class="meta">{escape(dates)} · {pieces["kind"][event.kind]} · '
            f"{pieces['format'][event.format]}\n"
            f"      · {hosts}</span>\n"
            "  </li>\n"
        )
    return Markup("".join(rows))  # noqa: S704 (each part escaped above)
