from sqlalchemy import func, select

from alumni.auth.models import User
from alumni.extensions import db
from tests.helpers import page_text


def test_a_new_database_has_no_users(app):
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_create_admin_prints_a_one_time_password_that_must_be_changed(app, runner, client):
    result = runner.invoke(args=["users", "create-admin", "root@example.org"])
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1]
    assert len(password) >= 20
    response = client.post("/login", data={"email": "root@example.org", "password": password})
    assert response.headers["Location"] == "/account/password"
    new = "violet tractor umbrella 77"
    response = client.post(
        "/account/password", data={"current": password, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    client.post("/logout")
    response = client.post("/login", data={"email": "root@example.org", "password": new})
    assert response.headers["Location"] == "/my/"
    assert "Audit log" in page_text(client.get("/"))


def test_create_admin_refuses_a_bad_or_taken_address(app, runner):
    assert runner.invoke(args=["users", "create-admin", "not-an-address"]).exit_code != 0
    assert runner.invoke(args=["users", "create-admin", "root@example.org"]).exit_code == 0
    result = runner.invoke(args=["users", "create-admin", "ROOT@example.org"])
    assert result.exit_code != 0
