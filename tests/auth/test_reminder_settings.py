"""Optional reminders can be turned off on the account page and by the link in each of them;
required ones cannot. The first optional kind: an officer's term ends in 30 days."""

import re
from datetime import date, timedelta

from sqlalchemy import select

from alumni.auth.models import MembershipRole, User
from alumni.auth.term_reminders import remind_terms_ending
from alumni.common import outbox
from alumni.common.models import OutgoingMail
from alumni.common.transaction import commit
from alumni.events.reminders import remind_reports
from alumni.extensions import db
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.events_helpers import make_event
from tests.helpers import page_text

TODAY = date.today()
ENDING = TODAY + timedelta(days=30)


def _officer(app, email="ending@example.org", end=ENDING, language="en") -> int:
    start = TODAY - timedelta(days=300)
    membership = (SOCIETY_A, MembershipRole.OFFICER, start, end)
    return make_user(app, email, name="Ana Núñez", language=language, memberships=[membership])


def _run(app, today=TODAY) -> int:
    with app.app_context():
        queued = remind_terms_ending(today)
        commit()
        outbox.deliver_pending()
        return queued


def _stop_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/reminders/stop/\S+)", body).group(1)


def _turned_off(app, email: str) -> str:
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == email)).one().reminders_off


def test_an_officer_hears_once_that_the_term_ends_in_30_days(app, smtp):
    _officer(app)
    _officer(app, "later@example.org", end=ENDING + timedelta(days=1))
    assert _run(app) == 1
    assert _run(app) == 0  # a rerun (or a second worker) sends nothing twice
    assert not smtp.to("later@example.org")  # 31 days: not yet
    [message] = smtp.to("ending@example.org")
    assert (
        message["Subject"] == f"Your officer term ends on {ENDING:%B} {ENDING.day}, {ENDING.year}"
    )
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "ends in 30 days" in body and "http://localhost/societies/" in body
    stop = _stop_link(message)
    assert message["List-Unsubscribe"] == f"<http://localhost{stop}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://localhost/account/reminders" in body
    assert _run(app, TODAY + timedelta(days=3)) == 1  # the later term, now within 30 days
    assert len(smtp.to("ending@example.org")) == 1


def test_the_notice_is_in_the_officers_language(app, smtp):
    _officer(app, "kenji@example.org", language="ja")
    _run(app)
    [message] = smtp.to("kenji@example.org")
    assert (
        message["Subject"]
        == f"役員の任期は{ENDING.year}年{ENDING.month}月{ENDING.day}日に終わります"
    )
    assert "停止するには" in message.get_body(preferencelist=("plain",)).get_content()


def test_the_link_in_the_mail_asks_then_stops_without_a_login(app, client, smtp):
    _officer(app)
    _run(app)
    stop = _stop_link(smtp.to("ending@example.org")[0])
    asked = client.get(stop)
    assert asked.status_code == 200
    assert "Stop sending “My officer term ends in 30 days” to ending@example.org?" in page_text(
        asked
    )
    assert _turned_off(app, "ending@example.org") == ""  # a mail scanner's GET changes nothing
    # A mail client's one-click POST (RFC 8058) carries no CSRF token and no session.
    done = client.post(stop, data={"List-Unsubscribe": "One-Click"}, follow_redirects=True)
    assert done.status_code == 200
    assert "will no longer be sent to ending@example.org" in page_text(done)
    assert _turned_off(app, "ending@example.org") == "term_ending"
    assert client.post(stop).status_code == 302  # again: still off, nothing breaks
    assert _turned_off(app, "ending@example.org") == "term_ending"
    with app.app_context():
        db.session.query(OutgoingMail).delete()
        commit()
    assert _run(app, TODAY + timedelta(days=1)) == 0


def test_a_tampered_or_required_kind_link_is_not_found(app, client, smtp):
    _officer(app)
    _run(app)
    stop = _stop_link(smtp.to("ending@example.org")[0])
    assert client.get(stop[:-3] + "abc").status_code == 404
    assert client.post(stop[:-3] + "abc").status_code == 404
    assert client.get("/reminders/stop/" + "x" * 400).status_code == 404
    assert _turned_off(app, "ending@example.org") == ""


def test_the_account_page_turns_kinds_off_and_on_again(app, client, smtp):
    _officer(app)
    log_in(client, "ending@example.org")
    page = client.get("/account/reminders")
    assert re.search(r'<input checked[^>]*value="term_ending"', page.get_data(as_text=True))
    assert "Participation reports due" in page_text(page)  # listed as always sent
    # All boxes cleared: the browser still sends the form's hidden one-time key.
    key = re.search(r'name="form_key"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    saved = client.post("/account/reminders", data={"form_key": key}, follow_redirects=True)
    assert "Your reminder settings are saved." in page_text(saved)
    assert "term_ending" in _turned_off(app, "ending@example.org").split()  # with the others
    assert _run(app) == 0
    again = client.post("/account/reminders", data={"kinds_on": ["term_ending"]})
    assert again.status_code == 302
    assert "term_ending" not in _turned_off(app, "ending@example.org").split()
    assert _run(app) == 1


def test_an_unknown_kind_is_refused_and_nothing_saved(app, client):
    _officer(app)
    log_in(client, "ending@example.org")
    sent = client.post("/account/reminders", data={"kinds_on": ["report_due", "<b>x</b>"]})
    assert sent.status_code == 422
    assert "Please correct the marked fields." in page_text(sent)
    assert _turned_off(app, "ending@example.org") == ""


def test_the_account_settings_need_a_login(client):
    assert client.get("/account/reminders").status_code == 302
    assert client.post("/account/reminders", data={}).status_code == 302


def test_a_required_reminder_says_it_cannot_be_turned_off(app, people, smtp):
    make_event(app, SOCIETY_A, start=TODAY - timedelta(days=30))
    with app.app_context():
        remind_reports(TODAY)
        commit()
        outbox.deliver_pending()
    [message] = smtp.to(people["officer_a"].email)
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "it cannot be turned off" in body
    assert "/reminders/stop/" not in body and message["List-Unsubscribe"] is None
