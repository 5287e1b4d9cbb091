"""The language switcher: the request's unit of work saves a logged-in user's choice."""

from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import log_in
from tests.helpers import page_text


def test_a_logged_in_users_choice_is_saved_and_follows_them_to_a_new_login(app, people):
    browser = app.test_client()
    log_in(browser, people["staff"].email)
    response = browser.post("/language", data={"lang": "ja", "next": "/societies/"})
    assert response.status_code == 302 and response.headers["Location"] == "/societies/"
    with app.app_context():
        assert db.session.get(User, people["staff"].id).language == "ja"
    other = app.test_client()  # another browser, no session choice: the saved one applies
    log_in(other, people["staff"].email)
    assert "同窓会" in page_text(other.get("/societies/", headers={"Accept-Language": "en"}))


def test_an_unknown_language_is_refused_and_nothing_is_saved(app, people):
    browser = app.test_client()
    log_in(browser, people["staff"].email)
    assert browser.post("/language", data={"lang": "xx"}).status_code == 400
    with app.app_context():
        assert db.session.get(User, people["staff"].id).language == "en"
