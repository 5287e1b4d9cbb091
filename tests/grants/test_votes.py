"""Committee votes: one per member, none from a member tied to the application, and the
application moves by itself when the decision rule is met."""

from alumni.auth.models import MembershipRole
from alumni.grants.models import GrantStatus
from tests.auth_helpers import SOCIETY_A, log_in, make_user
from tests.grants_helpers import donate, fund_state, grant_state, make_grant
from tests.helpers import page_text


def committee(app, count: int) -> list:
    clients = []
    for number in range(count):
        make_user(app, f"member{number}@example.org", is_committee=True)
        client = app.test_client()
        log_in(client, f"member{number}@example.org")
        clients.append(client)
    return clients


def vote(client, grant_id, choice, comment=""):
    return client.post(
        f"/wnf/applications/{grant_id}/vote",
        data={"choice": choice, "comment": comment},
        follow_redirects=True,
    )


def test_a_majority_of_eligible_members_approves_by_itself(app, smtp, people):
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED, amount=200_000)
    members = committee(app, 2)  # with people["committee"]: three eligible members
    vote(members[0], grant_id, "approve", "Good plan")
    assert grant_state(app, grant_id)["status"] == "under_review"
    response = vote(members[1], grant_id, "approve")
    assert "Your vote is recorded." in page_text(response)
    assert grant_state(app, grant_id)["status"] == "approved"
    assert fund_state(app)["committed"] == 200_000
    assert smtp.to(people["officer_a"].email)


def test_a_majority_rejects(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    members = committee(app, 2)
    vote(members[0], grant_id, "reject")
    vote(members[1], grant_id, "reject")
    assert grant_state(app, grant_id)["status"] == "rejected"


def test_one_vote_per_member(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    members = committee(app, 4)
    vote(members[0], grant_id, "abstain")
    response = vote(members[0], grant_id, "approve")
    assert response.status_code == 409
    assert "You have already voted on this application." in page_text(response)


def test_a_member_tied_to_the_host_or_a_cooperator_cannot_vote(app, people):
    from datetime import date, timedelta

    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW, cooperators=("IN-KERALA",))
    start = date.today() - timedelta(days=10)
    for email, society in (
        ("tied-host@example.org", SOCIETY_A),
        ("tied-coop@example.org", "IN-KERALA"),
    ):
        make_user(
            app,
            email,
            is_committee=True,
            memberships=[(society, MembershipRole.MEMBER, start, None)],
        )
        client = app.test_client()
        log_in(client, email)
        response = vote(client, grant_id, "approve")
        assert response.status_code == 403
        assert f"You cannot vote: you belong to {society}" in page_text(response)
    assert grant_state(app, grant_id)["status"] == "under_review"


def test_a_majority_that_the_fund_cannot_pay_leaves_it_to_staff(app, people):
    donate(app, 100_000)
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW, amount=300_000)
    members = committee(app, 2)
    vote(members[0], grant_id, "approve")
    response = vote(members[1], grant_id, "approve")
    assert "The fund does not have enough money available for this grant." in page_text(response)
    assert grant_state(app, grant_id)["status"] == "under_review"
    assert fund_state(app)["committed"] == 0


def test_unanimity_can_be_the_rule(app, people):
    app.config["WNF_DECISION_RULE"] = "unanimous"
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    members = committee(app, 2)
    vote(members[0], grant_id, "approve")
    vote(members[1], grant_id, "approve")
    assert grant_state(app, grant_id)["status"] == "under_review"  # one member has not voted
    committee_member = app.test_client()
    log_in(committee_member, people["committee"].email)
    vote(committee_member, grant_id, "approve")
    assert grant_state(app, grant_id)["status"] == "approved"


def test_the_committee_sees_its_queue_and_officers_their_applications(app, people):
    make_grant(app, status=GrantStatus.SUBMITTED, title="Waiting one")
    make_grant(app, status=GrantStatus.DRAFT, title="Still a draft")
    member = app.test_client()
    log_in(member, people["committee"].email)
    queue = page_text(member.get("/wnf/queue"))
    assert "Waiting one" in queue and "Still a draft" not in queue
    officer = app.test_client()
    log_in(officer, people["officer_b"].email)  # Kerala cooperates in both
    mine = page_text(officer.get("/wnf/applications/"))
    assert "Waiting one Peru alumni society" in mine and "Submitted" in mine
    outsider = app.test_client()
    log_in(outsider, people["member"].email)
    assert "Waiting one" not in page_text(outsider.get("/wnf/applications/"))


def test_the_queue_shows_each_member_their_own_vote(app, smtp, people):
    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED, title="Voted on", amount=200_000)
    voter, other = committee(app, 2)  # with people["committee"]: one vote decides nothing
    vote(voter, grant_id, "abstain")
    mine, theirs = page_text(voter.get("/wnf/queue")), page_text(other.get("/wnf/queue"))
    assert "Voted on Peru alumni society" in mine and "Abstain" in mine
    assert "Voted on" in theirs and "Not yet" in theirs and "Abstain" not in theirs


def test_a_decision_by_the_votes_is_said_in_each_readers_language(app, smtp, people):
    """The deciding voter reads Japanese: the history and the host's mail still say who
    decided, and why, in their reader's language, and nothing of it is stored in Japanese."""
    from sqlalchemy import select

    from alumni.extensions import db
    from alumni.grants.models import GrantTransition

    donate(app, 1_000_000)
    grant_id = make_grant(app, status=GrantStatus.SUBMITTED, amount=200_000)
    make_user(app, "yamada@example.org", language="ja", is_committee=True)
    members = committee(app, 1)
    japanese = app.test_client()
    log_in(japanese, "yamada@example.org")
    vote(members[0], grant_id, "approve")
    vote(japanese, grant_id, "approve")
    assert grant_state(app, grant_id)["status"] == "approved"
    with app.app_context():
        last = db.session.scalars(
            select(GrantTransition).where(GrantTransition.grant_id == grant_id)
        ).all()[-1]
        assert (last.actor_label, last.comment) == ("rule", "")
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    text = page_text(staff.get(f"/wnf/applications/{grant_id}", headers={"Accept-Language": "en"}))
    assert (
        "the committee's votes · Under review → Approved — Decided by the committee's votes."
        in (text)
    )
    assert "投票" not in text
    assert "委員会" in page_text(japanese.get(f"/wnf/applications/{grant_id}"))
    mail = smtp.to(people["officer_a"].email)[-1]
    assert "Decided by the committee's votes." in mail.get_body(("plain",)).get_content()
