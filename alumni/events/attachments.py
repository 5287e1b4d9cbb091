"""Photos on events: events registers the kind with files, which sits below it.

Photos follow the event: public once it is published (or cancelled), otherwise seen only by
those who edit it, who also add and remove them. A draft's photos are 404 to everyone else,
as the draft is.
"""

from flask import url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from alumni.events.presenters import event_title
from alumni.events.queries import get_event
from alumni.files import kinds

kinds.register(
    kinds.Kind(
        name="event_photo",
        title=_l("Photos of the event"),
        load=get_event,
        page=lambda event: url_for("events.event", event_id=event.id),
        images_only=True,
        describe=lambda event: f"{event_title(event).text} · {format_date(event.start_date)}",
        refused=404,
    )
)
