"""The user's own page: what each role is asked to do, and nothing of other societies."""

from datetime import date, timedelta

from sqlalchemy import select

from alumni.auth.models import MembershipRole
from alumni.common.fiscal import fiscal_year_of
from alumni.events.examples import load_examples
from alumni.events.models import Event, EventKind, EventStatus
from alumni.extensions import db
from alumni.grants.models import GrantStatus
from alumni.reports.services import open_summary, publish
from tests.auth_helpers import PASSWORD as PW
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in, make_user
from tests.events_helpers import make_event, society_by_code
from tests.grants_helpers import donate, make_grant
from tests.helpers import page_text
from tests.support.queries import count_queries

OFFICER = MembershipRole.OFFICER
TODAY = date.today()
LONG_AGO, LATER = TODAY - timedelta(days=400), TODAY + timedelta(days=400)


def _my_page(client) -> str:
    response = client.get("/my/")
    assert response.status_code == 200
    return page_text(response)


def test_login_without_next_lands_on_my_page_and_a_safe_next_still_wins(client, people):
    email = people["officer_a"].email
    assert log_in(client, email).headers["Location"] == "/my/"
    client.post("/logout")
    response = client.post("/login?next=/events/", data={"email": email, "password": PW})
    assert response.headers["Location"] == "/events/"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/", data={"email": email, "password": PW})
    assert response.headers["Location"] == "/my/"


