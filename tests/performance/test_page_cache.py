"""Anonymous readers get public pages from the worker's page cache, never a stale or foreign one."""

import re
from datetime import date, timedelta

import pytest

from alumni.auth.models import User
from alumni.common import caching
from alumni.common.page_cache import Page, PageCache
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, make_user
from tests.events_helpers import make_event
from tests.support.queries import count_queries


@pytest.fixture
def app(guarded_app):
    """With CSRF protection on, as in production: the cached page must carry a working token."""
    make_event(guarded_app, "PE-PERU", titles={"en": "Cached seminar"})
    return guarded_app


def switcher_token(response) -> str:
    text = response.get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


def queries_of(app, client, url: str, **headers) -> tuple[int, object]:
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = client.get(url, headers={"Accept-Language": "en", **headers})
    return len(statements), response


def test_a_second_reader_gets_the_page_from_the_cache_with_a_token_of_their_own(app):
    first_reader, second_reader = app.test_client(), app.test_client()
    _, first = queries_of(app, first_reader, "/societies/PE-PERU")
    count, second = queries_of(app, second_reader, "/societies/PE-PERU")
    assert count == 1  # the content version; the page itself came from the cache
    assert "Cached seminar" in second.get_data(as_text=True)
    assert switcher_token(first) != switcher_token(second)
    assert second.headers["Content-Security-Policy"].startswith("default-src 'self'")
    # The token in the cached copy is the second reader's own: the switcher works for them.
    switched = second_reader.post(
        "/language", data={"lang": "es", "next": "/", "csrf_token": switcher_token(second)}
    )
    assert switched.status_code == 302
    stolen = first_reader.post(
        "/language", data={"lang": "es", "next": "/", "csrf_token": switcher_token(second)}
    )
    assert stolen.status_code == 400


def test_each_language_and_query_string_is_its_own_page(app):
    reader = app.test_client()
    everything = reader.get("/events/", headers={"Accept-Language": "en"})
    assert "Cached seminar" in everything.get_data(as_text=True)
    japanese = reader.get("/events/", headers={"Accept-Language": "ja"})
    assert 'lang="ja"' in japanese.get_data(as_text=True)[:300]
    filtered = reader.get("/events/?kind=contest_edition", headers={"Accept-Language": "en"})
    assert "Cached seminar" not in filtered.get_data(as_text=True)


def test_a_change_of_content_is_seen_at_once(app):
    reader = app.test_client()
    reader.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    make_event(app, "PE-PERU", titles={"en": "Fresh news"})
    count, page = queries_of(app, reader, "/societies/PE-PERU")
    assert "Fresh news" in page.get_data(as_text=True) and count > 1


def test_logged_in_people_never_get_a_cached_page(app, people):
    app.test_client().get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    staff = app.test_client()
    token = switcher_token(staff.get("/login"))
    staff.post(
        "/login", data={"email": people["staff"].email, "password": PASSWORD, "csrf_token": token}
    )
    count, page = queries_of(app, staff, "/societies/PE-PERU")
    assert count > 1 and "Log out" in page.get_data(as_text=True)


def test_the_cache_is_bounded_and_drops_the_least_recently_used_page():
    pages = PageCache(max_bytes=800)
    page = Page(200, (), b"x" * 100)
    for number in range(8):
        pages.put(1, ("en", number), page)
    assert pages.get(1, ("en", 0)) is not None  # now the most recently used
    pages.put(1, ("en", 8), page)
    assert pages.get(1, ("en", 1)) is None and pages.get(1, ("en", 0)) is not None
    pages.put(1, ("en", "big"), Page(200, (), b"x" * 101))  # over an eighth: not kept
    assert pages.get(1, ("en", "big")) is None


def test_a_page_rendered_before_a_change_is_not_kept_after_it():
    pages = PageCache(max_bytes=10_000)
    pages.put(1, "key", Page(200, (), b"old"))
    assert pages.get(2, "key") is None  # version 2 was seen: version 1 pages are gone
    pages.put(1, "key", Page(200, (), b"old"))  # a slow render that started before
    assert pages.get(2, "key") is None


def test_a_page_cached_yesterday_is_rendered_again_today(app, monkeypatch):
    """What is upcoming and what is past changes at midnight, without any commit."""
    reader = app.test_client()
    reader.get("/events/?when=upcoming", headers={"Accept-Language": "en"})
    count, _ = queries_of(app, reader, "/events/?when=upcoming")
    assert count == 1
    monkeypatch.setattr(caching, "today", lambda: date.today() + timedelta(days=1))
    count, _ = queries_of(app, reader, "/events/?when=upcoming")
    assert count > 1


def test_a_cached_export_starts_no_session(app):
    app.test_client().get("/events/export.csv")
    count, export = queries_of(app, app.test_client(), "/events/export.csv")
    assert count == 1 and "Cached seminar" in export.get_data(as_text=True)
    assert "Set-Cookie" not in export.headers  # no form in a spreadsheet: no CSRF token


def test_failed_logins_and_refused_requests_keep_the_cached_pages(app):
    """They are audited, but an audit entry is on no public page: nobody can empty the cache."""
    reader = app.test_client()
    reader.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    intruder = app.test_client()
    intruder.post("/language", data={"lang": "es"})  # no CSRF token: refused and audited
    token = switcher_token(intruder.get("/login"))
    intruder.post(
        "/login", data={"email": "nobody@example.org", "password": "x" * 12, "csrf_token": token}
    )
    count, _ = queries_of(app, reader, "/societies/PE-PERU")
    assert count == 1


def test_logging_in_keeps_the_cached_pages_and_a_rename_does_not(app):
    """A login writes the user's last login (and may rehash the password): no page shows
    them. Their name is on the society page of its officers, so a rename is a change."""
    user_id = make_user(app, "kenji@example.org", name="Kenji Sato")
    reader = app.test_client()
    reader.get("/societies/PE-PERU", headers={"Accept-Language": "en"})
    officer = app.test_client()
    token = switcher_token(officer.get("/login"))
    data = {"email": "kenji@example.org", "password": PASSWORD, "csrf_token": token}
    assert officer.post("/login", data=data).status_code == 302
    count, _ = queries_of(app, reader, "/societies/PE-PERU")
    assert count == 1  # the content version alone: the page came from the cache
    with app.app_context():
        db.session.get(User, user_id).name = "Kenji Satō"
        db.session.commit()
    count, _ = queries_of(app, reader, "/societies/PE-PERU")
    assert count > 1


def form_key(response) -> str:
    return re.search(r'name="form_key" type="hidden" value="([^"]+)"', response.text).group(1)


def test_each_reader_of_a_cached_form_gets_a_form_key_of_their_own(app, smtp):
    """A shared key would make every later reset request a repeat of the first, so ignored."""
    addresses = ["kenji@example.org", "ana@example.org"]
    for address in addresses:
        make_user(app, address)
    readers = [app.test_client() for _ in addresses]
    forms = [reader.get("/password/reset") for reader in readers]
    assert form_key(forms[0]) != form_key(forms[1])
    for reader, form, address in zip(readers, forms, addresses, strict=True):
        data = {"email": address, "csrf_token": switcher_token(form), "form_key": form_key(form)}
        assert reader.post("/password/reset", data=data).status_code == 302
    assert [len(smtp.to(address)) for address in addresses] == [1, 1]
