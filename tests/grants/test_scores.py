"""Review scores: committee members who may vote score an application on each active
criterion; averages for the committee and staff, never for the applicants."""

import threading

from sqlalchemy import select

from alumni.extensions import db
from alumni.grants.models import GrantStatus
from alumni.grants.score_models import ReviewCriterion, ReviewScore
from tests.auth_helpers import log_in, make_user
from tests.grants.test_second_use import recused_member
from tests.grants_helpers import make_grant
from tests.helpers import page_text

CODES = ("relevance", "cooperation", "budget", "feasibility", "impact")


def scores(values=(4, 3, 5, 4, 2), **extra) -> dict:
    data = {f"score_{code}": str(value) for code, value in zip(CODES, values, strict=True)}
    data["comment_budget"] = "Venue costs look high."
    return data | extra


def stored(app, grant_id) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(ReviewScore.member_id, ReviewCriterion.code, ReviewScore.score)
            .join(ReviewCriterion, ReviewCriterion.id == ReviewScore.criterion_id)
            .where(ReviewScore.grant_id == grant_id)
            .order_by(ReviewScore.member_id, ReviewCriterion.position)
        ).all()


def member(app, email=None, people=None):
    client = app.test_client()
    if email is None:
        email = people["committee"].email
    else:
        make_user(app, email, name=email.split("@")[0].title(), is_committee=True)
    log_in(client, email)
    return client


