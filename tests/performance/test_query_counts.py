"""Each key page runs a few SQL queries, the same number whatever the amount of data (no N+1)."""

from datetime import date, timedelta

import pytest

from alumni.events.models import EventKind
from alumni.extensions import db
from alumni.grants.models import GrantStatus
from alumni.reports.services import open_summary, publish
from tests.events_helpers import make_event, make_series
from tests.grants_helpers import donate, make_grant
from tests.support.queries import count_queries

PAGES = [
    "/",
    "/societies/",
    "/societies/PE-PERU",
    "/countries/IN",
    "/events/",
    "/events/?fiscal_year=2021&kind=seminar&federation=FELAAS",
    "/events/?society=PE-PERU&theme=kaizen&page=2",
    "/events/?region=latin_america&country=IN&format=online&when=past",
    "/events/?society=PE-PERU&country=IN&kind=seminar",
    "/events/1",
    "/events/2",
    "/series/PE-5S",
    "/wnf/",
    "/summaries/2021",
    "/events/feed.ics",
    "/societies/PE-PERU/events.ics",
    "/federations/FELAAS/events.ics",
    "/federations/FELAAS",
    "/activity/2021",
    "/events/feed.atom",
    "/events/export.csv",
    "/events/export.csv?fiscal_year=2021&society=PE-PERU",
    "/events/export.xlsx?federation=FELAAS&theme=kaizen&kind=seminar",
]
# Issue 7's budget for every key public page, whatever the data.
MOST_QUERIES = 8


def add_data(app, copies: int, first: int = 0) -> None:
    """COPIES of a year's worth of varied data: events with co-hosts, reports, grants."""
    hosts = ["PE-PERU", "IN-KERALA", "AR-ARGENTINA", "VE-VENEZUELA"]
    for number in range(first, first + copies):
        lead, co_host = hosts[number % 4], hosts[(number + 1) % 4]
        start = date(2021, 4, 1) + timedelta(days=number * 7)
        make_event(
            app,
            lead,
            [co_host],
            start=start,
            attendance=10 + number,
            titles={"en": f"Seminar {number}", "ja": f"セミナー{number}"},
            themes=["kaizen", "5s"],
        )
        make_event(
            app,
            "PE-PERU",
            kind=EventKind.CONTEST_EDITION,
            series="PE-5S",
            edition=number + 1,
            start=start + timedelta(days=1),
        )
        make_grant(app, lead, (co_host,), status=GrantStatus.APPROVED, amount=1000)


def counts(app) -> dict[str, int]:
    client = app.test_client()
    found = {}
    with app.app_context():
        engine = db.engine
    for page in PAGES:
        with count_queries(engine) as statements:
            response = client.get(page, headers={"Accept-Language": "en"})
        assert response.status_code == 200, page
        found[page] = len(statements)
    return found


@pytest.fixture
def seeded(app):
    make_series(app)
    donate(app, 10_000_000)
    add_data(app, 2)
    with app.app_context():
        publish(None, open_summary(None, 2021))
        db.session.commit()
    return app


def test_key_pages_run_the_same_number_of_queries_with_more_data(seeded):
    small = counts(seeded)
    add_data(seeded, 12, first=2)  # seven times as many events, reports and grants
    large = counts(seeded)
    assert large == small


def test_key_pages_run_at_most_eight_queries(seeded):
    add_data(seeded, 4, first=2)
    found = counts(seeded)
    assert {page: n for page, n in found.items() if n > MOST_QUERIES} == {}


def test_a_society_page_shows_its_newest_events_and_links_to_all(seeded):
    add_data(seeded, 30, first=2)
    text = seeded.test_client().get("/societies/PE-PERU").get_data(as_text=True)
    assert text.count('class="event-item"') == 20
    assert 'href="/events/?society=PE-PERU"' in text
