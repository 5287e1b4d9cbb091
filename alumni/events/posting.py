"""An event posted in one form: saved, published if asked, and reported if it took place.

One call, one unit of work: when the report's rules refuse, the event is not saved either.
"""

from flask_babel import gettext as _

from alumni.common.exceptions import Refused
from alumni.common.time import today
from alumni.events import services, workflow
from alumni.events.models import Event, EventStatus
from alumni.societies.models import Society

PUBLISH = "publish"


def post_event(actor, lead: Society, data: dict) -> Event:
    """A new event led by LEAD: a draft, or published (with its report when given)."""
    event = services.create_event(actor, lead, data)
    _publish_and_report(actor, event, data)
    return event


def save_event(actor, event: Event, data: dict, *, seen_version: int) -> Event:
    """The edited event; a draft may be published (and reported) in the same step."""
    services.update_event(actor, event, data, seen_version=seen_version)
    _publish_and_report(actor, event, data)
    return event


def publishable(user, event: Event) -> bool:
    """Whether the edit form offers "Publish": the workflow allows USER that move now."""
    return any(t.name == PUBLISH for t in workflow.available(user, event))


def _publish_and_report(actor, event: Event, data: dict) -> None:
    reported = data.get("attendance_total") is not None
    publish = data.get("intent") == PUBLISH and event.status == EventStatus.DRAFT
    if reported and event.report is None:
        if not publish and event.status != EventStatus.PUBLISHED:
            raise Refused.at(
                "attendance_total",
                _("A draft has no participation report: publish the event to file it."),
            )
        if event.start_date > today():
            raise Refused.at(
                "attendance_total",
                _("The participation report can be filed once the event has begun."),
            )
    if publish:
        services.move(actor, event, "publish")
    if reported and event.report is None:
        services.save_report(actor, event, data, seen_version=None)
