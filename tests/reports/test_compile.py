"""The figures of a yearly summary, counted by the database, as the snapshot freezes them."""

from datetime import date

from sqlalchemy import select

from alumni.events.models import EventKind, EventStatus
from alumni.extensions import db
from alumni.grants.models import Grant, GrantStatus
from alumni.reports.compile import compile_year
from alumni.societies.models import Society
from tests.events_helpers import make_event, make_series
from tests.grants_helpers import make_grant

PERU, KERALA, VENEZUELA = "PE-PERU", "IN-KERALA", "VE-VENEZUELA"


def prepare_fy2021(app) -> None:
    """Co-hosted events, events without a report, drafts, and two contests on one day."""
    with app.app_context():  # a society outside any federation groups under ""
        venezuela = db.session.scalars(select(Society).where(Society.code == VENEZUELA)).one()
        venezuela.federation_code = None
        db.session.commit()
    make_series(app)
    seminar = make_event(app, PERU, [KERALA], start=date(2021, 5, 1), attendance=100)
    make_event(app, KERALA, [PERU], start=date(2021, 6, 1))  # no report yet
    make_event(app, KERALA, kind=EventKind.CONFERENCE, start=date(2022, 3, 31), attendance=0)
    contest = {"kind": EventKind.CONTEST_EDITION, "series": "PE-5S", "start": date(2021, 9, 1)}
    make_event(app, PERU, **contest, edition=8, attendance=40)
    make_event(app, VENEZUELA, **contest, edition=7)  # same day, created later: listed second
    make_event(app, PERU, kind=EventKind.CONTEST_EDITION, start=date(2021, 7, 1), attendance=10)
    make_event(app, PERU, status=EventStatus.DRAFT, start=date(2021, 8, 1), attendance=999)
    make_event(app, PERU, status=EventStatus.CANCELLED, start=date(2021, 8, 2), attendance=999)
    # FY2020, for the comparison with the previous year
    make_event(app, PERU, start=date(2021, 3, 31), attendance=7)
    make_event(app, PERU, **(contest | {"start": date(2020, 10, 1)}), edition=6)

    reported = make_grant(app, status=GrantStatus.DISBURSED, amount=200_000, end=date(2021, 5, 1))
    make_grant(app, KERALA, status=GrantStatus.DISBURSED, amount=50_000, end=date(2021, 6, 1))
    make_grant(app, status=GrantStatus.SUBMITTED, end=date(2021, 6, 1))  # not public
    with app.app_context():
        db.session.get(Grant, reported).event_id = seminar
        db.session.commit()


def test_events_are_counted_by_kind_and_by_the_lead_host(app):
    prepare_fy2021(app)
    with app.app_context():
        events = compile_year(2021)["events"]
    assert events == {
        "count": 6,
        "attendance": 150,
        "reported": 4,
        "by_kind": [["contest_edition", 3, 50], ["seminar", 2, 100], ["conference", 1, 0]],
        "by_region": [["latin_america", 4, 150], ["asia", 2, 0]],
        "by_federation": [["FELAAS", 3, 150], ["SAFAAS", 2, 0], ["", 1, 0]],
        "by_country": [["PE", 3, 150], ["IN", 2, 0], ["VE", 1, 0]],
    }
    assert list(events) == ["count", "attendance", "reported"] + [
        "by_kind",
        "by_region",
        "by_federation",
        "by_country",
    ]


def test_contests_are_the_editions_of_a_series_by_date_then_creation(app):
    prepare_fy2021(app)
    with app.app_context():
        contests = compile_year(2021)["contests"]
    names = {"en": "Peru 5S contest", "es": "Concurso 5S del Perú"}
    assert contests == [
        {"series": names, "series_code": "PE-5S", "edition": 8, "date": "2021-09-01",
         "attendance": 40},
        {"series": names, "series_code": "PE-5S", "edition": 7, "date": "2021-09-01",
         "attendance": None},
    ]  # fmt: skip


def test_wnf_programmes_carry_their_event_attendance_once_reported(app):
    prepare_fy2021(app)
    with app.app_context():
        wnf = compile_year(2021)["wnf"]
    assert (wnf["programmes"], wnf["participants"], wnf["approved"]) == (2, 100, 250_000)
    assert wnf["list"] == [
        {"title": "Kaizen exchange", "host": PERU, "approved": 200_000, "participants": 100},
        {"title": "Kaizen exchange", "host": KERALA, "approved": 50_000, "participants": None},
    ]


def test_the_previous_year_headline_agrees_with_that_year_compiled_in_full(app):
    prepare_fy2021(app)
    with app.app_context():
        previous = compile_year(2021)["previous"]
        full = compile_year(2020)
    assert previous == {
        "fiscal_year": 2020,
        "societies": full["network"]["societies"],
        "countries": full["network"]["countries"],
        "events": 2,
        "attendance": 7,
        "contests": 1,
        "wnf_programmes": 0,
        "wnf_approved": 0,
    }
    assert (full["events"]["count"], len(full["contests"])) == (2, 1)
