"""Invitations and password resets arrive over SMTP in the recipient's language and work once."""

import re

from sqlalchemy import select

from alumni.auth.models import User
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, link_in, log_in, make_user
from tests.helpers import page_text

NEW_PASSWORD = "violet tractor umbrella 77"


def open_link(client, link: str) -> str:
    """Follow a mailed link as a browser does: it lands on a form whose address has no token."""
    response = client.get(link)
    assert response.status_code == 302
    form_address = response.headers["Location"]
    assert form_address in ("/invitation/accept", "/password/reset/new")
    return form_address


def invite(client, email="rosa@example.org", language="es", name="Rosa Díaz"):
    return client.post(
        "/staff/users/new", data={"email": email, "name": name, "language": language}
    )


def test_staff_invitation_arrives_in_the_invitees_language_with_a_working_link(
    app, client, smtp, people
):
    log_in(client, people["staff"].email)
    response = invite(client)
    assert response.status_code == 302
    [message] = smtp.to("rosa@example.org")
    assert message["Subject"] == "Su cuenta en la Red de exbecarios de AOTS"
    assert message["Content-Language"] == "es"
    assert "Hola, Rosa Díaz:" in message.get_body(preferencelist=("plain",)).get_content()

    invitee = app.test_client()
    link = link_in(message)
    form_address = open_link(invitee, link)
    form_page = invitee.get(form_address)
    assert form_page.status_code == 200 and "rosa@example.org" in page_text(form_page)
    assert form_page.headers["Cache-Control"] == "no-store"
    response = invitee.post(form_address, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "rosa@example.org" in page_text(invitee.get("/account"))
    # The link is single-use, and the form forgot it.
    assert app.test_client().get(link).status_code == 404
    invitee.post("/logout")
    assert invitee.get(form_address).status_code == 404


def test_invitation_link_refuses_a_weak_password_and_keeps_nothing(app, client, smtp, people):
    log_in(client, people["staff"].email)
    invite(client, language="ja")
    [message] = smtp.to("rosa@example.org")
    assert message["Subject"] == "AOTS同窓会ネットワークのアカウント"
    invitee = app.test_client()
    form_address = open_link(invitee, link_in(message))
    for weak in ("short", "password1234", "rosa@example.org", "Rosa Díaz Rosa"):
        response = invitee.post(form_address, data={"password": weak, "confirm": weak})
        assert response.status_code == 422, weak
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "rosa@example.org")).one()
        assert user.password_hash is None


def test_a_64_character_password_with_spaces_is_accepted_exactly_as_typed(
    app, client, smtp, people
):
    log_in(client, people["staff"].email)
    invite(client)
    link = link_in(smtp.to("rosa@example.org")[0])
    long_password = "  a sentence long enough to be a passphrase, with spaces inside  "
    assert len(long_password) >= 64
    invitee = app.test_client()
    form_address = open_link(invitee, link)
    assert (
        invitee.post(
            form_address, data={"password": long_password, "confirm": long_password}
        ).status_code
        == 302
    )
    invitee.post("/logout")
    assert (
        invitee.post(
            "/login", data={"email": "rosa@example.org", "password": long_password.strip()}
        ).status_code
        == 422
    )
    assert (
        invitee.post(
            "/login", data={"email": "rosa@example.org", "password": long_password}
        ).status_code
        == 302
    )


def test_password_hashes_are_argon2id(app, people):
    with app.app_context():
        user = db.session.get(User, people["staff"].id)
        assert user.password_hash.startswith("$argon2id$")


