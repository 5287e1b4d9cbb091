"""The public detail pages read what they show cheaply, and never show it stale (issue 14)."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from alumni import create_app
from alumni.auth.models import Membership, MembershipRole, User
from alumni.events.models import Event, EventStatus
from alumni.extensions import db
from tests.auth_helpers import make_user
from tests.conftest import base_config
from tests.events_helpers import make_event, report_countries, speakers
from tests.performance.test_export_tuples import orm_loads
from tests.support.queries import count_queries


@pytest.fixture
def app(database_url, smtp_server, tmp_path):
    """Without the page cache: each request runs its view, as the budgets measure it."""
    app = create_app(base_config(database_url, smtp_server.port) | {"PAGE_CACHE_MB": 0})
    app.instance_path = str(tmp_path / "instance")
    yield app
    with app.app_context():
        db.engine.dispose()


def visit(app, path: str) -> tuple[str, list[str]]:
    """The page's text and the SQL statements it ran."""
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = app.test_client().get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True), statements


def finds_newest(statements: list[str]) -> bool:
    # A society's newest, read from its host rows in their index's order.
    order = "ORDER BY event_host.start_date DESC, event_host.event_id DESC"
    return any(order in s for s in statements)


def test_a_society_page_finds_its_newest_events_once_per_content_version(app):
    make_event(app, "PE-PERU", titles={"en": "First seminar"})
    text, statements = visit(app, "/societies/PE-PERU")
    assert "First seminar" in text and finds_newest(statements)
    text, statements = visit(app, "/societies/PE-PERU")
    assert "First seminar" in text and not finds_newest(statements)
    # The list items too are kept for this content version and language, rendered.
    assert not any("event_text" in statement for statement in statements)
    text, statements = visit(app, "/societies/IN-KERALA")
    assert "First seminar" not in text and finds_newest(statements)

    make_event(app, "PE-PERU", titles={"en": "Second seminar"})
    text, statements = visit(app, "/societies/PE-PERU")
    assert "Second seminar" in text and "First seminar" in text and finds_newest(statements)


@pytest.fixture
def full_event(app) -> int:
    """A published event with a co-host, two themes, speakers and a report by country."""
    event_id = make_event(
        app,
        "PE-PERU",
        ["IN-KERALA"],
        titles={"en": "Kaizen day", "es": "Día kaizen"},
        themes=["kaizen", "5s"],
        attendance=60,
    )
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.speakers = speakers(("Ana Quispe", "PE", "IN-KERALA"), ("", "JP", None))
        event.report.countries = report_countries(("AR", 5), ("IN", 20), ("PE", 20))
        db.session.commit()
    return event_id


def test_an_event_page_shows_its_rows_without_loading_orm_objects(app, full_event):
    visit(app, f"/events/{full_event}")  # the societies' names, kept per content version
    with orm_loads() as loaded:
        text, _statements = visit(app, f"/events/{full_event}")
    assert sum(loaded.values()) == 0, loaded
    main = text[text.index('<main id="main"') :]
    assert "Kaizen day" in main
    hosts = main[main.index("<dt>Hosts</dt>") : main.index("<dt>Themes</dt>")]
    assert hosts.index('href="/societies/PE-PERU"') < hosts.index('href="/societies/IN-KERALA"')
    assert "(Peru, lead host)" in hosts and "(India)" in hosts
    assert re.search(r"Ana Quispe <span class=\"meta\">\(Peru\)</span> — \w", main)
    assert "A speaker from Japan" in main
    countries = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)', main)
    assert countries == [
        ("India", "20"),
        ("Peru", "20"),
        ("Argentina", "5"),
        ("Country not stated", "15"),
    ]


def test_an_event_page_in_spanish_shows_the_spanish_title(app, full_event):
    response = app.test_client().get(f"/events/{full_event}", headers={"Accept-Language": "es"})
    assert "<h1>Día kaizen</h1>" in response.get_data(as_text=True)


def test_a_draft_stays_hidden_from_the_public(app):
    draft = make_event(app, "PE-PERU", status=EventStatus.DRAFT, titles={"en": "Secret plan"})
    response = app.test_client().get(f"/events/{draft}", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert app.test_client().get("/events/999999").status_code == 404


def test_a_society_page_names_its_shown_officers_without_loading_accounts(app):
    year = timedelta(days=365)
    officer, on = MembershipRole.OFFICER, date.today()
    make_user(
        app, "now@example.org", name="Rosa Now", memberships=[("PE-PERU", officer, on - year, None)]
    )
    make_user(
        app,
        "past@example.org",
        name="Old Term",
        memberships=[("PE-PERU", officer, on - 2 * year, on - year)],
    )
    make_user(
        app,
        "quiet@example.org",
        name="Not Shown",
        memberships=[("PE-PERU", officer, on - year, on + year)],
    )
    with app.app_context():
        shown = db.session.scalars(select(Membership).join(User).where(User.name != "Not Shown"))
        for membership in shown:
            membership.show_publicly = True
        db.session.commit()
    visit(app, "/societies/PE-PERU")
    with orm_loads() as loaded:
        text, _statements = visit(app, "/societies/PE-PERU")
    assert 'Rosa Now <span class="meta">(President)</span>' in text
    assert "Old Term" not in text and "Not Shown" not in text
    assert not {"User", "Membership"} & set(loaded), loaded


def test_a_society_page_lists_its_events_in_the_readers_language(app):
    make_event(app, "PE-PERU", titles={"en": "Kaizen day", "es": "Día kaizen"})
    client = app.test_client()
    for language, title, other in (
        ("en", "Kaizen day", "Día kaizen"),
        ("es", "Día kaizen", "Kaizen day"),
    ):
        for _visit in range(2):
            response = client.get("/societies/PE-PERU", headers={"Accept-Language": language})
            text = response.get_data(as_text=True)
            assert f">{title}</a>" in text and f">{other}</a>" not in text
