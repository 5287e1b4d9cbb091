"""The upcoming list starts at the first day of the earliest event not over yet, found once per
content version and day (queries._when): an event added that began before it is listed at
once, and the list's statement no longer reads every event not over yet."""

import re
from datetime import timedelta

from alumni.common.time import today as utc_today
from alumni.events import filter_choices, queries
from alumni.extensions import db
from tests.events_helpers import make_event
from tests.helpers import get_as, page_text


def upcoming(client) -> list[str]:
    return re.findall(r"Event \w+", page_text(get_as(client, "/events/?when=upcoming", "en")))


def test_an_event_begun_before_the_upcoming_ones_is_listed_once_added(app, client):
    today = utc_today()
    make_event(app, titles={"en": "Event next"}, start=today + timedelta(days=3))
    make_event(app, titles={"en": "Event over"}, start=today - timedelta(days=9), days=2)
    assert upcoming(client) == ["Event next"]
    # Began a week ago, ends in a week: earlier than the first day found before.
    make_event(app, titles={"en": "Event running"}, start=today - timedelta(days=7), days=15)
    assert upcoming(client) == ["Event running", "Event next"]
    with app.test_request_context("/events/"):
        filters = queries.EventFilter(when="upcoming")
        query = queries.page_ids(filters, 21, hosts=filter_choices.hosts())
        compiled = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
        assert "min(" not in compiled
        assert f"'{today - timedelta(days=7)}'" in compiled
