import re

import pytest

from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import log_in, make_user
from tests.helpers import get_as

PAGES = ["/", "/societies/", "/countries/PE", "/societies/PE-PERU", "/nope"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_sends_the_security_headers(client, path):
    headers = get_as(client, path, "en").headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_nothing_from_another_host_and_have_no_inline_script(client, path):
    body = get_as(client, path, "en").get_data(as_text=True)
    for tag in re.findall(r"<(?:script|link|img|iframe|source|audio|video)\b[^>]*>", body):
        assert not re.search(r'(src|href)="(https?:)?//', tag), tag
    assert "<script>" not in body and " style=" not in body and "<style" not in body


def test_static_css_and_js_stay_under_50_kb(app):
    from pathlib import Path

    static = Path(app.static_folder)
    size = sum(p.stat().st_size for p in static.rglob("*") if p.suffix in {".css", ".js"})
    assert 0 < size < 50 * 1024


def test_a_guards_answer_carries_a_request_id(app, client):
    """Guards that answer before any view (here: change the one-time password first)."""
    user_id = make_user(app, "fresh@example.org")
    with app.app_context():
        db.session.get(User, user_id).must_change_password = True
        db.session.commit()
    log_in(client, "fresh@example.org")
    response = client.get("/societies/")
    assert response.status_code == 302 and len(response.headers["X-Request-Id"]) == 16


def test_production_asks_browsers_for_https_on_every_subdomain_for_a_year(database_url, tmp_path):
    from alumni import create_app
    from tests.conftest import base_config

    production = create_app(base_config(database_url) | {"PRODUCTION": True})
    production.instance_path = str(tmp_path / "instance")
    try:
        hsts = production.test_client().get("/").headers["Strict-Transport-Security"]
    finally:
        with production.app_context():
            db.engine.dispose()
    directives = [part.strip() for part in hsts.split(";")]
    assert "includeSubDomains" in directives
    [max_age] = [int(d.split("=")[1]) for d in directives if d.startswith("max-age=")]
    assert max_age >= 365 * 24 * 3600


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