def test_anonymous_is_sent_to_log_in_and_back(client):
    response = client.get("/my/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fmy%2F"


def test_the_header_links_to_my_page_once_logged_in(client, people):
    assert "My page" not in page_text(client.get("/"))
    log_in(client, people["member"].email)
    assert 'href="/my/"' in client.get("/").get_data(as_text=True)


def test_nepal_internship_is_due_until_its_report_is_filed(app, client):
    with app.app_context():
        load_examples()
        db.session.commit()
        nepal = society_by_code("NP-NEPAL")
        internship = db.session.scalars(
            select(Event).where(
                Event.lead_society_id == nepal.id, Event.kind == EventKind.INTERNSHIP_SUPPORT
            )
        ).one()
        event_id, end = internship.id, internship.end_date
    make_user(app, "ram@example.org", memberships=[("NP-NEPAL", OFFICER, LONG_AGO, LATER)])
    log_in(client, "ram@example.org")
    text = _my_page(client)
    days_late = (TODAY - (end + timedelta(days=30))).days
    assert "Online overseas internship with the NGO Love Green Nepal" in text
    assert "Report due" in text and f"{days_late:,} days late" in text
    assert f'href="/events/{event_id}/report"' in client.get("/my/").get_data(as_text=True)

    filed = client.post(f"/events/{event_id}/report", data={"attendance_total": "8"})
    assert filed.status_code == 302
    text = _my_page(client)
    assert "Love Green Nepal" not in text and "Report due" not in text
    assert "Every ended event of your societies has its report." in text


def test_a_report_not_yet_late_says_when_it_is_due(app, client, people):
    make_event(app, SOCIETY_A, start=TODAY - timedelta(days=5), titles={"en": "Recent seminar"})
    log_in(client, people["officer_a"].email)
    assert "due in 25 days" in _my_page(client)


def test_an_officer_sees_own_drafts_never_another_societys(app, client, people):
    mine = make_event(app, SOCIETY_A, status=EventStatus.DRAFT, titles={"en": "Our draft"})
    make_event(app, SOCIETY_B, status=EventStatus.DRAFT, titles={"en": "Kerala's draft"})
    make_grant(app, SOCIETY_B, cooperators=(), title="Kerala's own programme")
    log_in(client, people["officer_a"].email)
    response = client.get("/my/")
    text = page_text(response)
    assert "Our draft" in text and f'href="/events/{mine}/edit"' in response.get_data(as_text=True)
    assert "Kerala's draft" not in text and "Kerala's own programme" not in text
    assert f'href="/societies/{SOCIETY_A}/events/new"' in response.get_data(as_text=True)


def test_each_application_says_what_is_expected_next(app, client, people):
    returned = make_grant(app, status=GrantStatus.RETURNED, title="Returned one")
    ended = TODAY - timedelta(days=3)
    donate(app, 1_000_000)
    disbursed = make_grant(app, status=GrantStatus.DISBURSED, title="Held one", end=ended)
    make_grant(app, status=GrantStatus.SUBMITTED, title="Sent one")
    log_in(client, people["officer_a"].email)
    response = client.get("/my/")
    body, text = response.get_data(as_text=True), page_text(response)
    assert "Returned one" in text
    assert "Returned for changes: edit and resubmit" in text
    assert f'href="/wnf/applications/{returned}/edit"' in body
    assert "Programme report due" in text
    assert f'href="/wnf/applications/{disbursed}/report"' in body
    assert "Submitted" in text


def test_the_roster_marks_terms_ending_within_30_days(app, client, people):
    soon = TODAY + timedelta(days=10)
    make_user(
        app,
        "carla@example.org",
        name="Carla Soon",
        memberships=[(SOCIETY_A, OFFICER, LONG_AGO, soon)],
    )
    log_in(client, people["officer_a"].email)
    text = _my_page(client)
    assert "Carla Soon" in text and "Officer_A" in text
    assert text.count("Term ends within 30 days") == 1
    carla = text.index("Carla Soon")
    assert "Term ends within 30 days" in text[carla : carla + 200]
    assert f"my term ends on {LATER:%B} {LATER.day}, {LATER.year}" in text


def test_a_member_without_office_sees_their_society_and_why_nothing_else(client, people):
    log_in(client, people["member"].email)
    text = _my_page(client)
    assert "Societies I belong to" in text and "The officers of a society post" in text
    assert "Participation reports due" not in text and "Drafts" not in text


def test_the_committee_sees_what_waits_for_its_vote_and_what_it_may_not_vote_on(app, client):
    donate(app, 1_234_567)
    free = make_grant(app, cooperators=(), status=GrantStatus.SUBMITTED, title="Free to vote")
    tied = make_grant(app, status=GrantStatus.UNDER_REVIEW, title="Kerala takes part")
    make_user(
        app,
        "kim@example.org",
        is_committee=True,
        memberships=[(SOCIETY_B, MembershipRole.MEMBER, LONG_AGO, LATER)],
    )
    log_in(client, "kim@example.org")
    response = client.get("/my/")
    text, body = page_text(response), response.get_data(as_text=True)
    assert "Available in the fund: ¥1,234,567" in text
    assert f'href="/wnf/applications/{free}"' in body and f'href="/wnf/applications/{tied}"' in body
    free_part = text[text.index("Free to vote") : text.index("Kerala takes part")]
    tied_part = text[text.index("Kerala takes part") :]
    assert "Waiting for your vote" in free_part and "You may not vote" not in free_part
    assert "You may not vote" in tied_part
    assert "Your society takes part:" in tied_part and "Kerala" in tied_part


def test_staff_see_completeness_change_when_a_report_is_filed(app, client, people):
    start = TODAY - timedelta(days=60)
    event_id = make_event(app, SOCIETY_A, start=start)
    log_in(client, people["staff"].email)
    text = _my_page(client)
    year = fiscal_year_of(start)
    part = text[text.index(f"FY{year} Events") :][:120]
    assert "Reporting rate 0%" in part and "Missing reports 1" in part

    client.post("/logout")
    log_in(client, people["officer_a"].email)
    assert (
        client.post(f"/events/{event_id}/report", data={"attendance_total": "12"}).status_code
        == 302
    )
    client.post("/logout")
    log_in(client, people["staff"].email)
    text = _my_page(client)
    part = text[text.index(f"FY{year} Events") :][:120]
    assert (
        "Reporting rate 100%" in part and "On-time rate 0%" in part and "Missing reports 0" in part
    )


def test_staff_see_the_summary_to_prepare_next_and_the_placeholders(app, client, people):
    last_ended = fiscal_year_of(TODAY) - 1
    log_in(client, people["staff"].email)
    response = client.get("/my/")
    assert f"Open the FY{last_ended} summary" in page_text(response)
    assert 'href="/staff/summaries/"' in response.get_data(as_text=True)
    assert "placeholder societies to complete" in page_text(response)
    with app.app_context():
        publish(None, open_summary(None, last_ended))
        open_summary(None, last_ended - 1)
        db.session.commit()
    response = client.get("/my/")
    assert f"Continue the FY{last_ended - 1} summary" in page_text(response)
    assert f'href="/staff/summaries/{last_ended - 1}"' in response.get_data(as_text=True)


def test_the_page_runs_as_many_statements_for_three_items_as_for_one(app, client, people):
    log_in(client, people["officer_a"].email)

    def add_items(n):
        for i in range(n):
            make_event(app, SOCIETY_A, status=EventStatus.DRAFT, titles={"en": f"Draft {i}"})
            make_event(app, SOCIETY_A, start=TODAY - timedelta(days=40 + i))
            make_grant(app, title=f"Programme {i}")

    with app.app_context():
        engine = db.engine
    add_items(1)
    client.get("/my/")
    with count_queries(engine) as one:
        assert client.get("/my/").status_code == 200
    add_items(2)
    with count_queries(engine) as three:
        assert client.get("/my/").status_code == 200
    assert len(three) == len(one)


def test_the_page_speaks_japanese_and_spanish_with_babel_numbers(app, client):
    make_event(app, SOCIETY_A, start=TODAY - timedelta(days=1200), titles={"en": "Old seminar"})
    make_user(
        app, "ana@example.org", language="ja", memberships=[(SOCIETY_A, OFFICER, LONG_AGO, LATER)]
    )
    log_in(client, "ana@example.org")
    late = (TODAY - (TODAY - timedelta(days=1200) + timedelta(days=30))).days
    ja = page_text(client.get("/my/"))
    assert "マイページ" in ja and f"{late:,}日遅れ" in ja
    client.post("/language", data={"lang": "es", "next": "/my/"})
    es = page_text(client.get("/my/"))
    assert "Mi página" in es and f"{late:,} días de retraso".replace(",", ".") in es
