"""Addresses and names in any script: one account per address, mail to the IDNA form,
nothing saved when an address cannot be delivered or a name hides characters."""

import unicodedata

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from alumni.auth import services
from alumni.auth.forms import SetPasswordForm, UserForm
from alumni.auth.models import User
from alumni.common.transaction import commit
from alumni.common.validators import email_key
from alumni.extensions import db
from tests.auth_helpers import log_in, make_user
from tests.helpers import page_text


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def create(client, email, name="Ana Romero", language="en", **headers):
    return client.post(
        "/staff/users/new",
        data={"email": email, "name": name, "language": language},
        headers=headers,
    )


def users(app, email_normalized=None) -> list[User]:
    with app.app_context():
        query = select(User)
        if email_normalized is not None:
            query = query.where(User.email_normalized == email_normalized)
        return db.session.scalars(query).all()


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize(
    ("typed", "stored", "delivered"),
    [
        ("ana@bücher.example", "ana@bücher.example", "ana@xn--bcher-kva.example"),
        # IDNA 2008 keeps the ß; Python's own "idna" codec (IDNA 2003) would mail fass.de.
        ("Ana@FAß.de", "Ana@faß.de", "Ana@xn--fa-hia.de"),
    ],
)
def test_an_idn_domain_is_accepted_and_mailed_in_its_ascii_form(
    app, client, smtp, people, typed, stored, delivered
):
    log_in(client, people["staff"].email)
    response = create(client, typed)
    assert response.status_code == 302, page_text(response)
    [message] = smtp.messages
    assert message["X-Envelope-To"] == delivered
    [user] = users(app, delivered.lower())
    assert user.email == stored  # shown in its letters
    assert stored in page_text(client.get(f"/staff/users/{user.id}"))


def test_a_non_ascii_local_part_is_refused_and_nothing_is_saved(app, client, smtp, people):
    log_in(client, people["staff"].email)
    before = user_count(app)
    response = create(client, "josé@example.org")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="email-errors"' in page
    assert "before the @" in page_text(response)
    assert 'value="josé@example.org"' in page and 'value="Ana Romero"' in page
    assert user_count(app) == before
    assert smtp.messages == []


def test_a_reset_request_for_a_non_ascii_local_part_says_why_in_the_users_language(client, smtp):
    response = client.post(
        "/password/reset", data={"email": "josé@example.org"}, headers={"Accept-Language": "es"}
    )
    assert response.status_code == 422
    assert "Antes de la @ use solo letras latinas" in page_text(response)
    assert smtp.messages == []


def test_the_cli_refuses_a_non_ascii_local_part(app, runner):
    result = runner.invoke(args=["users", "create-admin", "josé@example.org"])
    assert result.exit_code != 0
    assert "before the @" in result.output
    assert user_count(app) == 0


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("ana@example.org", "Ana@Example.org"),
        ("ana@bücher.example", "ANA@xn--BCHER-KVA.example"),
        ("ana@xn--bcher-kva.example", nfd("ana@BÜCHER.example")),
    ],
)
def test_an_address_in_another_case_or_spelling_makes_no_second_account(
    app, client, smtp, people, existing, typed
):
    make_user(app, existing)
    log_in(client, people["staff"].email)
    response = create(client, typed)
    assert response.status_code == 422
    assert "A user with this e-mail address already exists." in page_text(response)
    # What was typed is kept, in the NFC form every text field is normalised to.
    shown = unicodedata.normalize("NFC", typed)
    assert f'value="{shown}"' in response.get_data(as_text=True)
    assert [u.email for u in users(app, email_key(existing))] == [existing]
    assert smtp.messages == []


def test_changing_an_address_to_another_accounts_spelling_is_refused(app, client, people):
    make_user(app, "ana@bücher.example")
    other = make_user(app, "rosa@example.org", name="Rosa")
    log_in(client, people["admin"].email)
    response = client.post(
        f"/staff/users/{other}",
        data={"email": "Ana@xn--bcher-kva.example", "name": "Rosa", "language": "en"},
    )
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(User, other).email == "rosa@example.org"


def test_the_database_refuses_two_accounts_for_one_address(app):
    make_user(app, "ana@example.org")
    with app.app_context(), pytest.raises(IntegrityError):
        db.session.add(User(email="ANA@example.org", name="Ana again"))
        db.session.flush()


def test_login_and_reset_find_the_account_whatever_the_spelling(app, client, smtp):
    make_user(app, "ana@bücher.example")
    log_in(client, "ANA@xn--bcher-kva.example")
    client.post("/logout")
    make_user(app, "kenji@example.org")
    log_in(client, "KENJI@example.org")
    response = app.test_client().post("/password/reset", data={"email": "Kenji@EXAMPLE.org"})
    assert response.status_code == 302
    assert [m["X-Envelope-To"] for m in smtp.messages] == ["kenji@example.org"]


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff", "\x85"])
def test_a_name_with_invisible_characters_is_refused_with_the_typed_values_kept(
    app, client, smtp, people, hidden
):
    log_in(client, people["staff"].email)
    before = user_count(app)
    response = create(client, "ana@example.org", name=f"Ana{hidden}Romero")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="name-errors"' in page
    assert f"Remove the invisible character U+{ord(hidden):04X}" in page_text(response)
    assert 'value="ana@example.org"' in page
    assert user_count(app) == before
    assert smtp.messages == []


def test_nfd_and_nfc_names_are_stored_alike_through_a_normalising_form(app, people, smtp):
    name = "José Ramírez"
    assert nfd(name) != name
    for email, typed in [("jose1@example.org", nfd(name)), ("jose2@example.org", name)]:
        data = {"email": f"  {email} ", "name": f" {typed}  ", "language": "es"}
        with app.test_request_context("/staff/users/new", method="POST", data=data):
            form = UserForm()
            assert form.validate(), form.errors
            actor = db.session.get(User, people["staff"].id)
            services.create_user(
                actor, email=form.email.data, name=form.name.data, language="es", roles={}
            )
            commit()
    stored = {u.email: u.name for u in users(app) if u.email.startswith("jose")}
    assert stored == {"jose1@example.org": name, "jose2@example.org": name}


def test_a_normalising_form_leaves_passwords_exactly_as_typed(app):
    password = nfd("  contraseña  larga ")
    data = {"password": password, "confirm": password}
    with app.test_request_context("/", method="POST", data=data):
        form = SetPasswordForm()
        assert form.validate()
        assert form.password.data == password
