"""Staff record which regional federation a user represents; the user sees it on their account."""

from alumni.audit.models import AuditEntry
from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import log_in, make_user
from tests.helpers import page_text


def _federation(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).federation_code


def _post(client, user_id: int, federation: str):
    data = {"email": "rep@example.org", "name": "Rosa Rep", "language": "en"}
    return client.post(f"/staff/users/{user_id}", data=data | {"federation_code": federation})


def test_staff_set_keep_and_clear_the_federation_a_user_represents(app, client, people):
    rep = make_user(app, "rep@example.org", name="Rosa Rep", is_committee=True)
    log_in(client, people["staff"].email)
    form = page_text(client.get(f"/staff/users/{rep}"))
    assert "Represents the regional federation" in form and "FELAAS (Latin America)" in form
    assert _post(client, rep, "FELAAS").status_code == 302
    assert _federation(app, rep) == "FELAAS"
    assert _post(client, rep, "FELAAS").status_code == 302  # a second save keeps it
    assert _federation(app, rep) == "FELAAS"
    own = app.test_client()
    log_in(own, "rep@example.org")
    account = page_text(own.get("/account"))
    assert "Represents the regional federation" in account and "FELAAS" in account
    assert _post(client, rep, "").status_code == 302
    assert _federation(app, rep) is None
    assert "Represents the regional federation" not in page_text(own.get("/account"))
    with app.app_context():
        changes = db.session.query(AuditEntry).filter_by(action="user.federation_changed").count()
    assert changes == 2


def test_an_unknown_federation_is_refused_and_nothing_saved(app, client, people):
    rep = make_user(app, "rep@example.org", name="Rosa Rep")
    log_in(client, people["staff"].email)
    _post(client, rep, "SAFAAS")
    response = client.post(
        f"/staff/users/{rep}",
        data={"email": "moved@example.org", "name": "Rosa Rep", "federation_code": "NOPE"},
    )
    assert response.status_code == 422
    assert 'value="moved@example.org"' in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, rep)
        assert (user.federation_code, user.email) == ("SAFAAS", "rep@example.org")


def test_staff_invite_a_representative_and_others_may_not_set_it(app, client, people):
    data = {"email": "new@example.org", "name": "New Rep", "language": "en"}
    for role in ("member", "officer_a", "committee"):
        other = app.test_client()
        log_in(other, people[role].email)
        answer = other.post(
            f"/staff/users/{people['member'].id}", data=data | {"federation_code": "AFAAS"}
        )
        assert answer.status_code == 403, role
    assert _federation(app, people["member"].id) is None
    log_in(client, people["staff"].email)
    assert (
        client.post("/staff/users/new", data=data | {"federation_code": "AFAAS"}).status_code == 302
    )
    with app.app_context():
        new = db.session.query(User).filter_by(email="new@example.org").one()
        assert new.federation_code == "AFAAS"
