"""The public detail pages read what they show cheaply, and never show it stale (issue 14)."""

import pytest

from alumni import create_app
from alumni.extensions import db
from tests.conftest import base_config
from tests.events_helpers import make_event
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
    return any("ORDER BY event.start_date DESC, event.id DESC" in s for s in statements)


def test_a_society_page_finds_its_newest_events_once_per_content_version(app):
    make_event(app, "PE-PERU", titles={"en": "First seminar"})
    text, statements = visit(app, "/societies/PE-PERU")
    assert "First seminar" in text and finds_newest(statements)
    text, statements = visit(app, "/societies/PE-PERU")
    assert "First seminar" in text and not finds_newest(statements)
    text, statements = visit(app, "/societies/IN-KERALA")
    assert "First seminar" not in text and finds_newest(statements)

    make_event(app, "PE-PERU", titles={"en": "Second seminar"})
    text, statements = visit(app, "/societies/PE-PERU")
    assert "Second seminar" in text and "First seminar" in text and finds_newest(statements)
