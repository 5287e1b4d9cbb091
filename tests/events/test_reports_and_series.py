"""Participation reports (延べ) with their sanity rules and history; series and editions."""

import re
from datetime import date, timedelta

import pytest

from alumni.events.models import EventKind, EventStatus
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events_helpers import load_event, make_entry, make_event, make_series
from tests.helpers import get_as, page_text


def report(client, event_id, **figures):
    data = {"attendance_total": "", "distinct_participants": "", "speakers_count": ""}
    data.update({k: str(v) for k, v in figures.items()})
    return client.post(f"/events/{event_id}/report", data=data)


def test_report_with_a_partial_breakdown_shows_the_rest_as_not_stated(app, client, people):
    event_id = make_event(app, SOCIETY_A, [SOCIETY_B], days=3)
    log_in(client, people["officer_b"].email)  # a co-host's officer may report
    response = report(
        client,
        event_id,
        attendance_total=118,
        distinct_participants=45,
        speakers_count=5,
        **{
            "countries-0-country": "VE",
            "countries-0-attendance": 60,
            "countries-1-country": "AR",
            "countries-1-attendance": 30,
        },
    )
    assert response.status_code == 302
    assert load_event(app, event_id)["countries"] == {"VE": 60, "AR": 30}
    text = page_text(get_as(app.test_client(), f"/events/{event_id}", "en"))
    assert "118 participants (cumulative, 延べ)" in text
    assert "Venezuela 60" in text and "Argentina 30" in text
    assert "Country not stated 28" in text
    japanese = page_text(get_as(app.test_client(), f"/events/{event_id}", "ja"))
    assert "延べ118人" in japanese


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        (
            {"attendance_total": 40, "distinct_participants": 50},
            "cannot be below the number of distinct participants",
        ),
        (
            {"attendance_total": 200, "distinct_participants": 50},
            "cannot exceed the distinct participants times the 3 days of the event",
        ),
        (
            {
                "attendance_total": 50,
                "countries-0-country": "PE",
                "countries-0-attendance": 40,
                "countries-1-country": "IN",
                "countries-1-attendance": 20,
            },
            "The attendance by country adds up to more than the total.",
        ),
        (
            {
                "attendance_total": 50,
                "countries-0-country": "PE",
                "countries-0-attendance": 10,
                "countries-1-country": "PE",
                "countries-1-attendance": 10,
            },
            "A country is listed twice.",
        ),
        (
            {"attendance_total": 50, "countries-0-country": "PE"},
            "Give both the country and its attendance on every line you use.",
        ),
        ({"attendance_total": 2_000_000}, "Enter a number from 0 to 1,000,000."),
        ({"attendance_total": -5}, "Enter a number from 0 to 1,000,000."),
        ({"attendance_total": "99999999999999999999999"}, "Enter a number from 0 to 1,000,000."),
        ({"attendance_total": "12a"}, "Not a valid integer value."),
    ],
)
def test_report_sanity_rules_refuse_with_a_clear_message(app, client, people, figures, message):
    event_id = make_event(app, SOCIETY_A, days=3)
    log_in(client, people["officer_a"].email)
    response = report(client, event_id, **figures)
    assert response.status_code == 422
    assert message in page_text(response)
    assert load_event(app, event_id)["report"] is None


def test_a_figure_that_cannot_be_read_says_so_and_nothing_else(app, client, people):
    """A figure such as "12a" is not a number: the officer is told that, not also that it is
    out of range (WTForms checked the range of the nothing it was left with), on a line of the
    per-country table too."""
    event_id = make_event(app, SOCIETY_A, days=3)
    log_in(client, people["officer_a"].email)
    figures = {"countries-0-country": "PE", "countries-0-attendance": "3.5"}
    response = report(client, event_id, attendance_total="12a", **figures)
    assert response.status_code == 422
    shown = page_text(response)
    assert shown.count("Not a valid integer value.") == 2
    assert "Enter a number from" not in shown and "This field is required" not in shown
    assert load_event(app, event_id)["report"] is None


def test_a_figure_out_of_range_names_its_bounds_as_the_readers_language_writes_numbers(
    app, client, people
):
    """The bounds through Babel, as every other number on the site (WTForms printed
    "1000000" in every language)."""
    from tests.events.test_one_form import speaks

    event_id = make_event(app, SOCIETY_A, days=3)
    log_in(client, people["officer_a"].email)
    for language, message in (
        ("es", "Escriba un número entre 0 y 1.000.000."),
        ("ja", "0 から 1,000,000 までの数を入力してください。"),
        ("fr", "Saisissez un nombre entre 0 et 1 000 000."),  # narrow spaces, collapsed
    ):
        speaks(app, people["officer_a"], language)
        response = report(client, event_id, attendance_total=2_000_000)
        assert response.status_code == 422
        assert message in page_text(response), language
    assert load_event(app, event_id)["report"] is None


