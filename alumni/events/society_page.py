"""A society's series, drafts and events on its page: events adds them to the page of societies.

Societies sits below events and so cannot ask for them itself; it includes what the packages
above it registered (alumni/societies/pages.py).
"""

from flask_login import current_user

from alumni.auth.permissions import can_create_event
from alumni.events import filter_choices, queries
from alumni.societies.models import Society
from alumni.societies.pages import part_of


@part_of("society")
def society_events(society: Society) -> tuple[str, dict]:
    """The society's series, its newest public events and, for its officers, its drafts."""
    drafts = queries.society_drafts(society) if can_create_event(current_user, society) else []
    values = {
        "series": queries.series_of(society),
        "drafts": drafts,
        "events": queries.society_history(society, filter_choices.society_names()),
    }
    return "events/_society_part.html", values