def test_reset_link_is_mailed_in_the_users_language_and_works_once(app, client, smtp):
    make_user(app, "kenji@example.org", language="ja", name="Kenji")
    response = client.post("/password/reset", data={"email": "kenji@example.org"})
    assert response.status_code == 302
    [message] = smtp.to("kenji@example.org")
    assert message["Content-Language"] == "ja"
    link = link_in(message)
    other_browser = app.test_client()
    log_in(other_browser, "kenji@example.org")
    late_browser = app.test_client()
    late_form = open_link(late_browser, link)  # opened now, sent after the reset below
    form_address = open_link(client, link)
    assert (
        client.post(
            form_address, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        ).status_code
        == 302
    )
    assert other_browser.get("/account").status_code == 302  # sessions ended by the reset
    assert app.test_client().get(link).status_code == 404
    reused = late_browser.post(
        late_form, data={"password": NEW_PASSWORD + "x", "confirm": NEW_PASSWORD + "x"}
    )
    assert reused.status_code == 404
    assert "This link no longer works" in page_text(reused)


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(app, client, smtp):
    make_user(app, "kenji@example.org")
    known = client.post(
        "/password/reset", data={"email": "kenji@example.org"}, follow_redirects=True
    )
    unknown = client.post(
        "/password/reset", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert page_text(known).split("Log in")[-1] == page_text(unknown).split("Log in")[-1]
    assert len(smtp.messages) == 1


def test_reset_requests_are_throttled(app, client, smtp):
    make_user(app, "kenji@example.org")
    for _attempt in range(3):
        client.post("/password/reset", data={"email": "kenji@example.org"})
    response = client.post("/password/reset", data={"email": "kenji@example.org"})
    assert response.status_code == 429 and response.headers["Retry-After"]
    assert len(smtp.messages) == 3


def test_the_same_reset_form_sent_twice_mails_once_and_counts_once(app, client, smtp):
    make_user(app, "kenji@example.org")
    page = client.get("/password/reset").get_data(as_text=True)
    key = re.search(r'name="form_key"[^>]*value="([^"]+)"', page)[1]
    data = {"email": "kenji@example.org", "form_key": key}
    first, again = (
        client.post("/password/reset", data=data),
        client.post("/password/reset", data=data),
    )
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"] == "/login"
    assert len(smtp.to("kenji@example.org")) == 1
    # Two more requests (new forms) are still allowed: the repeat was not counted.
    for _attempt in range(2):
        assert (
            client.post("/password/reset", data={"email": "kenji@example.org"}).status_code == 302
        )
    assert len(smtp.to("kenji@example.org")) == 3


def test_tampered_or_foreign_tokens_are_refused(app, client, smtp, people):
    log_in(client, people["staff"].email)
    invite(client)
    link = link_in(smtp.to("rosa@example.org")[0])
    assert app.test_client().get(link[:-3] + "abc").status_code == 404
    # An invitation token is not a reset token.
    token = link.rsplit("/", 1)[1]
    assert app.test_client().get(f"/password/reset/{token}").status_code == 404
    assert app.test_client().get("/invitation/" + "x" * 5000).status_code == 404


def test_password_change_needs_the_current_password(app, client):
    make_user(app, "ana@example.org")
    log_in(client, "ana@example.org")
    response = client.post(
        "/account/password",
        data={"current": "not the password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 422
    client.post("/logout")
    log_in(client, "ana@example.org", PASSWORD)


def test_no_mail_goes_out_when_the_change_is_rolled_back(app, client, smtp, people):
    log_in(client, people["staff"].email)
    invite(client, email=people["committee"].email)  # already taken: refused
    assert smtp.messages == []


def test_without_a_mail_server_mail_goes_to_the_outbox(app, client, people):
    from pathlib import Path

    app.config["MAIL_SERVER"] = ""
    log_in(client, people["staff"].email)
    invite(client)
    outbox = list((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(outbox) == 1
    assert b"rosa@example.org" in outbox[0].read_bytes()


def test_a_reset_link_that_expires_before_the_form_is_sent_is_refused(
    app, client, smtp, monkeypatch
):
    from datetime import timedelta

    from alumni.auth import tokens

    make_user(app, "kenji@example.org")
    client.post("/password/reset", data={"email": "kenji@example.org"})
    form_address = open_link(client, link_in(smtp.to("kenji@example.org")[0]))
    monkeypatch.setitem(tokens.LIFETIMES, "reset", timedelta(seconds=-1))  # an hour later
    response = client.post(form_address, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404
    assert "This link no longer works" in page_text(response)


def test_the_form_of_a_link_shows_nobody_else_whose_link_it_was(app, client, smtp, people):
    """Its address is the same for everyone: it must not come from the page cache."""
    log_in(client, people["staff"].email)
    invite(client)
    invitee = app.test_client()
    form_address = open_link(invitee, link_in(smtp.to("rosa@example.org")[0]))
    assert "rosa@example.org" in page_text(invitee.get(form_address))
    stranger = app.test_client().get(form_address)
    assert stranger.status_code == 404 and "rosa@example.org" not in page_text(stranger)
