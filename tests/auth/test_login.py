from sqlalchemy import func, select

from alumni.audit.models import AuditEntry
from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, log_in, make_user
from tests.helpers import page_text


def test_login_starts_a_session_and_goes_to_the_safe_next_page(app, client):
    make_user(app, "ana@example.org")
    response = client.post(
        "/login?next=/account", data={"email": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert "ana@example.org" in page_text(client.get("/account"))


def test_login_next_to_another_site_goes_to_my_page(app, client):
    make_user(app, "ana@example.org")
    response = client.post(
        "/login?next=//evil.example/x", data={"email": "ana@example.org", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/my/"


def test_unknown_user_and_wrong_password_get_the_same_answer(app, client):
    make_user(app, "ana@example.org")
    wrong = client.post(
        "/login",
        data={"email": "ana@example.org", "password": "nope" * 4},
        headers={"Accept-Language": "es"},
    )
    unknown = client.post(
        "/login",
        data={"email": "bob@example.org", "password": "nope" * 4},
        headers={"Accept-Language": "es"},
    )
    assert wrong.status_code == unknown.status_code == 422
    message = "Dirección de correo o contraseña incorrecta."
    assert message in page_text(wrong) and message in page_text(unknown)
    assert 'value="bob@example.org"' in unknown.get_data(as_text=True)  # typed value kept


def test_login_is_case_insensitive_on_the_address_but_not_the_password(app, client):
    make_user(app, "ana@example.org")
    assert (
        client.post("/login", data={"email": "ANA@Example.org", "password": PASSWORD}).status_code
        == 302
    )
    client.post("/logout")
    assert (
        client.post(
            "/login", data={"email": "ana@example.org", "password": PASSWORD.upper()}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/login", data={"email": "ana@example.org", "password": PASSWORD + " "}
        ).status_code
        == 422
    )


def test_disabled_account_cannot_log_in(app, client):
    from alumni.common.time import utcnow

    user_id = make_user(app, "ana@example.org")
    with app.app_context():
        db.session.get(User, user_id).disabled_at = utcnow()
        db.session.commit()
    assert (
        client.post("/login", data={"email": "ana@example.org", "password": PASSWORD}).status_code
        == 422
    )


def test_repeated_failures_from_one_address_are_throttled_with_retry_after(app, client):
    make_user(app, "ana@example.org")
    for _attempt in range(5):
        client.post("/login", data={"email": "ana@example.org", "password": "wrong" * 3})
    response = client.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD},
        headers={"Accept-Language": "ja"},
    )
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "試行回数が多すぎます" in page_text(response)
    # The owner logging in from another address is not locked out by the attacker.
    other = app.test_client()
    response = other.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_throttled(app, client):
    for number in range(30):
        client.post("/login", data={"email": f"user{number}@example.org", "password": "x" * 12})
    response = client.post("/login", data={"email": "someone@example.org", "password": "x" * 12})
    assert response.status_code == 429


def test_logins_and_failures_are_audited(app, client):
    make_user(app, "ana@example.org")
    client.post("/login", data={"email": "ana@example.org", "password": "wrong" * 3})
    log_in(client, "ana@example.org")
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["auth.login_failed", "auth.login"]


def test_logout_is_a_post(app, client):
    make_user(app, "ana@example.org")
    log_in(client, "ana@example.org")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302  # back to the login page


def test_authenticated_pages_are_not_cached(app, client):
    make_user(app, "ana@example.org")
    log_in(client, "ana@example.org")
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_login_rehashes_a_password_hashed_with_old_parameters(app, client):
    from argon2 import PasswordHasher

    user_id = make_user(app, "ana@example.org", password=None)
    with app.app_context():
        old = PasswordHasher(time_cost=1, memory_cost=16, parallelism=1).hash(PASSWORD)
        db.session.get(User, user_id).password_hash = old
        db.session.commit()
    log_in(client, "ana@example.org")
    with app.app_context():
        new = db.session.get(User, user_id).password_hash
    assert new != old and new.startswith("$argon2id$")


def test_a_refused_login_keeps_its_counted_attempt_and_audit_entry(app, client):
    """The request's unit of work is rolled back on the 422; these two are written apart."""
    from alumni.auth.models import ThrottleHit

    make_user(app, "ana@example.org")
    response = client.post("/login", data={"email": "ana@example.org", "password": "wrong" * 3})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(ThrottleHit.id))) == 2  # per IP, per account
        failed = db.session.scalars(select(AuditEntry).where(AuditEntry.action != "")).all()
        assert [e.action for e in failed] == ["auth.login_failed"]
        assert failed[0].actor_label == "ana@example.org"


def test_outside_tests_passwords_get_argon2id_with_the_rfc_9106_parameters(tmp_path):
    """The suite hashes with cheap parameters (TESTING); production keeps the strong ones."""
    from argon2 import Type, extract_parameters

    from alumni import create_app
    from alumni.auth.passwords import hash_password
    from tests.conftest import base_config

    config = base_config(f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    production, under_tests = create_app(config | {"TESTING": False}), create_app(config)
    with production.app_context():
        strong = extract_parameters(hash_password(PASSWORD))
    with under_tests.app_context():
        cheap = extract_parameters(hash_password(PASSWORD))
    assert strong.type is Type.ID
    assert (strong.time_cost, strong.memory_cost, strong.parallelism) == (3, 65536, 4)
    assert (cheap.time_cost, cheap.memory_cost) == (1, 8)
