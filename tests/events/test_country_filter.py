"""The list's country filter: the events held in the country and those its societies host,
read apart in date order and merged (queries.page_ids), page after page, each event once."""

import re
from datetime import date, timedelta

import pytest

from alumni.events import filter_choices, queries
from alumni.extensions import db
from tests.events_helpers import make_event
from tests.helpers import get_as, page_text
from tests.support.queries import plan


def sides(country: str, first: str, second: str) -> tuple:
    """(lead, co-hosts, held in) of events each listed for COUNTRY, FIRST and SECOND two of
    its societies: held there or hosted by one of them."""
    return (
        ("PE-PERU", (), country),  # held in the country, hosted elsewhere
        (first, (), "PE"),  # hosted by one of its societies, held elsewhere
        (first, (second,), None),  # co-hosted by two of its societies
        (second, ("PE-PERU",), country),  # held there and hosted by one of them
    )


ELSEWHERE = ("PE-PERU", ("AR-ARGENTINA",), "PE")  # neither: never listed for them
# Indonesia's three societies are read apart (queries.page_ids); India's nine, in one walk.
COUNTRIES = [("ID", "ID-JAKARTA", "ID-MEDAN"), ("IN", "IN-KERALA", "IN-CHENNAI")]


def listed(client, query: str) -> list[str]:
    """The events a page of the list shows, in its order (duplicates kept)."""
    return re.findall(r"Listed \d\d", page_text(get_as(client, f"/events/?{query}", "en")))


@pytest.mark.parametrize(("country", "first", "second"), COUNTRIES)
def test_the_country_lists_events_held_there_and_hosted_by_its_societies_page_by_page(
    app, client, country, first, second
):
    listed_there = sides(country, first, second)
    newest = date(2023, 4, 20)
    # Listed 00 the newest; 24 on each side, more than a page of 20 and the one after it.
    for number in range(48):
        lead, co_hosts, held = listed_there[number % len(listed_there)]
        day = newest - timedelta(days=2 * number)
        make_event(
            app, lead, co_hosts, titles={"en": f"Listed {number:02d}"}, start=day, country=held
        )
        lead, co_hosts, held = ELSEWHERE
        before = day - timedelta(days=1)
        make_event(app, lead, co_hosts, titles={"en": "Elsewhere"}, start=before, country=held)

    query = f"country={country}"
    assert listed(client, query) == [f"Listed {n:02d}" for n in range(20)]
    assert listed(client, f"{query}&page=2") == [f"Listed {n:02d}" for n in range(20, 40)]
    assert listed(client, f"{query}&page=3") == [f"Listed {n:02d}" for n in range(40, 48)]
    assert "Events 41 to 48" in page_text(get_as(client, f"/events/?{query}&page=3", "en"))
    assert listed(client, f"{query}&page=4") == []
    # With another filter, each side keeps it: the ten newest are in fiscal year 2023.
    assert listed(client, f"{query}&fiscal_year=2023") == [f"Listed {n:02d}" for n in range(10)]
    assert listed(client, f"{query}&fiscal_year=2022") == [f"Listed {n}" for n in range(10, 30)]
    assert listed(client, f"{query}&fiscal_year=2022&page=2") == [
        f"Listed {n}" for n in range(30, 48)
    ]


@pytest.mark.parametrize(("country", "first", "second"), COUNTRIES)
def test_the_countrys_upcoming_events_are_listed_oldest_first(app, client, country, first, second):
    soon = date.today() + timedelta(days=10)
    for number, (lead, co_hosts, held) in enumerate(sides(country, first, second)):
        day = soon + timedelta(days=number)
        make_event(
            app, lead, co_hosts, titles={"en": f"Listed {number:02d}"}, start=day, country=held
        )
    make_event(app, *ELSEWHERE[:2], titles={"en": "Listed 99"}, start=soon, country="PE")
    assert listed(client, f"country={country}&when=upcoming") == [
        f"Listed {n:02d}" for n in range(4)
    ]


def test_each_side_of_the_country_filter_is_read_in_the_lists_order(app):
    with app.test_request_context("/events/"):
        filters = queries.EventFilter(country="ID")
        statement = queries.page_ids(filters, 21, 20, hosts=filter_choices.hosts())
        found = plan(statement)
        db.session.rollback()
        backend = db.engine.dialect.name
    assert "ix_event_country_code_start_date_id_status" in found
    if backend == "sqlite":
        # (PostgreSQL, on these few rows, may probe each event's hosts instead.)
        assert "ix_event_host_society_id_start_date_event_id" in found
        assert "MULTI-INDEX OR" not in found  # both sides' matches read, then sorted
