"""With CSRF protection on, as in production."""

import re

import pytest
from sqlalchemy import select

from alumni.audit.models import AuditEntry
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, make_user
from tests.helpers import page_text


@pytest.fixture
def app(guarded_app):
    return guarded_app


def csrf_token(response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    return match.group(1)


def test_login_without_a_token_is_refused_and_the_typed_address_kept(app, client):
    make_user(app, "ana@example.org")
    response = client.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert 'value="ana@example.org"' in response.get_data(as_text=True)
    assert "The form had expired. Your input is kept: please send it again." in page_text(response)
    assert client.get("/account").status_code == 302  # not logged in


def test_login_with_the_pages_token_works(app, client):
    make_user(app, "ana@example.org")
    token = csrf_token(client.get("/login"))
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("path", ["/language", "/logout"])
def test_posts_without_a_form_class_need_the_token_too(app, client, path):
    response = client.post(path, data={"lang": "ja"})
    assert response.status_code == 400
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["access.csrf_failed"]


def test_language_switch_with_the_token(app, client):
    token = csrf_token(client.get("/"))
    response = client.post("/language", data={"lang": "ja", "csrf_token": token})
    assert response.status_code == 302
    assert '<html lang="ja">' in client.get("/").get_data(as_text=True)
