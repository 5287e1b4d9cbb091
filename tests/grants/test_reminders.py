"""WNF reminders: the programme report (three, then staff and committee once) and a returned
application waiting for its applicant (at 7 and 21 days, optional)."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from alumni.auth.models import MembershipRole, User
from alumni.common import outbox
from alumni.common.models import OutgoingMail
from alumni.common.transaction import commit
from alumni.extensions import db
from alumni.grants.models import GrantStatus, GrantTransition
from alumni.grants.reminders import remind_programme_reports, remind_returned_applications
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.events_helpers import make_event
from tests.grants_helpers import grant_state, make_grant, report_data, spent
from tests.helpers import page_text
from tests.support.at_once import run_twice_at_once

TODAY = date.today()
END = TODAY - timedelta(days=30)  # with the default WNF_REPORT_DUE_DAYS, due today
DUE = TODAY
REPORT = "Reminder {n} of 3: the WNF programme report for “Kaizen exchange” is due"
ESCALATED = "No WNF programme report for “Kaizen exchange” after three reminders"
NUDGE = "Reminder {n} of 2: your WNF application “Kaizen exchange” is waiting for your changes"


def _run(app, schedule, today: date) -> int:
    with app.app_context():
        queued = schedule(today)
        commit()
        outbox.deliver_pending()
        return queued


def _reports(app, today: date) -> int:
    return _run(app, remind_programme_reports, today)


def _nudges(app, today: date) -> int:
    return _run(app, remind_returned_applications, today)


def _subjects(smtp, address: str) -> list[str]:
    return [m["Subject"] for m in smtp.to(address)]


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _disbursed(app) -> int:
    return make_grant(app, status=GrantStatus.DISBURSED, end=END)


def _officer(app, email: str, language: str = "en", name: str = "Officer") -> int:
    term = (SOCIETY_A, MembershipRole.OFFICER, TODAY - timedelta(days=400), TODAY + timedelta(400))
    return make_user(app, email, name=name, language=language, memberships=[term])


def test_three_reminders_a_week_apart_then_staff_and_committee_once(app, people, smtp):
    grant_id = _disbursed(app)
    officer, staff, committee = (people[r].email for r in ("officer_a", "staff", "committee"))
    with app.app_context():
        told = db.session.scalar(
            select(func.count()).where(User.is_staff.is_(True) | User.is_committee.is_(True))
        )
    assert _reports(app, DUE - timedelta(days=1)) == 0
    for week, expected in enumerate([1, 1, 1, told]):
        day = DUE + timedelta(weeks=week)
        assert _reports(app, day) == expected and _reports(app, day + timedelta(days=3)) == 0
    assert _reports(app, DUE + timedelta(weeks=6)) == 0  # after the escalation, nothing more
    assert _subjects(smtp, officer) == [REPORT.format(n=n) for n in (1, 2, 3)]
    assert _subjects(smtp, staff) == [ESCALATED] and _subjects(smtp, committee) == [ESCALATED]
    assert not smtp.to(people["expired_officer"].email)  # a term that ended is not asked
    assert not smtp.to(people["officer_b"].email)  # a cooperating society does not report
    first = _body(smtp.to(officer)[0])
    assert f"http://localhost/wnf/applications/{grant_id}/report" in first
    assert "condition of the grant" in first and "it cannot be turned off" in first
    assert f"http://localhost/wnf/applications/{grant_id}" in _body(smtp.to(staff)[0])


def test_a_missed_run_sends_the_latest_stage_only(app, people, smtp):
    _disbursed(app)
    assert _reports(app, DUE + timedelta(weeks=2, days=1)) == 1
    assert _subjects(smtp, people["officer_a"].email) == [REPORT.format(n=3)]


def test_old_programmes_are_not_mailed_as_history(app, people, smtp):
    make_grant(app, status=GrantStatus.DISBURSED, end=END - timedelta(days=120))
    assert _reports(app, DUE) == 0
    assert smtp.messages == []


def test_two_workers_at_once_queue_each_reminder_once(app, people, smtp):
    _disbursed(app)
    assert run_twice_at_once(app, remind_programme_reports, DUE) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 1
        outbox.deliver_pending()
    assert len(smtp.to(people["officer_a"].email)) == 1


def test_a_filed_report_stops_the_reminders(app, client, people, smtp):
    grant_id = _disbursed(app)
    assert _reports(app, DUE) == 1
    event_id = make_event(app, SOCIETY_A, attendance=40)
    log_in(client, people["officer_a"].email)
    filed = client.post(
        f"/wnf/applications/{grant_id}/report",
        data=report_data(event_id, spent(250_000)),
    )
    assert filed.status_code == 302 and grant_state(app, grant_id)["status"] == "reported"
    smtp.clear()
    for week in (1, 2, 3):
        assert _reports(app, DUE + timedelta(weeks=week)) == 0
    assert smtp.messages == []


def test_each_officer_is_reminded_in_their_language(app, people, smtp):
    _officer(app, "ana@example.org", "es", "Ana")
    _officer(app, "kenji@example.org", "ja", "Kenji")
    _disbursed(app)
    assert _reports(app, DUE + timedelta(weeks=1)) == 3
    (spanish,) = smtp.to("ana@example.org")
    assert spanish["Subject"] == (
        "Recordatorio 2 de 3: el informe del programa WNF de «Kaizen exchange» está pendiente"
    )
    assert "Hola, Ana" in _body(spanish) and "condición de la subvención" in _body(spanish)
    (japanese,) = smtp.to("kenji@example.org")
    assert japanese["Subject"] == "督促 2/3：WNFプログラム「Kaizen exchange」の報告の提出期限です"
    assert "まだ提出されていません" in _body(japanese)


def _returned(app, people, comment="Please add the budget lines.") -> tuple[int, date]:
    """An application officer_a submitted and the committee returned; and the return's day."""
    grant_id = make_grant(app)
    officer, committee = app.test_client(), app.test_client()
    log_in(officer, people["officer_a"].email)
    assert officer.post(f"/wnf/applications/{grant_id}/move/submit").status_code == 302
    log_in(committee, people["committee"].email)
    returned = committee.post(
        f"/wnf/applications/{grant_id}/move/return", data={"comment": comment}
    )
    assert returned.status_code == 302 and grant_state(app, grant_id)["status"] == "returned"
    return grant_id, _returned_on(app, grant_id)


