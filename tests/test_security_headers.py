import re

import pytest

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
