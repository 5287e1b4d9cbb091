"""The staff's mail log: what was sent to whom, what failed and why, and a retry button."""

import re

from sqlalchemy import select, update

from alumni.common.models import MailStatus, OutgoingMail
from alumni.extensions import db
from tests.auth_helpers import log_in

FAILED_TO = "failed@example.org"


def add_mail(app, recipient: str, status=MailStatus.PENDING, **values) -> int:
    with app.app_context():
        row = OutgoingMail(
            recipient=recipient,
            subject=values.pop("subject", f"About {recipient}"),
            body=values.pop("body", "Dear colleague, the report is due."),
            language="en",
            kind=values.pop("kind", "test.kind"),
            status=status,
            **values,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def status_of(app, mail_id: int) -> MailStatus:
    with app.app_context():
        return db.session.get(OutgoingMail, mail_id).status


def staff_client(app, people):
    client = app.test_client()
    log_in(client, people["staff"].email)
    return client


def test_staff_see_pending_sent_and_failed_mail_without_secret_bodies(app, people, smtp):
    anonymous = app.test_client()
    anonymous.post("/password/reset", data={"email": people["officer_a"].email})
    [reset] = smtp.to(people["officer_a"].email)
    token_link = re.search(r"/password/reset/\S+", reset.get_body().get_content()).group()
    add_mail(app, "waiting@example.org", body="Your application is waiting for you.")
    add_mail(app, FAILED_TO, MailStatus.FAILED, attempts=6, last_error="SMTPRecipientsRefused")
    client = staff_client(app, people)

    page = client.get("/staff/mail/").get_data(as_text=True)
    assert people["officer_a"].email in page and "waiting@example.org" in page
    assert FAILED_TO in page and "SMTPRecipientsRefused" in page
    assert "Your application is waiting for you." in page  # a plain message's preview
    assert token_link not in page and "Text hidden" in page
    assert page.index(FAILED_TO) < page.index("waiting@example.org")  # newest first

    failed = client.get("/staff/mail/?status=failed").get_data(as_text=True)
    assert FAILED_TO in failed and "waiting@example.org" not in failed and "Retry" in failed
    sent = client.get("/staff/mail/?status=sent").get_data(as_text=True)
    assert people["officer_a"].email in sent and FAILED_TO not in sent
    assert "Retry" not in sent


def test_retry_sends_a_failed_message_again_once(app, people, smtp):
    mail_id = add_mail(app, FAILED_TO, MailStatus.FAILED, attempts=6, last_error="Refused")
    client = staff_client(app, people)
    page = client.get("/staff/mail/?status=failed").get_data(as_text=True)
    form_key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)

    response = client.post(f"/staff/mail/{mail_id}/retry", data={"form_key": form_key})
    assert response.status_code == 302
    assert "The message will be sent again." in client.get(response.location).get_data(True)
    assert status_of(app, mail_id) == MailStatus.SENT and len(smtp.to(FAILED_TO)) == 1
    again = client.post(f"/staff/mail/{mail_id}/retry", data={"form_key": form_key})
    assert again.status_code == 302 and len(smtp.to(FAILED_TO)) == 1  # the first one's result

    refused = client.post(f"/staff/mail/{mail_id}/retry", data={"posted": "1"})
    assert refused.status_code == 409 and "has not failed" in refused.get_data(as_text=True)
    assert client.post("/staff/mail/999999/retry", data={"posted": "1"}).status_code == 404
    with app.app_context():
        actions = db.session.scalars(select(OutgoingMail.attempts).filter_by(id=mail_id)).all()
    assert actions == [1]


def test_the_log_is_paged_by_fifty_newest_first(app, people):
    with app.app_context():
        db.session.add_all(
            OutgoingMail(
                recipient=f"p{n:02}@example.org", subject="S", body="B", language="en", kind="k"
            )
            for n in range(51)
        )
        db.session.commit()
        db.session.execute(update(OutgoingMail).values(status=MailStatus.PENDING))
        db.session.commit()
    client = staff_client(app, people)
    first = client.get("/staff/mail/?status=pending").get_data(as_text=True)
    assert "p50@example.org" in first and "p01@example.org" in first
    assert "p00@example.org" not in first and "Page 1 of 2" in first
    second = client.get("/staff/mail/?status=pending&page=2").get_data(as_text=True)
    assert "p00@example.org" in second and "p01@example.org" not in second


def test_the_staff_menu_links_the_log_for_staff_only(app, people):
    assert 'href="/staff/mail/"' in staff_client(app, people).get("/").get_data(as_text=True)
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    assert 'href="/staff/mail/"' not in officer.get("/").get_data(as_text=True)