def test_a_member_scores_and_saving_again_updates(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    client = member(app, people=people)
    page = page_text(client.get(f"/wnf/applications/{grant_id}"))
    assert "Your scores" in page and "Cooperation between societies" in page
    response = client.post(f"/wnf/applications/{grant_id}/scores", data=scores())
    assert response.status_code == 302
    mine = people["committee"].id
    assert stored(app, grant_id) == [
        (mine, "relevance", 4),
        (mine, "cooperation", 3),
        (mine, "budget", 5),
        (mine, "feasibility", 4),
        (mine, "impact", 2),
    ]
    again = client.post(f"/wnf/applications/{grant_id}/scores", data=scores((1, 1, 1, 1, 5)))
    assert again.status_code == 302
    assert [row[2] for row in stored(app, grant_id)] == [1, 1, 1, 1, 5]
    page = page_text(client.get(f"/wnf/applications/{grant_id}"))
    assert "Review scores" in page and "Venue costs look high." in page


def test_two_members_at_once_both_land_and_the_average_shows(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    clients = [member(app, "ana@example.org"), member(app, "ben@example.org")]
    barrier, codes = threading.Barrier(2), [None, None]

    def send(index, values):
        barrier.wait(timeout=30)
        response = clients[index].post(f"/wnf/applications/{grant_id}/scores", data=values)
        codes[index] = response.status_code

    threads = [
        threading.Thread(target=send, args=(0, scores((4, 4, 4, 4, 4)))),
        threading.Thread(target=send, args=(1, scores((3, 5, 2, 4, 1)))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert codes == [302, 302]
    assert len(stored(app, grant_id)) == 10
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    page = staff.get(f"/wnf/applications/{grant_id}").get_data(as_text=True)
    assert "Your scores" not in page  # staff see the scores, they do not score
    row = page.split("Cooperation between societies", 1)[1].split("</tr>", 1)[0]
    assert ">4.5<" in row and ">2<" in row  # (4 + 5) / 2, from two scores


def test_a_double_submit_keeps_one_row_per_criterion(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    client = member(app, people=people)
    data = scores(form_key="score-form-key-0123456789abcdef")
    first = client.post(f"/wnf/applications/{grant_id}/scores", data=data)
    second = client.post(f"/wnf/applications/{grant_id}/scores", data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert len(stored(app, grant_id)) == 5


def test_a_score_outside_one_to_five_is_refused_with_what_was_typed(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    client = member(app, people=people)
    for bad in ("0", "6", "５", "4.5", ""):
        response = client.post(
            f"/wnf/applications/{grant_id}/scores",
            data=scores(score_impact=bad, comment_impact="Too early to tell"),
        )
        assert response.status_code == 422, bad
        page = page_text(response)
        assert "Choose a score from 1 to 5." in page and "Too early to tell" in page
    assert stored(app, grant_id) == []


def test_a_member_tied_to_the_application_sees_why_and_cannot_score(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    client = app.test_client()
    log_in(client, recused_member(app))
    page = page_text(client.get(f"/wnf/applications/{grant_id}"))
    assert "you belong to PE-PERU" in page
    assert "Your scores" not in page and "Review scores" not in page
    response = client.post(f"/wnf/applications/{grant_id}/scores", data=scores())
    assert response.status_code == 403
    assert "you belong to PE-PERU" in page_text(response)
    assert stored(app, grant_id) == []


def test_the_applicants_never_see_scores_and_others_are_refused(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    member(app, people=people).post(f"/wnf/applications/{grant_id}/scores", data=scores())
    for role in ("officer_a", "officer_b"):  # the host's and a cooperator's officers
        client = app.test_client()
        log_in(client, people[role].email)
        page = page_text(client.get(f"/wnf/applications/{grant_id}"))
        assert "Review scores" not in page and "Venue costs look high." not in page
        response = client.post(f"/wnf/applications/{grant_id}/scores", data=scores())
        assert response.status_code == 403
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    assert staff.post(f"/wnf/applications/{grant_id}/scores", data=scores()).status_code == 403
    assert len(stored(app, grant_id)) == 5


def test_scores_are_given_only_while_votes_are_taken(app, people):
    grant_id = make_grant(app, status=GrantStatus.DRAFT)
    client = member(app, people=people)
    assert "Your scores" not in page_text(client.get(f"/wnf/applications/{grant_id}"))
    response = client.post(f"/wnf/applications/{grant_id}/scores", data=scores())
    assert response.status_code == 409
    assert "only while the committee takes votes" in page_text(response)
    assert stored(app, grant_id) == []


def test_staff_add_rename_and_deactivate_criteria(app, people):
    grant_id = make_grant(app, status=GrantStatus.UNDER_REVIEW)
    committee = member(app, people=people)
    committee.post(f"/wnf/applications/{grant_id}/scores", data=scores())
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    added = staff.post(
        "/staff/wnf/criteria",
        data={
            "code": "sustainability",
            "name_en": "Sustainability",
            "name_ja": "持続可能性",
            "name_es": "Sostenibilidad",
        },
    )
    assert added.status_code == 302
    with app.app_context():
        budget = db.session.scalar(select(ReviewCriterion).where(ReviewCriterion.code == "budget"))
        budget_id = budget.id
    renamed = staff.post(
        f"/staff/wnf/criteria/{budget_id}",
        data={"name_en": "Value for money", "name_ja": "費用対効果", "name_es": "Costo"},
    )  # "active" left unticked: no longer used
    assert renamed.status_code == 302
    page = page_text(committee.get(f"/wnf/applications/{grant_id}"))
    form_part = page.split("Your scores", 1)[1].split("Save your scores", 1)[0]
    assert "Sustainability" in form_part and "Value for money" not in form_part
    assert "Value for money (no longer used)" in page  # its scores are still shown
    values = scores((4, 3, 5, 4, 2)) | {"score_sustainability": "3"}
    del values["score_budget"]
    assert committee.post(f"/wnf/applications/{grant_id}/scores", data=values).status_code == 302
    codes = [code for _member, code, _score in stored(app, grant_id)]
    assert sorted(codes) == sorted([*CODES, "sustainability"])
    duplicate = staff.post("/staff/wnf/criteria", data={"code": "budget", "name_en": "Again"})
    assert duplicate.status_code == 422
    assert "A criterion with this code already exists." in page_text(duplicate)