def test_a_year_out_of_range_is_written_as_a_year(app, client, people):
    log_in(client, people["officer_a"].email)
    data = {"code": "PE-KC", "name_en": "Kaizen Cup", "cadence": "yearly", "first_year": "1900"}
    response = client.post(f"/societies/{SOCIETY_A}/series/new", data=data)
    assert response.status_code == 422
    assert "Enter a year from 1950 to 2200." in page_text(response)


def test_report_history_keeps_every_version(app, client, people):
    event_id = make_event(app, SOCIETY_A, days=2)
    log_in(client, people["officer_a"].email)
    assert report(client, event_id, attendance_total=100).status_code == 302
    assert report(client, event_id, attendance_total=120, version=1).status_code == 302
    page = page_text(client.get(f"/events/{event_id}/report"))
    assert "History of this report" in page
    assert "officer-a@example.org 120" in page and "officer-a@example.org 100" in page
    # A save based on the first version is refused now that a second exists.
    response = report(client, event_id, attendance_total=90, version=1)
    assert response.status_code == 409
    assert load_event(app, event_id)["report"] == 120
    # The form shown again carries the version now saved: sending it again goes through.
    shown = re.search(r'name="version"[^>]*value="(\d+)"', response.get_data(as_text=True))
    assert report(client, event_id, attendance_total=90, version=shown.group(1)).status_code == 302
    assert load_event(app, event_id)["report"] == 90


def test_no_report_for_a_draft_or_a_future_event(app, client, people):
    draft = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    future = make_event(app, SOCIETY_A, start=date.today() + timedelta(days=5))
    log_in(client, people["officer_a"].email)
    refused = report(client, draft, attendance_total=5)
    assert refused.status_code == 409
    assert "Only a published event can have a participation report." in page_text(refused)
    assert 'value="5"' in refused.get_data(as_text=True)
    refused = report(client, future, attendance_total=5)
    assert refused.status_code == 409
    assert "The report can be filed once the event has begun." in page_text(refused)
    assert load_event(app, draft)["report"] is None and load_event(app, future)["report"] is None
    # Asked for the form, the officer is told why there is none yet, instead of one that
    # cannot be saved.
    for event_id, why in (
        (draft, "Only a published event can have a participation report."),
        (future, "The report can be filed once the event has begun."),
    ):
        page = client.get(f"/events/{event_id}/report")
        assert page.status_code == 200
        assert why in page_text(page)
        assert 'name="attendance_total"' not in page.get_data(as_text=True)


def test_series_editions_are_numbered_by_hand_with_gaps_and_no_duplicates(app, client, people):
    make_series(app)
    make_event(
        app,
        SOCIETY_A,
        kind=EventKind.CONTEST_EDITION,
        series="PE-5S",
        edition=7,
        titles={"en": "7th contest"},
        start=date(2021, 4, 10),
        attendance=300,
    )
    log_in(client, people["officer_a"].email)
    form = client.get(f"/societies/{SOCIETY_A}/events/new?series=PE-5S").get_data(as_text=True)
    assert 'name="edition_number" type="number" value="8"' in form or 'value="8"' in form
    data = _edition(title_en="8th contest", edition_number="7")
    response = client.post(f"/societies/{SOCIETY_A}/events/new", data=data)
    assert response.status_code == 422
    assert "Edition 7 of this series is already recorded." in page_text(response)
    data["edition_number"] = "9"  # numbering may skip
    assert client.post(f"/societies/{SOCIETY_A}/events/new", data=data).status_code == 302
    client.post(f"/events/{_last_event_id(app)}/status/publish")
    text = page_text(get_as(app.test_client(), "/series/PE-5S", "en"))
    assert text.index("No. 9") < text.index("No. 7")
    assert "Every year" in text and "2013" in text


def _edition(**changes) -> dict:
    return {
        "kind": "contest_edition",
        "original_language": "en",
        "title_en": "Contest",
        "start_date": "2022-04-09",
        "end_date": "2022-04-09",
        "time_zone": "America/Lima",
        "format": "in_person",
        "country": "PE",
        "series": "PE-5S",
        "edition_number": "3",
    } | changes


