"""An application from draft to closed, with the history, the audit, the mail and the money."""

from sqlalchemy import select

from alumni.audit.models import AuditEntry
from alumni.extensions import db
from alumni.grants.models import GrantStatus, GrantTransition
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.events_helpers import make_event
from tests.grants_helpers import (
    donate,
    fund_state,
    grant_state,
    make_grant,
    report_data,
    spent,
)
from tests.helpers import page_text


def application_form(**changes) -> dict:
    data = {
        "title": "Online kaizen exchange",
        "theme": "Kaizen",
        "description": "Two mornings online.",
        "planned_start": "2026-10-01",
        "planned_end": "2026-10-02",
        "format": "online",
        "planned_participants": "60",
        "requested_amount": "300000",
        "cooperations-0-society": "AR-ARGENTINA",
        "cooperations-0-role": "recommends_lecturers",
        "cooperations-1-society": "IN-KERALA",
        "cooperations-1-role": "recruits_participants",
        "budget-0-label": "Interpretation",
        "budget-0-amount": "200000",
        "budget-1-label": "Online platform",
        "budget-1-amount": "100000",
    }
    data.update(changes)
    return data


def test_officer_drafts_and_submits_and_the_committee_is_mailed(app, client, smtp, people):
    make_user(app, "yuki@example.org", language="ja", is_committee=True)
    log_in(client, people["officer_a"].email)
    response = client.post(f"/societies/{SOCIETY_A}/wnf/new", data=application_form())
    assert response.status_code == 302
    grant_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert grant_state(app, grant_id)["status"] == "draft"
    assert client.post(f"/wnf/applications/{grant_id}/move/submit").status_code == 302
    assert grant_state(app, grant_id)["status"] == "submitted"
    [japanese] = smtp.to("yuki@example.org")
    assert (
        japanese["Content-Language"] == "ja"
        and "Online kaizen exchange" in japanese.get_body(preferencelist=("plain",)).get_content()
    )
    assert smtp.to(people["committee"].email)  # every committee member, each in their language
    text = page_text(client.get(f"/wnf/applications/{grant_id}"))
    assert "Recommends lecturers" in text and "Recruits participants" in text
    assert "Draft → Submitted" in text


def test_amounts_are_whole_yen_and_bad_input_is_kept(app, client, people):
    log_in(client, people["officer_a"].email)
    for bad in ("1500.50", "-3", "0", "99999999999999999999"):
        response = client.post(
            f"/societies/{SOCIETY_A}/wnf/new", data=application_form(requested_amount=bad)
        )
        assert response.status_code == 422, bad
        assert 'value="Online kaizen exchange"' in response.get_data(as_text=True)
    response = client.post(
        f"/societies/{SOCIETY_A}/wnf/new",
        data=application_form(**{"cooperations-0-society": SOCIETY_A}),
    )
    assert "The host society cannot also be a cooperating society." in page_text(response)


def test_illegal_moves_are_refused_with_no_change(app, client, people):
    grant_id = make_grant(app)
    log_in(client, people["officer_a"].email)
    before = grant_state(app, grant_id)
    for name in ("review", "cancel", "nonsense"):  # not from a draft: a conflict
        response = client.post(f"/wnf/applications/{grant_id}/move/{name}")
        assert response.status_code == 409, name
        text = page_text(response)
        assert "Kaizen exchange" in text and "History" in text  # the application's page
        assert "This application cannot be moved that way from “Draft”." in text
    response = client.post(f"/wnf/applications/{grant_id}/move/close")
    assert response.status_code == 409
    assert "This move needs its own form." in page_text(response)
    cooperator = app.test_client()  # Kerala's officer sees the application, but not to withdraw
    log_in(cooperator, people["officer_b"].email)
    response = cooperator.post(f"/wnf/applications/{grant_id}/move/withdraw")
    assert response.status_code == 403
    assert "You cannot make this move on this application." in page_text(response)
    assert grant_state(app, grant_id) == before
    with app.app_context():
        assert db.session.scalars(select(GrantTransition)).all() == []


def test_returned_application_is_changed_and_submitted_again(app, client, smtp, people):
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED)
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    staff.post(
        f"/wnf/applications/{grant_id}/move/return",
        data={"comment": "Please add the budget lines."},
    )
    assert grant_state(app, grant_id)["status"] == "returned"
    assert smtp.to(people["officer_a"].email)  # the host's officers are told
    log_in(client, people["officer_a"].email)
    response = client.post(
        f"/wnf/applications/{grant_id}/edit",
        data=application_form(version=str(grant_state(app, grant_id)["version"])),
    )
    assert response.status_code == 302
    client.post(f"/wnf/applications/{grant_id}/move/submit")
    assert grant_state(app, grant_id)["status"] == "submitted"
    with app.app_context():
        moves = [
            (t.from_status.value, t.to_status.value, t.comment)
            for t in db.session.scalars(select(GrantTransition).order_by(GrantTransition.id))
        ]
        audit = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.like("grant.%"))
        ).all()
    assert moves == [
        ("submitted", "returned", "Please add the budget lines."),
        ("returned", "submitted", ""),
    ]
    assert "grant.return" in audit and "grant.submit" in audit


