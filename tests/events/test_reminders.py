"""Participation report reminders: three to the lead host's officers, then staff, each once."""

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from alumni.auth.models import MembershipRole, User
from alumni.common import outbox
from alumni.common.models import OutgoingMail
from alumni.common.transaction import commit
from alumni.events.completeness import due_date
from alumni.events.reminders import remind_reports
from alumni.extensions import db
from alumni.tasks import tasks_for
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.events_helpers import make_event
from tests.support.at_once import run_twice_at_once

# Due today with the default 30 days: the expired officer's term ended the day before.
END = date.today() - timedelta(days=30)


def _run(app, today: date) -> int:
    with app.app_context():
        queued = remind_reports(today)
        commit()
        return queued


def _deliver(app) -> None:
    with app.app_context():
        outbox.deliver_pending()


def _subjects(smtp, address: str) -> list[str]:
    return [m["Subject"] for m in smtp.to(address)]


def _event(app) -> int:
    return make_event(app, SOCIETY_A, start=END)


def test_three_reminders_a_week_apart_then_staff_once(app, people, smtp):
    event_id = _event(app)
    with app.app_context():
        due = due_date(END)
    officer, staff = people["officer_a"].email, people["staff"].email
    assert _run(app, due - timedelta(days=1)) == 0
    with app.app_context():
        staff_count = db.session.scalar(select(func.count()).where(User.is_staff.is_(True)))
    for week, expected in enumerate([1, 1, 1, staff_count]):
        day = due + timedelta(weeks=week)
        assert _run(app, day) == expected and _run(app, day + timedelta(days=3)) == 0
    _run(app, due + timedelta(weeks=6))  # after the escalation, nothing more
    _deliver(app)
    assert _subjects(smtp, officer) == [
        f"Reminder {n} of 3: the participation report is due" for n in (1, 2, 3)
    ]
    assert _subjects(smtp, staff) == ["No participation report was filed after three reminders"]
    assert not smtp.to(people["expired_officer"].email)  # a term that ended is not asked
    assert not smtp.to(people["officer_b"].email)
    body = smtp.to(officer)[0].get_body(preferencelist=("plain",)).get_content()
    assert f"http://localhost/events/{event_id}/report" in body


def test_a_missed_run_sends_the_latest_stage_only(app, people, smtp):
    _event(app)
    with app.app_context():
        due = due_date(END)
    assert _run(app, due + timedelta(weeks=2, days=1)) == 1
    _deliver(app)
    assert _subjects(smtp, people["officer_a"].email) == [
        "Reminder 3 of 3: the participation report is due"
    ]


def test_two_workers_at_once_queue_each_reminder_once(app, people, smtp):
    _event(app)
    with app.app_context():
        due = due_date(END)
    assert run_twice_at_once(app, remind_reports, due) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 1
    _deliver(app)
    assert len(smtp.to(people["officer_a"].email)) == 1


def test_a_filed_report_stops_the_reminders(app, client, people, smtp):
    event_id = _event(app)
    with app.app_context():
        due = due_date(END)
    assert _run(app, due) == 1
    log_in(client, people["officer_a"].email)
    filed = client.post(f"/events/{event_id}/report", data={"attendance_total": "30"})
    assert filed.status_code == 302
    smtp.clear()
    assert _run(app, due + timedelta(weeks=1)) == 0
    assert _run(app, due + timedelta(weeks=3)) == 0
    _deliver(app)
    assert smtp.messages == []


def test_each_officer_is_reminded_in_their_language(app, people, smtp):
    today = date.today()
    terms = [
        (
            SOCIETY_A,
            MembershipRole.OFFICER,
            today - timedelta(days=400),
            today + timedelta(days=400),
        )
    ]
    make_user(app, "ana@example.org", name="Ana", language="es", memberships=terms)
    make_user(app, "kenji@example.org", name="Kenji", language="ja", memberships=terms)
    _event(app)
    with app.app_context():
        due = due_date(END)
    assert _run(app, due) == 3
    _deliver(app)
    (spanish,) = smtp.to("ana@example.org")
    assert spanish["Subject"] == ("Recordatorio 1 de 3: el informe de participación está pendiente")
    assert "Hola, Ana" in spanish.get_body(preferencelist=("plain",)).get_content()
    (japanese,) = smtp.to("kenji@example.org")
    assert japanese["Subject"] == "督促 1/3：参加報告の提出期限です"
    assert "まだ提出されていません" in japanese.get_body(preferencelist=("plain",)).get_content()


def test_the_cli_command_queues_the_reminders(app, runner, people, smtp):
    _event(app)
    with app.app_context():
        day = due_date(END).isoformat()
    result = runner.invoke(args=["reminders", "send", "--today", day])
    assert result.exit_code == 0, result.output
    assert "1 reminder(s) queued." in result.output
    again = runner.invoke(args=["reminders", "send", "--today", day])
    assert "0 reminder(s) queued." in again.output
    assert len(smtp.to(people["officer_a"].email)) == 1


def test_the_daily_task_of_the_worker_queues_the_reminders(app, people, smtp):
    _event(app)
    assert tasks_for(app).send_reminders.call_local() == 1
    assert tasks_for(app).send_reminders.call_local() == 0
    _deliver(app)
    assert _subjects(smtp, people["officer_a"].email) == [
        "Reminder 1 of 3: the participation report is due"
    ]


def test_the_escalation_reaches_the_lead_societys_federation_once(app, people, smtp):
    """Peru is in FELAAS: its representatives are told with the staff, Kerala's (SAFAAS) not."""
    make_user(app, "felaas@example.org", name="Rosa", language="es", federation_code="FELAAS")
    make_user(app, "safaas@example.org", federation_code="SAFAAS")
    make_user(app, "gone@example.org", federation_code="FELAAS", disabled_at=datetime(2026, 1, 1))
    make_user(app, "both@example.org", is_staff=True, federation_code="FELAAS")
    _event(app)
    with app.app_context():
        due = due_date(END)
        staff = db.session.scalar(select(func.count()).where(User.is_staff.is_(True)))
    escalation = due + timedelta(weeks=3)
    assert _run(app, escalation) == staff + 1  # the staff, each once, and Rosa
    assert _run(app, escalation + timedelta(days=1)) == 0
    _deliver(app)
    (told,) = smtp.to("felaas@example.org")
    assert told["Subject"] == "No se presentó el informe de participación tras tres recordatorios"
    assert _subjects(smtp, "both@example.org") == [
        "No participation report was filed after three reminders"
    ]
    assert not smtp.to("safaas@example.org") and not smtp.to("gone@example.org")