def test_a_series_chosen_without_its_edition_number_is_asked_for_it(app, client, people):
    """Not "someone else saved the same thing" (the database's check, once): the edition
    number, at its field, on a new event and on a second save of one."""
    make_series(app)
    log_in(client, people["officer_a"].email)
    response = client.post(f"/societies/{SOCIETY_A}/events/new", data=_edition(edition_number=""))
    assert response.status_code == 422
    shown = page_text(response)
    assert shown.count("Enter the edition number of this contest.") == 1
    assert "Not a valid integer value." not in shown
    assert _last_event_id(app) is None
    assert client.post(f"/societies/{SOCIETY_A}/events/new", data=_edition()).status_code == 302
    event_id = _last_event_id(app)
    form = client.get(f"/events/{event_id}/edit").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', form).group(1)
    response = client.post(
        f"/events/{event_id}/edit", data=_edition(edition_number="", version=version)
    )
    assert response.status_code == 422
    assert "Enter the edition number of this contest." in page_text(response)
    assert load_event(app, event_id)["edition"] == 3


def test_an_event_joins_only_a_series_of_one_of_its_hosts(app, client, people):
    """Society B's series holds the editions B hosts: A's officer cannot file an event of A
    alone as one of them (it would take B's edition number), but can with B as co-host."""
    make_series(app, code="B-5S", society=SOCIETY_B)
    log_in(client, people["officer_a"].email)
    response = client.post(f"/societies/{SOCIETY_A}/events/new", data=_edition(series="B-5S"))
    assert response.status_code == 422
    shown = page_text(response)
    # At the series field, once; above the form, the page asks to correct the marked fields.
    assert shown.count("The series B-5S belongs to") == 1
    assert "which does not host this event" in shown
    assert "Please correct the marked fields." in shown
    assert re.search(r'id="series-errors"[^>]*>\s*<li>The series B-5S', response.get_data(True))
    assert _last_event_id(app) is None
    joint = _edition(series="B-5S", co_hosts=[SOCIETY_B])
    assert client.post(f"/societies/{SOCIETY_A}/events/new", data=joint).status_code == 302
    assert load_event(app, _last_event_id(app))["series"] == "B-5S"


def _last_event_id(app) -> int:
    from sqlalchemy import func, select

    from alumni.events.models import Event
    from alumni.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.max(Event.id)))


def test_officers_create_a_series_for_their_society(app, client, people):
    log_in(client, people["officer_a"].email)
    response = client.post(
        f"/societies/{SOCIETY_A}/series/new",
        data={
            "code": "pe-summit",
            "cadence": "biennial",
            "first_year": "2017",
            "original_language": "es",
            "name_es": "Cumbre de exbecarios",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/series/PE-SUMMIT"
    assert "Cumbre de exbecarios" in page_text(get_as(client, f"/societies/{SOCIETY_A}", "ja"))
    log_in(app.test_client(), people["officer_b"].email)
    other = app.test_client()
    log_in(other, people["officer_b"].email)
    assert other.get(f"/societies/{SOCIETY_A}/series/new").status_code == 403


def test_contest_entries_and_results(app, client, people):
    make_series(app)
    event_id = make_event(app, SOCIETY_A, kind=EventKind.CONTEST_EDITION, series="PE-5S", edition=8)
    log_in(client, people["officer_a"].email)
    response = client.post(
        f"/events/{event_id}/entries",
        data={"name": "Textiles Lima S.A.", "category": "Manufacturing", "award": "Gold"},
    )
    assert response.status_code == 302
    text = page_text(get_as(app.test_client(), f"/events/{event_id}", "en"))
    assert "Textiles Lima S.A. Manufacturing Gold" in text
    entry_id = make_entry(app, event_id, name="Other company", award="")
    assert client.post(f"/events/{event_id}/entries/{entry_id}/delete").status_code == 302
    assert "Other company" not in page_text(get_as(app.test_client(), f"/events/{event_id}", "en"))
    intruder = app.test_client()
    log_in(intruder, people["officer_b"].email)
    assert intruder.post(f"/events/{event_id}/entries", data={"name": "Sneaky"}).status_code == 403


def test_staff_extend_the_theme_list(app, client, people):
    log_in(client, people["staff"].email)
    response = client.post(
        "/staff/themes",
        data={"code": "Lean", "name_en": "Lean", "name_ja": "リーン", "name_es": "Lean"},
    )
    assert response.status_code == 302
    assert "lean — Lean" in page_text(client.get("/staff/themes"))
    assert "リーン" in page_text(get_as(app.test_client(), "/events/", "ja"))  # theme filter
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    assert officer.post("/staff/themes", data={"code": "x1", "name_en": "X"}).status_code == 403


def test_a_made_up_country_in_a_report_is_refused_not_a_crash(app, client, people):
    event_id = make_event(app, SOCIETY_A, days=2)
    log_in(client, people["officer_a"].email)
    response = report(
        client,
        event_id,
        attendance_total=50,
        **{"countries-0-country": "ZZ", "countries-0-attendance": 5},
    )
    assert response.status_code == 422
    assert load_event(app, event_id)["report"] is None