def test_withdrawn_before_a_decision(app, client, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    log_in(client, people["officer_a"].email)
    client.post(f"/wnf/applications/{grant_id}/move/withdraw")
    assert grant_state(app, grant_id)["status"] == "withdrawn"


def test_staff_record_a_meeting_decision_and_approval_commits_money(app, client, smtp, people):
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=300_000)
    log_in(client, people["staff"].email)
    response = client.post(
        f"/wnf/applications/{grant_id}/decision",
        data={"decision": "approve", "amount": "", "note": ""},
    )
    assert response.status_code == 422  # a note is required
    assert grant_state(app, grant_id)["status"] == "under_review"
    response = client.post(
        f"/wnf/applications/{grant_id}/decision",
        data={"decision": "approve", "amount": "250000", "note": "Committee meeting, 10 May"},
    )
    assert response.status_code == 302
    assert grant_state(app, grant_id) | {"version": 0} == {
        "status": "approved",
        "approved": 250_000,
        "version": 0,
    }
    assert fund_state(app)["committed"] == 250_000
    assert smtp.to(people["officer_a"].email)


def test_a_decision_with_an_unreadable_amount_names_the_amount(app, client, people):
    """Not "give the meeting and a note" when the note is there: the amount says why."""
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=300_000)
    log_in(client, people["staff"].email)
    response = client.post(
        f"/wnf/applications/{grant_id}/decision",
        data={"decision": "approve", "amount": "abc", "note": "Meeting of 10 May"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    text = page_text(response)
    assert "Please correct the marked fields." in text
    assert "Not a valid integer value." in text
    assert "Give the meeting" not in text
    assert "Meeting of 10 May" in text and 'value="abc"' in response.get_data(as_text=True)
    assert grant_state(app, grant_id)["status"] == "under_review"


def test_approval_above_what_is_available_is_refused(app, client, people):
    donate(app, 100_000)
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=300_000)
    log_in(client, people["staff"].email)
    response = client.post(
        f"/wnf/applications/{grant_id}/decision",
        data={"decision": "approve", "amount": "", "note": "Meeting of 10 May"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 409  # the fund's state does not allow it
    text = page_text(response)
    assert "The fund does not have enough money available for this grant." in text
    assert "Available in the fund: ¥100,000" in text and "Kaizen exchange" in text
    assert "Meeting of 10 May" in text  # the note typed in the refused form is kept
    assert grant_state(app, grant_id)["status"] == "under_review"
    assert fund_state(app)["committed"] == 0


def test_disburse_report_close_refunds_the_unspent_money(app, client, smtp, people):
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.APPROVED, amount=300_000)
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    assert (
        staff.post(
            f"/wnf/applications/{grant_id}/disburse",
            data={"entry_date": "2026-09-01", "memo": "Bank transfer"},
        ).status_code
        == 302
    )
    assert fund_state(app) == {"balance": 700_000, "committed": 0, "ledger_sum": 700_000, "rows": 2}
    assert smtp.to(people["officer_a"].email)
    again = staff.post(f"/wnf/applications/{grant_id}/disburse", data={"entry_date": "2026-09-02"})
    assert again.status_code == 409  # disbursing twice makes one ledger row
    assert fund_state(app)["rows"] == 2

    event_id = make_event(app, SOCIETY_A, attendance=130)
    log_in(client, people["officer_a"].email)
    response = client.post(
        f"/wnf/applications/{grant_id}/report",
        data=report_data(event_id, spent(260_000), narrative="Two good days."),
    )
    assert response.status_code == 302
    assert grant_state(app, grant_id)["status"] == "reported"
    too_early = staff.post(f"/wnf/applications/{grant_id}/close", data={"entry_date": "2026-11-01"})
    assert too_early.status_code == 409  # only an accepted report closes the grant
    assert staff.post(f"/wnf/applications/{grant_id}/move/accept_report").status_code == 302
    assert grant_state(app, grant_id)["status"] == "report_accepted"
    assert (
        staff.post(
            f"/wnf/applications/{grant_id}/close", data={"entry_date": "2026-11-01"}
        ).status_code
        == 302
    )
    assert grant_state(app, grant_id)["status"] == "closed"
    assert fund_state(app) == {"balance": 740_000, "committed": 0, "ledger_sum": 740_000, "rows": 3}
    public = page_text(app.test_client().get("/wnf/", headers={"Accept-Language": "en"}))
    assert "Kaizen exchange" in public and "130" in public


def test_cancelling_an_approved_grant_frees_its_money(app, client, people):
    donate(app, 500_000)
    grant_id = make_grant(app, status=GrantStatus.APPROVED, amount=300_000)
    log_in(client, people["staff"].email)
    client.post(f"/wnf/applications/{grant_id}/move/cancel", data={"comment": "Postponed"})
    assert grant_state(app, grant_id)["status"] == "cancelled"
    assert fund_state(app)["committed"] == 0
