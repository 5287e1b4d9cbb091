"""A society's series, drafts and events on its page: events adds them to the page of societies.

Societies sits below events and so cannot ask for them itself; it includes what the packages
above it registered (alumni/societies/pages.py).
"""

from flask import render_template
from flask_login import current_user
from markupsafe import Markup

from alumni.auth.permissions import can_create_event
from alumni.common.caching import per_version
from alumni.events import filter_choices, queries
from alumni.i18n import current_language
from alumni.societies.models import Society
from alumni.societies.pages import part_of


@part_of("society")
def society_events(society: Society) -> tuple[str, dict]:
    """The society's series, its newest public events and, for its officers, its drafts."""
    with_drafts = can_create_event(current_user, society)
    events = newest_events_html(society)
    # Only content decides the part, once who may see the drafts is known: it is drawn once
    # per content version, language and that answer, with the newest events (kept on their
    # own, see below) written into it, not kept twice.
    key = (society.id, current_language(), with_drafts, bool(events))
    part = per_version(
        "society_events_part",
        key,
        lambda: _render_part(society, with_drafts, events),
        most=1024,  # a few hundred bytes each (the newest events are not in them)
    )
    return "events/_drawn_part.html", {"html": Markup(part.replace(EVENTS, events))}  # noqa: S704


# Where the newest events go in a drawn part (NUL is refused in all input).
EVENTS = "\x00newest-events\x00"


def _render_part(society: Society, with_drafts: bool, events: Markup) -> str:
    values = {
        "series": queries.series_of(society),
        "drafts": queries.society_drafts(society) if with_drafts else [],
        "events": Markup(EVENTS) if events else Markup(""),  # noqa: S704 (a constant)
    }
    return render_template("events/_society_part.html", part=values, society=society)


def newest_events_html(society: Society) -> Markup:
    """The society's newest public events as the list shows them, rendered once per content
    version and language: twenty list items were most of the page's time, and nothing in
    them depends on the visitor (no button, no "upcoming" mark). Empty without any."""
    return per_version(
        "society_events_html",
        (society.id, current_language()),
        lambda: _render_newest(society),
        most=512,  # a few KB each: every society in every language, at most a few MB
    )


def _render_newest(society: Society) -> Markup:
    events = queries.society_history(society, filter_choices.society_names())
    if not events:
        return Markup("")
    html = render_template("events/_society_events.html", events=events)
    return Markup(html)  # noqa: S704 (an autoescaped template's output)