def _returned_on(app, grant_id: int) -> date:
    with app.app_context():
        at = db.session.scalar(
            select(func.max(GrantTransition.at)).where(
                GrantTransition.grant_id == grant_id,
                GrantTransition.to_status == GrantStatus.RETURNED,
            )
        )
    return at.date()


def test_a_returned_application_nudges_its_applicant_at_7_and_21_days_only(app, people, smtp):
    _officer(app, "colleague@example.org")  # another officer of the host, not the applicant
    grant_id, returned_on = _returned(app, people)
    smtp.clear()  # the return's own notice
    runs = {6: 0, 7: 1, 8: 0, 20: 0, 21: 1, 22: 0, 28: 0, 60: 0}
    assert {days: _nudges(app, returned_on + timedelta(days=days)) for days in runs} == runs
    officer = people["officer_a"].email
    assert _subjects(smtp, officer) == [NUDGE.format(n=1), NUDGE.format(n=2)]
    body = _body(smtp.to(officer)[0])
    assert "Please add the budget lines." in body
    assert f"http://localhost/wnf/applications/{grant_id}/edit" in body
    assert "/reminders/stop/" in body  # optional: the message carries its off switch
    assert not smtp.to("colleague@example.org")


def test_a_missed_run_nudges_once_and_a_new_submission_ends_the_nudges(app, client, people, smtp):
    grant_id, returned_on = _returned(app, people)
    smtp.clear()
    assert _nudges(app, returned_on + timedelta(days=23)) == 1
    assert _subjects(smtp, people["officer_a"].email) == [NUDGE.format(n=2)]
    log_in(client, people["officer_a"].email)
    assert client.post(f"/wnf/applications/{grant_id}/move/submit").status_code == 302
    smtp.clear()
    assert _nudges(app, returned_on + timedelta(days=7)) == 0  # submitted again: none waits
    assert _nudges(app, returned_on + timedelta(days=21)) == 0


def test_without_a_known_submitter_the_host_officers_are_nudged(app, people, smtp):
    _officer(app, "colleague@example.org")
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED)  # no submission in the history
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    staff.post(f"/wnf/applications/{grant_id}/move/return", data={"comment": ""})
    smtp.clear()
    assert _nudges(app, _returned_on(app, grant_id) + timedelta(days=7)) == 2
    assert _subjects(smtp, "colleague@example.org") == [NUDGE.format(n=1)]
    assert "The comment when it was returned" not in _body(smtp.to("colleague@example.org")[0])


def test_the_account_setting_turns_the_nudge_off(app, client, people, smtp):
    _, returned_on = _returned(app, people)
    log_in(client, people["officer_a"].email)
    page = client.get("/account/reminders")
    html = page.get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="application_returned"', html)
    text = page_text(page)
    assert "My WNF application is waiting for changes after its return" in text
    assert "WNF programme reports due" in text  # listed as always sent
    assert client.post("/account/reminders", data={"kinds_on": ["term_ending"]}).status_code == 302
    with app.app_context():
        user = db.session.get(User, people["officer_a"].id)
        assert "application_returned" in user.reminders_off.split()
    assert _nudges(app, returned_on + timedelta(days=7)) == 0


def test_the_one_click_link_turns_the_nudge_off(app, client, people, smtp):
    _, returned_on = _returned(app, people)
    smtp.clear()
    assert _nudges(app, returned_on + timedelta(days=7)) == 1
    (message,) = smtp.to(people["officer_a"].email)
    stop = re.search(r"http://localhost(/reminders/stop/\S+)", _body(message)).group(1)
    assert message["List-Unsubscribe"] == f"<http://localhost{stop}>"
    done = client.post(stop, data={"List-Unsubscribe": "One-Click"}, follow_redirects=True)
    assert "will no longer be sent" in page_text(done)
    assert _nudges(app, returned_on + timedelta(days=21)) == 0


def test_flask_wnf_remind_twice_queues_once(app, runner, people, smtp):
    _disbursed(app)
    first = runner.invoke(args=["wnf", "remind"])
    assert first.exit_code == 0, first.output
    assert "1 WNF reminder(s) queued." in first.output
    again = runner.invoke(args=["wnf", "remind"])
    assert "0 WNF reminder(s) queued." in again.output
    later = runner.invoke(args=["wnf", "remind", "--today", (DUE + timedelta(weeks=1)).isoformat()])
    assert "1 WNF reminder(s) queued." in later.output
    assert _subjects(smtp, people["officer_a"].email) == [REPORT.format(n=1), REPORT.format(n=2)]
