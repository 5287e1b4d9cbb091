"""A session cookie copied before logout, password change, disable or role loss dies."""

from datetime import date, timedelta

from alumni.auth.models import MembershipRole, User
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, SOCIETY_A, log_in, make_user


def copy_cookie(app, client):
    """A second browser holding the same session cookie (what a thief would hold)."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    return thief


def test_fresh_session_on_login(app, client):
    make_user(app, "ana@example.org")
    client.get("/")
    client.post("/language", data={"lang": "es"})
    before = client.get_cookie("session").value
    log_in(client, "ana@example.org")
    after = client.get_cookie("session").value
    assert before != after
    stolen = app.test_client()
    stolen.set_cookie("session", before)
    assert stolen.get("/account").status_code == 302  # the pre-login cookie gives nothing


def test_copied_cookie_is_dead_after_logout(app, client):
    make_user(app, "ana@example.org")
    log_in(client, "ana@example.org")
    thief = copy_cookie(app, client)
    assert thief.get("/account").status_code == 200
    client.post("/logout")
    assert thief.get("/account").status_code == 302


def test_copied_cookie_is_dead_after_password_change(app, client):
    make_user(app, "ana@example.org", name="Ana Lopez")
    log_in(client, "ana@example.org")
    thief = copy_cookie(app, client)
    response = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "violet tractor umbrella 77",
            "confirm": "violet tractor umbrella 77",
        },
    )
    assert response.status_code == 302
    assert thief.get("/account").status_code == 302
    assert client.get("/account").status_code == 200  # the person who changed it stays in


def test_copied_cookie_is_dead_after_disable(app, client, people):
    target = make_user(app, "ana@example.org")
    victim = app.test_client()
    log_in(victim, "ana@example.org")
    log_in(client, people["staff"].email)
    assert client.post(f"/staff/users/{target}/disable").status_code == 302
    assert victim.get("/account").status_code == 302


def test_role_removal_ends_sessions(app, client, people):
    log_in(client, people["staff"].email)
    committee = app.test_client()
    log_in(committee, people["committee"].email)
    response = client.post(
        f"/staff/users/{people['committee'].id}",
        data={"email": people["committee"].email, "name": "Committee", "language": "en"},
    )
    assert response.status_code == 302
    assert committee.get("/account").status_code == 302


def test_ended_membership_takes_effect_on_the_next_request(app, client, people):
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    assert officer.get(f"/societies/{SOCIETY_A}/edit").status_code == 200
    with app.app_context():
        membership = db.session.get(User, people["officer_a"].id).memberships[0]
        membership_id = membership.id
    log_in(client, people["staff"].email)
    url = f"/staff/users/{people['officer_a'].id}/memberships/{membership_id}/end"
    assert client.post(url).status_code == 302
    assert officer.get(f"/societies/{SOCIETY_A}/edit").status_code in (302, 403)
    log_in(officer, people["officer_a"].email)
    assert officer.get(f"/societies/{SOCIETY_A}/edit").status_code == 403


def test_future_membership_grants_nothing_yet(app, client):
    start = date.today() + timedelta(days=10)
    make_user(
        app, "soon@example.org", memberships=[(SOCIETY_A, MembershipRole.OFFICER, start, None)]
    )
    log_in(client, "soon@example.org")
    assert client.get(f"/societies/{SOCIETY_A}/edit").status_code == 403


def test_idle_session_expires(app, client):
    from alumni.auth.models import UserSession
    from alumni.common.time import utcnow

    make_user(app, "ana@example.org")
    log_in(client, "ana@example.org")
    with app.app_context():
        for row in db.session.query(UserSession):
            row.last_seen_at = utcnow() - timedelta(hours=3)
        db.session.commit()
    assert client.get("/account").status_code == 302
