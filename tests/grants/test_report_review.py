"""The programme report's review: the committee or staff accept it or return it with a comment,
the officer corrects it and files it again, and only an accepted report closes the grant."""

import threading
from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from alumni.auth.models import MembershipRole
from alumni.extensions import db
from alumni.grants.models import Grant, GrantStatus, GrantTransition, ReportLine
from alumni.grants.reminders import remind_programme_reports
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.grants_helpers import donate, fund_state, grant_state, make_grant, report_data, spent
from tests.helpers import page_text

TODAY = date.today()


def client_of(app, email: str):
    client = app.test_client()
    log_in(client, email)
    return client


def reported(app, client, *, end=None) -> int:
    """A disbursed grant of 300,000 yen whose officer files a report of two lines."""
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.DISBURSED, amount=300_000, end=end)
    response = client.post(
        f"/wnf/applications/{grant_id}/report",
        data=report_data(
            None,
            spent("2000", currency="PEN", rate="40", label="Venue in Lima"),
            spent("100000", label="Interpretation"),
        ),
    )
    assert response.status_code == 302
    return grant_id


def line_ids(app, grant_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ReportLine.id)
                .where(ReportLine.grant_id == grant_id)
                .order_by(ReportLine.position)
            )
        )


def history(app, grant_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        moves = db.session.scalars(
            select(GrantTransition)
            .where(GrantTransition.grant_id == grant_id)
            .order_by(GrantTransition.id)
        )
        return [(m.to_status.value, m.comment) for m in moves]


def move(client, grant_id: int, name: str, comment: str = "", **more):
    return client.post(
        f"/wnf/applications/{grant_id}/move/{name}",
        data={"comment": comment, **more},
        headers={"Accept-Language": "en"},
    )


def test_returned_corrected_resubmitted_accepted_closed(app, client, smtp, people):
    make_user(app, "ana@example.org", name="Ana", language="es", memberships=[_officer_term()])
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    assert smtp.to(people["committee"].email)[-1]["Subject"] == "A WNF programme report was filed"
    assert smtp.to(people["staff"].email)
    first_ids = line_ids(app, grant_id)

    committee = client_of(app, people["committee"].email)
    page = page_text(committee.get(f"/wnf/applications/{grant_id}"))
    assert "Accept the report" in page and "Return the report for changes" in page
    refused = move(committee, grant_id, "return_report")
    assert refused.status_code == 422  # a return says what to change
    assert "Say in the comment what should be changed." in page_text(refused)
    assert grant_state(app, grant_id)["status"] == "reported"
    returned = move(committee, grant_id, "return_report", "Add the receipt date of the venue.")
    assert returned.status_code == 302
    assert grant_state(app, grant_id)["status"] == "report_returned"
    assert history(app, grant_id)[-1] == ("report_returned", "Add the receipt date of the venue.")
    mail = smtp.to("ana@example.org")[-1]  # in the officer's language
    assert mail["Subject"] == "Se devolvió el informe de su programa WNF para cambios"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Add the receipt date of the venue." in body

    staff = client_of(app, people["staff"].email)
    assert (
        staff.post(
            f"/wnf/applications/{grant_id}/close", data={"entry_date": TODAY.isoformat()}
        ).status_code
        == 409
    )  # a returned report does not close the grant

    form = client.get(f"/wnf/applications/{grant_id}/report", headers={"Accept-Language": "en"})
    text = page_text(form)
    assert "Add the receipt date of the venue." in text  # what to change, above the form
    html = form.get_data(as_text=True)
    assert 'value="Venue in Lima"' in html and 'value="2000.00"' in html  # as filed
    corrected = report_data(
        None,
        spent("2000", currency="PEN", rate="40", label="Venue in Lima (receipt 12 May)")
        | {"id": str(first_ids[0])},
        spent("90000", label="Interpretation") | {"id": str(first_ids[1])},
        narrative="Corrected.",
    )
    response = client.post(f"/wnf/applications/{grant_id}/report", data=corrected)
    assert response.status_code == 302
    assert grant_state(app, grant_id)["status"] == "reported"
    assert line_ids(app, grant_id) == first_ids  # receipts attached to a line stay with it

    assert move(staff, grant_id, "accept_report").status_code == 302
    assert grant_state(app, grant_id)["status"] == "report_accepted"
    assert smtp.to(people["officer_a"].email)[-1]["Subject"] == (
        "Your WNF programme report was accepted"
    )
    before = fund_state(app)
    closed = staff.post(
        f"/wnf/applications/{grant_id}/close", data={"entry_date": TODAY.isoformat()}
    )
    assert closed.status_code == 302 and grant_state(app, grant_id)["status"] == "closed"
    assert fund_state(app)["balance"] == before["balance"] + 300_000 - 80_000 - 90_000
    assert [status for status, _comment in history(app, grant_id)] == [
        "reported",
        "report_returned",
        "reported",
        "report_accepted",
        "closed",
    ]


def test_the_same_review_posted_twice_acts_once(app, client, people):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    committee = client_of(app, people["committee"].email)
    key = "report-review-key-0123456789abcdef"
    first = move(committee, grant_id, "return_report", "Fix the rate.", form_key=key)
    second = move(committee, grant_id, "return_report", "Fix the rate.", form_key=key)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert [s for s, _c in history(app, grant_id)].count("report_returned") == 1


def test_two_reviewers_at_once_one_wins_the_other_gets_409(app, client, people):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    reviewers = [
        (client_of(app, people["committee"].email), "accept_report", ""),
        (client_of(app, people["staff"].email), "return_report", "The rate is wrong."),
    ]
    barrier, statuses = threading.Barrier(2), []

    def review(reviewer, name, comment):
        barrier.wait(timeout=30)
        statuses.append(move(reviewer, grant_id, name, comment).status_code)

    threads = [threading.Thread(target=review, args=args) for args in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 409]
    assert len([s for s, _c in history(app, grant_id) if s.startswith("report_")]) == 1


def test_two_officers_filing_the_returned_report_at_once_one_wins_the_other_gets_409(
    app, client, people
):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    venue, interpreting = line_ids(app, grant_id)
    committee = client_of(app, people["committee"].email)
    assert move(committee, grant_id, "return_report", "The venue cost less.").status_code == 302
    make_user(app, "treasurer@example.org", memberships=[_officer_term()])
    officers = [
        (client, "1900", "Venue: 1,900 soles."),
        (client_of(app, "treasurer@example.org"), "1800", "Venue: 1,800 soles."),
    ]
    barrier, answers = threading.Barrier(2), {}

    def file_again(officer, soles, narrative):
        data = report_data(
            None,
            spent(soles, currency="PEN", rate="40", label="Venue in Lima") | {"id": str(venue)},
            spent("100000", label="Interpretation") | {"id": str(interpreting)},
            narrative=narrative,
        )
        barrier.wait(timeout=30)
        answer = officer.post(
            f"/wnf/applications/{grant_id}/report",
            data=data,
            headers={"Accept-Language": "en"},
        )
        answers[narrative] = (
            answer.status_code,
            SimpleNamespace(text=page_text(answer), html=answer.get_data(as_text=True)),
        )

    threads = [threading.Thread(target=file_again, args=args) for args in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(status for status, _text in answers.values()) == [302, 409]
    (won,) = [narrative for narrative, (status, _t) in answers.items() if status == 302]
    (lost,) = [text for status, text in answers.values() if status == 409]
    # Whichever way the two requests met, the second officer is told what happened, with
    # what they typed still on screen to compare with the report now filed.
    assert "Someone else has just" in lost.text and "Venue: 1," in lost.text
    assert lost.html.count('value="18') + lost.html.count('value="19') == 1
    assert [s for s, _c in history(app, grant_id)][-2:] == ["report_returned", "reported"]
    with app.app_context():
        grant = db.session.get(Grant, grant_id)
        assert grant.narrative == won  # one officer's report whole, not a mix of the two
        assert grant.actual_expenses == int(won[7:12].replace(",", "")) * 40 + 100_000
        assert [line.id for line in grant.report_lines] == [venue, interpreting]


def test_who_may_review_a_report(app, client, people):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client)
    peru_member = "kenji@example.org"  # on the committee, and an officer of the host
    make_user(app, peru_member, is_committee=True, memberships=[_officer_term()])
    outsider = "nepal@example.org"
    term = ("NP-NEPAL", MembershipRole.OFFICER, TODAY - timedelta(days=30), TODAY + timedelta(30))
    make_user(app, outsider, memberships=[term])

    host = move(client, grant_id, "accept_report")
    assert host.status_code == 403  # the host does not review its own report
    assert move(client_of(app, outsider), grant_id, "accept_report").status_code == 403
    cooperator = move(client_of(app, people["officer_b"].email), grant_id, "accept_report")
    assert cooperator.status_code == 403
    recused = client_of(app, peru_member)
    refused = move(recused, grant_id, "return_report", "No.")
    assert refused.status_code == 403
    assert "you belong to PE-PERU, which takes part in it" in page_text(refused)
    page = page_text(recused.get(f"/wnf/applications/{grant_id}"))
    assert "Accept the report" not in page  # not offered either
    assert grant_state(app, grant_id)["status"] == "reported"
    assert len(history(app, grant_id)) == 1


def test_report_reminders_stop_with_the_committee_and_start_again_when_returned(
    app, client, people, smtp
):
    log_in(client, people["officer_a"].email)
    grant_id = reported(app, client, end=TODAY - timedelta(days=30))  # due today
    with app.app_context():
        assert remind_programme_reports(TODAY) == 0  # with the committee: no reminder
        db.session.rollback()
    committee = client_of(app, people["committee"].email)
    assert move(committee, grant_id, "return_report", "Add the receipts.").status_code == 302
    with app.app_context():
        assert remind_programme_reports(TODAY) == 1  # the officer is asked again
        db.session.rollback()


def _officer_term():
    return (SOCIETY_A, MembershipRole.OFFICER, TODAY - timedelta(days=30), TODAY + timedelta(30))
