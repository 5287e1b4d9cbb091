"""Staff screens: nobody manages a user ranked above them, and every post acts once.

Only administrators manage staff and administrators, make someone staff or administrator;
a refusal answers with the user's page, its status and the reason in the reader's language.
"""

import re
from datetime import date

from sqlalchemy import func, select

from alumni.auth.models import Membership, MembershipRole, User
from alumni.extensions import db
from tests.auth_helpers import SOCIETY_B, log_in, make_user
from tests.helpers import page_text


def log_in_spanish_staff(app, client, **roles) -> int:
    """Log in staff (or another role) whose saved language, which wins, is Spanish."""
    user_id = make_user(app, "personal@example.org", language="es", **(roles or {"is_staff": True}))
    log_in(client, "personal@example.org")
    return user_id


def user_row(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def edit_data(email: str, name: str, **roles) -> dict:
    return {"email": email, "name": name, "language": "en", **roles}


def form_key(response, action: str) -> str:
    """The one-time key of the page's form that posts to ACTION."""
    body = response.get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', body, re.S)[0]
    return re.search(r'name="form_key"[^>]*value="([^"]+)"', form)[1]


def test_staff_cannot_move_an_administrators_address_and_reset_the_password(
    app, client, smtp, people
):
    admin = people["admin"]
    log_in(client, people["staff"].email)
    response = client.post(f"/staff/users/{admin.id}", data=edit_data("thief@example.org", "Admin"))
    assert response.status_code == 403
    assert user_row(app, admin.id).email == admin.email
    client.post("/logout")
    app.test_client().post("/password/reset", data={"email": "thief@example.org"})
    assert smtp.to("thief@example.org") == []


def test_staff_cannot_disable_an_administrator_or_other_staff(app, client, people):
    other_staff = make_user(app, "staff-2@example.org", is_staff=True)
    log_in(client, people["staff"].email)
    why = "Only an administrator can change the account of a staff member or an administrator."
    for target in (people["admin"].id, other_staff):
        refused = client.post(f"/staff/users/{target}/disable", headers={"Accept-Language": "en"})
        assert refused.status_code == 403
        assert why in page_text(refused)  # why, not only "not allowed"
        assert user_row(app, target).disabled_at is None
    assert why in page_text(client.get(f"/staff/users/{people['admin'].id}"))
    # An officer is not told about ranks: the page's own words.
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    refused = officer.get(f"/staff/users/{people['admin'].id}")
    assert refused.status_code == 403 and why not in page_text(refused)
    log_in(app.test_client(), people["admin"].email)  # the administrator still logs in


def test_a_disabled_administrator_still_ranks_above_staff(app, client, people):
    admin = app.test_client()
    log_in(admin, people["admin"].email)
    other_admin = make_user(app, "admin-2@example.org", is_admin=True)
    assert admin.post(f"/staff/users/{other_admin}/disable").status_code == 302
    log_in(client, people["staff"].email)
    assert client.post(f"/staff/users/{other_admin}/enable").status_code == 403
    assert user_row(app, other_admin).disabled_at is not None


def test_staff_cannot_end_the_membership_of_staff(app, client, people):
    start = date(2020, 4, 1)
    target = make_user(
        app,
        "staff-2@example.org",
        is_staff=True,
        memberships=[(SOCIETY_B, MembershipRole.MEMBER, start, None)],
    )
    with app.app_context():
        membership = db.session.scalars(select(Membership.id).where(Membership.user_id == target))
        membership_id = membership.one()
    log_in(client, people["staff"].email)
    url = f"/staff/users/{target}/memberships/{membership_id}/end"
    assert client.post(url).status_code == 403
    with app.app_context():
        assert db.session.get(Membership, membership_id).term_end is None


def test_only_administrators_create_staff(app, client, people):
    log_in_spanish_staff(app, client)
    before = count(app, User)
    response = client.post(
        "/staff/users/new",
        data=edit_data("new-staff@example.org", "Nueva", is_staff="y"),
    )
    assert response.status_code == 403
    assert "Solo los administradores" in page_text(response)
    assert 'value="new-staff@example.org"' in response.get_data(as_text=True)  # typed, kept
    assert count(app, User) == before
    admin = app.test_client()
    log_in(admin, people["admin"].email)
    response = admin.post(
        "/staff/users/new", data=edit_data("new-staff@example.org", "Nueva", is_staff="y")
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(User.is_staff).where(User.name == "Nueva")).one()


def test_only_administrators_grant_staff_to_an_existing_user(app, client, people):
    member = people["member"]
    log_in(client, people["staff"].email)
    response = client.post(
        f"/staff/users/{member.id}", data=edit_data(member.email, "Member", is_admin="y")
    )
    assert response.status_code == 403
    assert not user_row(app, member.id).is_admin


def test_users_search_matches_the_text_as_typed(app, client):
    """By name or address, in any case; % and _ and / are letters, not patterns."""
    make_user(app, "staff@example.org", is_staff=True)
    ids = {
        email: make_user(app, email, name=name)
        for email, name in (
            ("a_b@example.org", "Ana Lima"),
            ("axb@example.org", "Bo 100% Sure"),
            ("c/d@example.org", "Chidi 10x"),
        )
    }
    log_in(client, "staff@example.org")

    def found(text: str) -> set[str]:
        page = client.get("/staff/users/", query_string={"q": text}).get_data(as_text=True)
        return {email for email, user_id in ids.items() if f'"/staff/users/{user_id}"' in page}

    assert found("A_B") == {"a_b@example.org"}
    assert found("100%") == {"axb@example.org"}
    assert found("0%") == {"axb@example.org"}
    assert found("10%") == set()  # as a wildcard, % would find both "100%" and "10x"
    assert found("c/d") == {"c/d@example.org"}
    assert found("lima") == {"a_b@example.org"}
    assert found("") == set(ids)


def test_users_list_and_page_offer_only_what_the_viewer_may_do(app, client, people):
    log_in(client, people["staff"].email)
    listing = client.get("/staff/users/").get_data(as_text=True)
    assert f'href="/staff/users/{people["member"].id}"' in listing
    assert f'href="/staff/users/{people["admin"].id}"' not in listing
    page = client.get(f"/staff/users/{people['member'].id}").get_data(as_text=True)
    assert "/disable" in page and 'name="is_staff"' not in page
    admin = app.test_client()
    log_in(admin, people["admin"].email)
    assert f'href="/staff/users/{people["staff"].id}"' in admin.get("/staff/users/").get_data(
        as_text=True
    )
    own = admin.get(f"/staff/users/{people['admin'].id}").get_data(as_text=True)
    assert 'name="is_staff"' in own and "/disable" not in own  # nobody disables themselves


def test_staff_edit_a_member_twice_and_a_double_post_saves_once(app, client, people):
    member = people["member"]
    log_in(client, people["staff"].email)
    url = f"/staff/users/{member.id}"
    for name in ("Ana Pérez", "Ana Pérez García"):
        key = form_key(client.get(url), url)
        assert client.post(url, data=edit_data(member.email, name, form_key=key)).status_code == 302
        assert user_row(app, member.id).name == name
    key = form_key(client.get(url), url)
    first = client.post(url, data=edit_data(member.email, "Ana", form_key=key, is_committee="y"))
    again = client.post(url, data=edit_data(member.email, "Anita", form_key=key))
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"] == url
    row = user_row(app, member.id)
    assert (row.name, row.is_committee) == ("Ana", True)


def test_an_address_already_used_is_refused_with_the_typed_values(app, client, people):
    log_in(client, people["staff"].email)
    response = client.post(
        f"/staff/users/{people['member'].id}",
        data=edit_data(people["committee"].email, "Nombre tecleado"),
    )
    assert response.status_code == 422
    assert "Nombre tecleado" in response.get_data(as_text=True)
    assert user_row(app, people["member"].id).name == "Member"


def test_a_double_post_of_the_invitation_form_creates_one_user(app, client, smtp, people):
    log_in(client, people["staff"].email)
    key = form_key(client.get("/staff/users/new"), "/staff/users/new")
    data = edit_data("rosa@example.org", "Rosa", form_key=key)
    first, again = (
        client.post("/staff/users/new", data=data),
        client.post("/staff/users/new", data=data),
    )
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.email == "rosa@example.org")) == 1
    assert len(smtp.to("rosa@example.org")) == 1


