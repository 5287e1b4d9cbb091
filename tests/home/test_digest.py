"""The staff's weekly digest: one per staff user and week, in their language, with the counts."""

import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from alumni.common import outbox
from alumni.common.models import MailStatus, OutgoingMail
from alumni.common.transaction import commit
from alumni.extensions import db
from alumni.grants.models import GrantStatus
from alumni.home.digest import queue_digests
from alumni.tasks import SCHEDULE, tasks_for
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.events_helpers import make_event
from tests.grants_helpers import make_grant
from tests.helpers import page_text

MONDAY = date(2025, 11, 10)  # fiscal year 2025, ISO week 2025-W46


def _failed_mail(app, written: datetime) -> None:
    with app.app_context():
        db.session.add(
            OutgoingMail(
                recipient="nobody@example.org",
                subject="Lost",
                body="",
                language="en",
                kind="test",
                status=MailStatus.FAILED,
                created_at=written,
            )
        )
        db.session.commit()


def _network(app) -> None:
    """Peru (FELAAS): one report filed, one overdue; one application waiting; one failed mail."""
    make_event(app, SOCIETY_A, start=date(2025, 6, 2), attendance=25)
    make_event(app, SOCIETY_A, start=date(2025, 9, 1))  # due 30 days later, still missing
    make_event(app, SOCIETY_A, start=date(2025, 3, 3))  # the fiscal year before: not counted
    make_grant(app, status=GrantStatus.SUBMITTED)
    make_grant(app, status=GrantStatus.DRAFT, title="Not sent yet")
    _failed_mail(app, datetime(2025, 11, 8, 12))
    _failed_mail(app, datetime(2025, 11, 1, 12))  # 9 days before: not in the digest


def _run(app, day: date) -> int:
    with app.app_context():
        queued = queue_digests(day)
        commit()
        outbox.deliver_pending()
        return queued


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def test_one_digest_per_staff_user_and_week_with_the_counts(app, people, smtp):
    _network(app)
    make_user(app, "personal@example.org", name="Ana", language="es", is_staff=True)
    make_user(app, "kenji@example.org", language="ja", is_staff=True, reminders_off="staff_digest")
    make_user(app, "gone@example.org", is_staff=True, disabled_at=datetime(2025, 1, 1))
    assert _run(app, MONDAY) == 2
    assert _run(app, MONDAY + timedelta(days=3)) == 0  # the same week: nothing twice
    (english,) = smtp.to(people["staff"].email)
    assert english["Subject"] == "Weekly digest: the week of November 10, 2025"
    body = _body(english)
    assert "fiscal year 2025" in body
    assert "- FELAAS (Latin America): 1 of 2 (50%)" in body
    assert "- The whole network: 1 of 2 (50%)" in body
    assert "- SAFAAS (South Asia): 0 of 0 (—)" in body
    assert "http://localhost/staff/completeness?fy=2025" in body
    assert "1 application is waiting for a decision.\nhttp://localhost/my/" in body
    assert (
        "1 message failed in the last 7 days.\nhttp://localhost/staff/mail/?status=failed" in body
    )
    assert "\n\nNo backup in the last 2 days.\n" in body
    assert "/reminders/stop/" in body  # optional: the footer's link turns it off
    (spanish,) = smtp.to("personal@example.org")
    assert spanish["Subject"] == "Resumen semanal: la semana del 10 de noviembre de 2025"
    assert "1 solicitud espera una decisión." in _body(spanish)
    assert not smtp.to("kenji@example.org") and not smtp.to("gone@example.org")
    assert not smtp.to(people["admin"].email) and not smtp.to(people["committee"].email)
    assert _run(app, MONDAY + timedelta(weeks=1)) == 2  # a new week, a new digest


def test_the_command_sends_it_now_and_the_worker_on_mondays_at_seven(app, runner, people, smtp):
    result = runner.invoke(args=["reminders", "digest", "--today", MONDAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "1 digest(s) queued." in result.output
    again = runner.invoke(args=["reminders", "digest", "--today", MONDAY.isoformat()])
    assert "0 digest(s) queued." in again.output
    assert len(smtp.to(people["staff"].email)) == 1
    when, _function = SCHEDULE["staff_digest"]
    assert when(datetime(2026, 11, 30, 7, 0)) and not when(datetime(2026, 12, 1, 7, 0))
    assert not when(datetime(2026, 11, 30, 6, 0))
    with app.app_context():
        assert tasks_for(app).staff_digest.call_local() == 1  # this week's, not MONDAY's
        subjects = db.session.scalars(select(OutgoingMail.subject)).all()
    assert len(subjects) == 2


def test_only_staff_are_offered_the_digest_and_turning_it_off_stops_it(app, client, people, smtp):
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    assert "Weekly digest for staff" not in page_text(officer.get("/account/reminders"))
    log_in(client, people["staff"].email)
    page = client.get("/account/reminders")
    assert "Weekly digest for staff" in page_text(page)
    key = re.search(r'name="form_key"[^>]*value="([^"]+)"', page.get_data(as_text=True))[1]
    saved = client.post("/account/reminders", data={"form_key": key, "kinds_on": "term_ending"})
    assert saved.status_code == 302
    assert _run(app, MONDAY) == 0
    assert not smtp.to(people["staff"].email)


def test_a_count_in_the_thousands_is_written_as_the_readers_language_writes_it(app, people, smtp):
    """A week the mail server was down: 1,200 failed messages, not "1200" (Babel)."""
    with app.app_context():
        db.session.add_all(
            OutgoingMail(
                recipient=f"nobody{n}@example.org",
                subject="Lost",
                body="",
                language="en",
                kind="test",
                status=MailStatus.FAILED,
                created_at=datetime(2025, 11, 8, 12),
            )
            for n in range(1200)
        )
        db.session.commit()
    make_user(app, "marie@example.org", language="fr", is_staff=True)
    _run(app, MONDAY)
    (english,) = smtp.to(people["staff"].email)
    assert "1,200 messages failed in the last 7 days." in _body(english)
    (french,) = smtp.to("marie@example.org")
    body = _body(french)
    assert "1\u202f200 messages n'ont pas pu être envoyés" in body
