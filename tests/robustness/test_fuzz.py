"""Bounded property-based fuzzing of the main forms' fields: whatever is typed, never a 5xx,
and a refused post leaves the database as it was."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.auth_helpers import SOCIETY_A, log_in
from tests.events_helpers import make_event
from tests.robustness.test_form_routes import _counts

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
typed = st.text(st.characters(codec="utf-8"), max_size=300)
numbers = st.one_of(typed, st.integers(-(2**70), 2**70).map(str))


def _counts_now(app):
    with app.app_context():
        return _counts()


def _post_and_check(app, client, url: str, data: dict) -> None:
    """Whatever was typed: never a 5xx, and a refused post leaves every table as it was."""
    before = _counts_now(app)
    response = client.post(url, data=data)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert _counts_now(app) == before


@pytest.fixture
def officer(client, people):
    log_in(client, people["officer_a"].email)
    return client


@FUZZ
@given(title=typed, start=numbers, attendance=numbers, venue=typed)
def test_event_form(app, officer, title, start, attendance, venue):
    _post_and_check(
        app,
        officer,
        f"/societies/{SOCIETY_A}/events/new",
        {
            "title_en": title,
            "start_date": start,
            "end_date": start,
            "venue": venue,
            "original_language": "en",
            "kind": "seminar",
            "format": "online",
            "time_zone": "UTC",
            "edition_number": attendance,
        },
    )


@FUZZ
@given(total=numbers, country=typed, count=numbers, distinct=numbers)
def test_report_form(app, officer, total, country, count, distinct):
    event_id = _past_event(app)
    _post_and_check(
        app,
        officer,
        f"/events/{event_id}/report",
        {
            "attendance_total": total,
            "distinct_participants": distinct,
            "countries-0-country": country,
            "countries-0-attendance": count,
        },
    )


_events: dict = {}


def _past_event(app) -> int:
    key = app.config["SQLALCHEMY_DATABASE_URI"]
    if key not in _events:
        _events[key] = make_event(app)
    return _events[key]


@FUZZ
@given(email=typed, phone=typed, website=typed, link=typed, name=typed)
def test_society_profile_form(app, officer, email, phone, website, link, name):
    _post_and_check(
        app,
        officer,
        f"/societies/{SOCIETY_A}/edit",
        {
            "contact_email": email,
            "contact_phone": phone,
            "website": website,
            "links-0-url": link,
            "links-0-label": name,
            "name_en": name,
            "version": "0",
        },
    )
