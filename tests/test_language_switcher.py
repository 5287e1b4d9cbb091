"""The language switcher: the request's unit of work saves a logged-in user's choice."""

from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import log_in
from tests.events.test_one_form import speaks
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


def test_a_language_chosen_on_the_way_in_is_the_accounts_after_the_login(app, people):
    """Chosen on the login page, Japanese stays after the login (the account's English would
    have turned the page back at once) and becomes the account's; a login without a choice
    on the way in keeps the account's language."""
    browser = app.test_client()
    browser.post("/language", data={"lang": "ja", "next": "/login"})
    log_in(browser, people["staff"].email)
    assert "同窓会" in page_text(browser.get("/societies/", headers={"Accept-Language": "en"}))
    with app.app_context():
        assert db.session.get(User, people["staff"].id).language == "ja"
    # Logged out, the account's language changed elsewhere, and in again in this browser
    # (which still says Japanese) without choosing: the account's language stands.
    browser.post("/logout")
    speaks(app, people["staff"], "es")
    log_in(browser, people["staff"].email)
    with app.app_context():
        assert db.session.get(User, people["staff"].id).language == "es"
    assert "Asociaciones" in page_text(browser.get("/societies/"))
    other = app.test_client()
    other.post("/language", data={"lang": "fr"})
    log_in(other, people["officer_a"].email)
    with app.app_context():
        assert db.session.get(User, people["officer_a"].id).language == "fr"
        assert db.session.get(User, people["staff"].id).language == "es"
