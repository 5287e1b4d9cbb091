"""Odd requests give a 4xx page in the user's language, never a 500."""

import pytest

from alumni.auth.access import public
from tests.helpers import get_as, page_text

ODD_URLS = [
    "/societies/" + "9" * 400,
    "/societies/-1",
    "/societies/%00",
    "/countries/%FF%FE",
    "/countries/" + "A" * 5000,
    "/societies/?q=%00",
    "/societies/?federation=%00&country=\u202e",
    "/societies/?page=99999999999999999999999",
    "/societies/?q=" + "x" * 5000,
    "/?lang=xx",
    "/static/../alumni/config.py",
    "/%2e%2e/%2e%2e/etc/passwd",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_odd_requests_never_give_a_server_error(client, url):
    assert get_as(client, url, "en").status_code < 500


def test_not_found_page_is_in_the_users_language(client):
    response = get_as(client, "/no-such-page", "ja")
    assert response.status_code == 404
    assert "ページが見つかりません" in page_text(response)


def test_server_error_page_is_in_the_users_language(app):
    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/broken", view_func=public(broken))
    app.testing = False  # let the 500 handler run instead of raising into the test
    response = app.test_client().get("/broken", headers={"Accept-Language": "es"})
    assert response.status_code == 500
    assert "Algo salió mal" in page_text(response)


def test_untrusted_host_is_refused(client):
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_a_route_that_declares_no_access_rule_is_refused(app):
    app.add_url_rule("/forgotten", view_func=lambda: "secret")
    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True)


def test_a_locked_sqlite_database_asks_for_a_retry(app):
    from sqlalchemy.exc import OperationalError

    def busy():
        raise OperationalError("UPDATE society", {}, Exception("database is locked"))

    app.add_url_rule("/busy", view_func=public(busy))
    response = app.test_client().get("/busy", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert "The site is busy" in page_text(response)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_told_405_in_the_users_language(app, method):
    app.config["WTF_CSRF_ENABLED"] = True  # the CSRF check must not answer first with a 400
    response = app.test_client().open(
        "/societies/", method=method, headers={"Accept-Language": "es"}
    )
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Método no permitido" in page_text(response)


def test_a_too_large_post_is_told_413_in_the_users_language(app, client):
    body = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)  # MAX_UPLOAD_MB and a little
    response = client.post("/login", data={"email": body}, headers={"Accept-Language": "ja"})
    assert response.status_code == 413
    assert "一度に送信された量が多すぎます" in page_text(response)


def test_a_bad_request_is_told_in_the_users_language(client):
    response = client.post("/language", data={"lang": "xx"}, headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert "Bad Request" not in page_text(response)


def test_an_error_after_a_failed_flush_still_gets_the_translated_page(app):
    from sqlalchemy import text

    from alumni.extensions import db

    def broken():
        db.session.execute(text("INSERT INTO region (code) VALUES (NULL)"))  # NOT NULL fails
        return "unreachable"

    app.add_url_rule("/broken-flush", view_func=public(broken))
    app.testing = False
    response = app.test_client().get("/broken-flush", headers={"Accept-Language": "es"})
    assert response.status_code in (409, 500)
    assert "Algo salió mal" in page_text(response) or "Otra persona" in page_text(response)


def test_a_post_the_database_was_too_busy_for_keeps_what_was_typed(sqlite_template, tmp_path):
    """A real lock: another connection holds SQLite's write lock past the busy timeout.
    (SQLite only: PostgreSQL has no database-wide write lock.)"""
    import shutil
    import sqlite3

    from alumni import create_app
    from tests.auth_helpers import SOCIETY_A, log_in, make_people
    from tests.conftest import base_config

    path = tmp_path / "busy.sqlite3"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    app = create_app(base_config(url))
    app.instance_path = str(tmp_path / "instance")
    people = make_people(app)
    client = app.test_client()
    log_in(client, people["officer_a"].email)
    holder = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(
            f"/societies/{SOCIETY_A}/events/new",
            data={"title_en": "Seminario de kaizen en Lima", "form_key": "k" * 32},
            headers={"Accept-Language": "es"},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    page = response.get_data(as_text=True)
    assert 'value="Seminario de kaizen en Lima"' in page
    assert "Send it again" in page_text(response)  # in the officer's own language
