"""Which status may follow which, and who may make the move: the one table for events."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from alumni.auth import permissions
from alumni.events.models import EventStatus


class IllegalTransition(Exception):
    """The move is not in the table; nothing was changed."""


@dataclass(frozen=True)
class Transition:
    name: str
    source: EventStatus
    target: EventStatus
    allowed: object  # a predicate (user, event) from alumni.auth.permissions
    label: object
    # A destructive or final move is asked twice: the question, then the button that does it.
    confirm: object = None
    confirm_yes: object = None


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "publish",
            EventStatus.DRAFT,
            EventStatus.PUBLISHED,
            permissions.can_edit_event,
            _l("Publish"),
        ),
        Transition(
            "cancel",
            EventStatus.PUBLISHED,
            EventStatus.CANCELLED,
            permissions.can_cancel_event,
            _l("Cancel the event"),
            confirm=_l(
                "Cancel this event? It stays listed as cancelled and cannot be published again."
            ),
            confirm_yes=_l("Yes, cancel the event"),
        ),
        Transition(
            "discard",
            EventStatus.DRAFT,
            EventStatus.DISCARDED,
            permissions.can_cancel_event,
            _l("Discard the draft"),
            confirm=_l("Discard this draft? It cannot be published afterwards."),
            confirm_yes=_l("Yes, discard the draft"),
        ),
    )
}


def available(user, event) -> list[Transition]:
    """The moves USER may make on EVENT now (for buttons; the service checks again)."""
    if not permissions.is_authenticated(user):
        return []  # every move's rule denies a visitor who is not logged in; asked at once
    return [t for t in TRANSITIONS.values() if t.source == event.status and t.allowed(user, event)]


def check(user, event, name: str) -> Transition:
    transition = TRANSITIONS.get(name)
    if transition is None or transition.source != event.status:
        raise IllegalTransition(name)
    if not transition.allowed(user, event):
        raise PermissionError(name)
    return transition
