"""The header is drawn once per language and menu: each visitor must still see their own."""

import html
import re

import pytest

from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import log_in
from tests.helpers import get_as


def header(response) -> str:
    body = response.get_data(as_text=True)
    return body[body.index('<header class="site-header">') : body.index("</header>")]


def test_each_visitor_sees_the_menu_of_their_role_from_the_same_worker(app, people):
    anonymous, staff, officer = app.test_client(), app.test_client(), app.test_client()
    log_in(staff, people["staff"].email)
    log_in(officer, people["officer_a"].email)
    for _ in range(2):  # the second round is drawn from the kept headers
        seen = {
            name: header(get_as(browser, "/societies/", "en"))
            for name, browser in (("anonymous", anonymous), ("staff", staff), ("officer", officer))
        }
        assert ">Log in<" in seen["anonymous"] and "Log out" not in seen["anonymous"]
        assert ">Fund<" not in seen["anonymous"] and ">My page<" not in seen["anonymous"]
        assert ">Staff<" in seen["staff"] and ">Fund<" in seen["staff"]
        assert ">Users<" in seen["staff"] and ">Audit log<" not in seen["staff"]
        assert ">Officer_A<" in seen["officer"] and ">My page<" in seen["officer"]
        assert ">Fund<" not in seen["officer"] and ">Staff<" not in seen["officer"]
    assert "ログイン" in header(get_as(anonymous, "/societies/", "ja"))


def test_a_renamed_user_sees_the_new_name_escaped(app, people):
    browser = app.test_client()
    log_in(browser, people["officer_a"].email)
    assert ">Officer_A<" in header(get_as(browser, "/events/", "en"))
    with app.app_context():
        db.session.get(User, people["officer_a"].id).name = "<b>Ana</b> 山田"
        db.session.commit()
    shown = header(get_as(browser, "/events/", "en"))
    assert "&lt;b&gt;Ana&lt;/b&gt; 山田" in shown and "<b>Ana" not in shown
    assert ">Officer_A<" not in shown


@pytest.mark.parametrize("path", ["/events/?q=%3Cscript%3E&lt=1", "/societies/", "/events/"])
def test_the_language_switcher_returns_to_the_page_it_is_on(client, path):
    get_as(client, "/", "en")  # the header is kept before the page under test asks for it
    shown = header(get_as(client, path, "en"))
    next_value = re.search(r'name="next" value="([^"]*)"', shown).group(1)
    assert html.unescape(next_value) == path
    assert "<script>" not in shown


def test_the_switchers_token_is_each_visitors_own_and_accepted(guarded_app):
    first, second = guarded_app.test_client(), guarded_app.test_client()
    tokens = []
    for browser in (first, second):
        shown = header(get_as(browser, "/societies/", "en"))
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', shown).group(1))
    assert tokens[0] != tokens[1]
    response = second.post("/language", data={"lang": "es", "next": "/", "csrf_token": tokens[1]})
    assert response.status_code == 302
    assert first.post("/language", data={"lang": "es", "csrf_token": tokens[1]}).status_code == 400
