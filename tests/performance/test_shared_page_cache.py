"""With REDIS_URL the page cache is shared: what one process rendered, every process serves."""

import logging
import re
import socket

import pytest
import redis

from alumni import create_app
from alumni.common.page_cache import Page, RedisPageCache
from alumni.extensions import db
from tests.conftest import base_config
from tests.events_helpers import make_event
from tests.support.queries import count_queries


def make_app(database_url, tmp_path, name: str, **config):
    app = create_app(base_config(database_url) | {"WTF_CSRF_ENABLED": True} | config)
    app.instance_path = str(tmp_path / name)
    return app


@pytest.fixture
def two_apps(database_url, redis_url, tmp_path):
    """Two applications, as two machines would run them, on one database and one Redis."""
    apps = [make_app(database_url, tmp_path, name, REDIS_URL=redis_url) for name in "ab"]
    make_event(apps[0], "PE-PERU", titles={"en": "Shared seminar"})
    yield apps
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def read(app, url="/societies/PE-PERU"):
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = app.test_client().get(url, headers={"Accept-Language": "en"})
    return response, len(statements)


def token_of(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))[1]


def test_a_page_rendered_by_one_process_is_served_by_the_other(two_apps):
    first, second = two_apps
    rendered, _ = read(first)
    assert rendered.status_code == 200 and "X-Cache" not in rendered.headers
    served, statements = read(second)
    assert served.headers["X-Cache"] == "hit" and statements == 1  # the content version
    assert "Shared seminar" in served.get_data(as_text=True)
    assert token_of(served) != token_of(rendered)  # the visitor's own token, put back


def test_a_content_change_is_seen_by_both_at_once(two_apps):
    first, second = two_apps
    read(first)
    assert read(second)[0].headers["X-Cache"] == "hit"
    make_event(first, "PE-PERU", titles={"en": "Fresh news"})
    fresh, statements = read(second)  # rendered again, under the new content version
    assert "X-Cache" not in fresh.headers and statements > 1
    assert "Fresh news" in fresh.get_data(as_text=True)
    shared, _ = read(first)  # and that copy is the one shared
    assert shared.headers["X-Cache"] == "hit" and "Fresh news" in shared.get_data(as_text=True)


def test_a_new_release_draws_its_pages_afresh(database_url, redis_url, tmp_path):
    """After a deploy (templates changed, content not) the shared cache does not serve the
    page the previous release drew."""
    old, new = (
        make_app(database_url, tmp_path, name, REDIS_URL=redis_url, BUILD_ID=name)
        for name in ("release-1", "release-2")
    )
    read(old)
    assert read(old)[0].headers["X-Cache"] == "hit"
    fresh, statements = read(new)
    assert "X-Cache" not in fresh.headers and statements > 1
    for app in (old, new):
        with app.app_context():
            db.engine.dispose()


def test_entries_expire_and_a_page_too_large_is_not_kept(redis_url):
    pages = RedisPageCache(redis_url, max_bytes=8 * 1024 * 1024, ttl=60)
    pages.put(7, ("2025-01-01", "en", "localhost", "/small?"), Page(200, (), b"x" * 1000))
    pages.put(7, ("2025-01-01", "en", "localhost", "/huge?"), Page(200, (), b"x" * 2**20 * 2))
    assert pages.get(7, ("2025-01-01", "en", "localhost", "/small?")).body == b"x" * 1000
    assert pages.get(7, ("2025-01-01", "en", "localhost", "/huge?")) is None
    assert pages.get(8, ("2025-01-01", "en", "localhost", "/small?")) is None  # a newer version
    with redis.Redis.from_url(redis_url) as client:
        [key] = client.keys("alumni:page:*")
        assert 0 < client.ttl(key) <= 60


def test_a_redis_that_is_down_costs_a_rendering_and_one_log_line(database_url, tmp_path, caplog):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        nowhere = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    app = make_app(database_url, tmp_path, "down", REDIS_URL=nowhere)
    make_event(app, "PE-PERU", titles={"en": "Rendered anyway"})
    caplog.set_level(logging.WARNING, logger="alumni.page_cache")
    try:
        for _ in range(3):
            page, _ = read(app)
            assert page.status_code == 200 and "Rendered anyway" in page.get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()
    warnings = [r for r in caplog.records if r.name == "alumni.page_cache"]
    assert len(warnings) == 1 and "Redis unavailable" in warnings[0].getMessage()