def test_a_membership_twice_posted_is_added_once_and_a_bad_one_is_refused(app, client, people):
    member = people["member"]
    log_in(client, people["staff"].email)
    url = f"/staff/users/{member.id}/memberships"
    key = form_key(client.get(f"/staff/users/{member.id}"), url)
    data = {"society": SOCIETY_B, "role": "officer", "title": "secretary",
            "term_start": "2024-04-01", "form_key": key}  # fmt: skip
    assert client.post(url, data=data).status_code == client.post(url, data=data).status_code == 302
    with app.app_context():
        assert len(db.session.get(User, member.id).memberships) == 2
    bad = client.post(url, data=data | {"form_key": "", "term_end": "2020-01-01"})
    assert bad.status_code == 422
    assert 'value="2020-01-01"' in bad.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(User, member.id).memberships) == 2


def test_refused_buttons_answer_with_the_page_and_the_reason(app, client, people):
    admin = log_in_spanish_staff(app, client, is_admin=True)
    response = client.post(f"/staff/users/{admin}/disable")
    assert response.status_code == 403
    assert "No puede desactivar su propia cuenta." in page_text(response)
    assert user_row(app, admin).disabled_at is None
    response = client.post(f"/staff/users/{people['member'].id}/invitation")
    assert response.status_code == 409
    assert "Este usuario ya eligió una contraseña." in page_text(response)
    assert people["member"].email in response.get_data(as_text=True)  # the user's page


