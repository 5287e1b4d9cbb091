from tests.auth_helpers import log_in
from tests.helpers import page_text


def test_administrators_see_who_did_what(app, client, people):
    staff = app.test_client()
    log_in(staff, people["staff"].email)
    staff.post(
        f"/staff/users/{people['member'].id}",
        data={
            "email": people["member"].email,
            "name": "Member",
            "language": "en",
            "is_committee": "y",
        },
    )
    client.post("/login", data={"email": people["admin"].email, "password": "wrong" * 4})
    log_in(client, people["admin"].email)
    text = page_text(client.get("/admin/audit/"))
    assert "user.roles_changed" in text and "staff@example.org" in text
    assert "auth.login_failed" in text and "admin@example.org" in text
    filtered = page_text(client.get("/admin/audit/?action=user."))
    assert "user.roles_changed" in filtered and "auth.login_failed" not in filtered


def test_staff_do_not_see_the_audit_log(app, client, people):
    log_in(client, people["staff"].email)
    assert client.get("/admin/audit/").status_code == 403
    assert "Audit log" not in page_text(client.get("/"))


def test_audit_pages_survive_odd_page_numbers(app, client, people):
    log_in(client, people["admin"].email)
    for page in ("-5", "0", "abc", "99999999999999999999999"):
        assert client.get(f"/admin/audit/?page={page}").status_code == 200
