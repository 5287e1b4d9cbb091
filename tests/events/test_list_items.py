"""The events list writes its items in Python (events/list_items.py): the same HTML as the
event_item macro the society page still uses, in any language and for any kind of row."""

from datetime import date

import pytest
from flask import get_template_attribute

from alumni.events import filter_choices, list_items, queries
from alumni.events.models import EventKind, EventStatus
from tests.events_helpers import make_event


@pytest.mark.parametrize("language", ["en", "ja", "es"])
def test_list_items_are_the_macros_html(app, language):
    ids = [
        make_event(app, titles={"en": "Kaizen <basics> & more"}, attendance=1234, days=3),
        make_event(app, "IN-KERALA", ["PE-PERU"], status=EventStatus.CANCELLED, days=1),
        make_event(app, titles={"ja": "改善", "es": "Mejora"}, original="ja", kind=EventKind.OTHER),
    ]
    path = f"/events/?lang={language}"
    with app.test_request_context(path, headers={"Accept-Language": language}):
        app.preprocess_request()
        events = queries.listed(ids, filter_choices.hosts().names)
        macro = get_template_attribute("macros/events.html", "event_item")
        assert str(list_items.items_html(events)) == "".join(str(macro(e)) for e in events)


def test_the_list_shows_a_cancelled_event_with_its_badge(app, client):
    make_event(
        app, titles={"en": "Called off"}, status=EventStatus.CANCELLED, start=date(2022, 5, 1)
    )
    body = client.get("/events/?fiscal_year=2022", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert 'Called off</a>\n<span class="badge badge-cancelled">Cancelled</span>' in body