def test_a_new_users_mail_language_starts_as_the_pages(app, client, people):
    """Not the first of the list (Japanese) for an invitation sent from a Spanish page."""
    from tests.events.test_one_form import speaks

    log_in(client, people["staff"].email)
    for language in ("es", "en"):
        speaks(app, people["staff"], language)
        form = client.get("/staff/users/new").get_data(as_text=True)
        select = re.search(r'<select[^>]*name="language".*?</select>', form, re.S)[0]
        assert re.findall(r"<option selected[^>]*value=\"([^\"]+)\"", select) == [language]


def test_a_term_held_already_is_not_added_again_and_a_term_ends_once(app, client, people):
    """The same role in the same society for days already held (a second tab, the form sent
    again with a new key) is refused; so is ending a term that has ended (one audit entry)."""
    from alumni.audit.models import AuditEntry

    member = people["member"]
    log_in(client, people["staff"].email)
    url = f"/staff/users/{member.id}/memberships"

    def key():  # a fresh page each time: one key answers one post (a double click)
        return form_key(client.get(f"/staff/users/{member.id}"), url)

    data = {"society": SOCIETY_B, "role": "officer", "title": "secretary",
            "term_start": "2024-04-01", "term_end": "2026-03-31"}  # fmt: skip
    assert client.post(url, data=data | {"form_key": key()}).status_code == 302
    overlapping = data | {"term_start": "2025-04-01", "term_end": ""}
    again = client.post(url, data=overlapping | {"form_key": key()})
    assert again.status_code == 409
    assert "already holds this role in this society from April 1, 2024 to March 31, 2026" in (
        page_text(again)
    )
    later = data | {"term_start": "2026-04-01", "term_end": ""}  # the next term: its own
    assert client.post(url, data=later | {"form_key": key()}).status_code == 302
    with app.app_context():
        held = db.session.get(User, member.id).memberships
        assert len(held) == 3  # the people fixture's, and the two terms
        ended = next(m.id for m in held if m.term_end and m.term_end.year == 2026)
    end = f"/staff/users/{member.id}/memberships/{ended}/end"
    response = client.post(end)
    assert response.status_code == 409
    assert "This term had already ended, on March 31, 2026." in page_text(response)
    with app.app_context():
        assert not db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "membership.ended")
        ).all()


def test_disabling_or_enabling_twice_says_it_was_done_and_records_once(app, client, people):
    """From a second tab, or after another member of staff: told, nothing recorded again."""
    from alumni.audit.models import AuditEntry

    member = people["member"].id
    log_in(client, people["staff"].email)
    assert client.post(f"/staff/users/{member}/disable").status_code == 302
    again = client.post(f"/staff/users/{member}/disable", headers={"Accept-Language": "en"})
    assert again.status_code == 409
    assert "This account is disabled already." in page_text(again)
    assert client.post(f"/staff/users/{member}/enable").status_code == 302
    again = client.post(f"/staff/users/{member}/enable")
    assert again.status_code == 409 and "This account is enabled already." in page_text(again)
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(
                AuditEntry.action.in_(["user.disabled", "user.enabled"])
            )
        ).all()
        assert sorted(actions) == ["user.disabled", "user.enabled"]
