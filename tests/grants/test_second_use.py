"""Second use of the WNF pages: re-saving, double posts, recused members, refusals shown with
their status, the page and the reason, in the user's language."""

from datetime import date, timedelta

from sqlalchemy import func, select

from alumni.auth.models import MembershipRole
from alumni.extensions import db
from alumni.grants.models import BudgetLine, Cooperation, Grant, GrantStatus, GrantTransition
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.grants.test_workflow import application_form
from tests.grants_helpers import donate, fund_state, grant_state, make_grant
from tests.helpers import page_text

FORM_KEY = "grant-form-key-0123456789abcdef"


def count_grants(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Grant.id)))


def test_the_application_form_posted_twice_makes_one_draft(app, client, people):
    log_in(client, people["officer_a"].email)
    url = f"/societies/{SOCIETY_A}/wnf/new"
    first = client.post(url, data=application_form(form_key=FORM_KEY))
    second = client.post(url, data=application_form(form_key=FORM_KEY))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]  # lands on the first draft
    assert count_grants(app) == 1


def test_a_second_save_with_changed_budget_lines_and_cooperations(app, client, people):
    log_in(client, people["officer_a"].email)
    response = client.post(f"/societies/{SOCIETY_A}/wnf/new", data=application_form())
    grant_id = int(response.headers["Location"].rsplit("/", 1)[1])
    changed = application_form(
        version=str(grant_state(app, grant_id)["version"]),
        **{
            "budget-0-label": "Online platform",  # the lines swap places, one is added
            "budget-0-amount": "90000",
            "budget-1-label": "Interpretation",
            "budget-1-amount": "180000",
            "budget-2-label": "Certificates",
            "budget-2-amount": "30000",
            "cooperations-0-society": "NP-NEPAL",  # Argentina leaves, Nepal joins
            "cooperations-1-role": "co_organises",
        },
    )
    response = client.post(f"/wnf/applications/{grant_id}/edit", data=changed)
    assert response.status_code == 302
    changed["version"] = str(grant_state(app, grant_id)["version"])
    assert client.post(f"/wnf/applications/{grant_id}/edit", data=changed).status_code == 302
    with app.app_context():
        lines = db.session.execute(
            select(BudgetLine.position, BudgetLine.label, BudgetLine.amount)
            .where(BudgetLine.grant_id == grant_id)
            .order_by(BudgetLine.position)
        ).all()
        cooperations = {
            (c.society.code, c.role.value)
            for c in db.session.scalars(select(Cooperation).where(Cooperation.grant_id == grant_id))
        }
    assert lines == [
        (1, "Online platform", 90_000),
        (2, "Interpretation", 180_000),
        (3, "Certificates", 30_000),
    ]
    assert cooperations == {("NP-NEPAL", "recommends_lecturers"), ("IN-KERALA", "co_organises")}


def recused_member(app, society=SOCIETY_A, language="en") -> str:
    """A committee member who belongs to SOCIETY (the host by default)."""
    email = f"recused-{society.lower()}-{language}@example.org"
    make_user(
        app,
        email,
        language=language,
        is_committee=True,
        memberships=[(society, MembershipRole.MEMBER, date.today() - timedelta(days=30), None)],
    )
    return email


def test_a_recused_member_takes_no_review_action(app, people):
    submitted = make_grant(app, status=GrantStatus.SUBMITTED, cooperators=("IN-KERALA",))
    for society in (SOCIETY_A, "IN-KERALA"):  # the host, then a cooperating society
        member = app.test_client()
        log_in(member, recused_member(app, society))
        page = page_text(member.get(f"/wnf/applications/{submitted}"))
        assert "Start the review" not in page and "Return for changes" not in page
        assert "Cast your vote" not in page
        for action, data in (
            ("move/review", {}),
            ("move/return", {"comment": "Please change it"}),
            ("vote", {"choice": "approve"}),
        ):
            response = member.post(f"/wnf/applications/{submitted}/{action}", data=data)
            assert response.status_code == 403, (society, action)
            text = page_text(response)
            assert "Kaizen exchange" in text and "History" in text  # the application's page
            assert f"you belong to {society}" in text, (society, action)
    assert grant_state(app, submitted)["status"] == "submitted"
    with app.app_context():
        assert db.session.scalars(select(GrantTransition)).all() == []


def test_a_recused_member_is_not_asked_to_review(app, client, smtp, people):
    recused = recused_member(app, "AR-ARGENTINA")
    grant_id = make_grant(app)  # Peru hosts; Argentina and Kerala cooperate
    log_in(client, people["officer_a"].email)
    assert client.post(f"/wnf/applications/{grant_id}/move/submit").status_code == 302
    assert smtp.to(people["committee"].email)  # the members who may vote are asked
    assert smtp.to(recused) == []


def test_a_member_who_may_vote_still_reviews_and_returns(app, people):
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED)
    member = app.test_client()
    log_in(member, people["committee"].email)
    assert member.post(f"/wnf/applications/{grant_id}/move/review").status_code == 302
    assert member.post(f"/wnf/applications/{grant_id}/move/return").status_code == 302
    assert grant_state(app, grant_id)["status"] == "returned"


def test_refusals_answer_in_the_users_language_with_what_is_available(app, people):
    donate(app, 100_000)
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=300_000)
    make_user(app, "akiko@example.org", language="ja", is_staff=True)
    staff = app.test_client()
    log_in(staff, "akiko@example.org")
    response = staff.post(
        f"/wnf/applications/{grant_id}/decision",
        data={"decision": "approve", "amount": "", "note": "5月10日の委員会"},
    )
    assert response.status_code == 409
    text = page_text(response)
    assert "基金の利用可能額が、この助成には不足しています。" in text
    assert "基金の利用可能額：￥100,000" in text or "基金の利用可能額：¥100,000" in text
    assert "5月10日の委員会" in text
    assert fund_state(app)["committed"] == 0

    member = app.test_client()
    log_in(member, recused_member(app, language="es"))
    response = member.post(f"/wnf/applications/{grant_id}/vote", data={"choice": "approve"})
    assert response.status_code == 403
    assert "No puede votar" in page_text(response)
