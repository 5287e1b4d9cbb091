"""The day before an invitation link expires, an invitee without a password gets a fresh one."""

from datetime import timedelta

from sqlalchemy import select

from alumni.auth.invitation_reminders import remind_invitations_expiring
from alumni.auth.models import User
from alumni.common import outbox
from alumni.common.models import OutgoingMail
from alumni.common.transaction import commit
from alumni.extensions import db
from tests.auth.test_mail_flows import NEW_PASSWORD, invite, open_link
from tests.auth_helpers import link_in, log_in
from tests.helpers import page_text

EMAIL = "rosa@example.org"


def _invited(app, client, people, language="es"):
    log_in(client, people["staff"].email)
    assert invite(client, email=EMAIL, language=language).status_code == 302
    with app.app_context():
        return db.session.scalars(select(User).where(User.email == EMAIL)).one().invited_at


def _run(app, day) -> int:
    with app.app_context():
        queued = remind_invitations_expiring(day)
        commit()
        outbox.deliver_pending()
        return queued


def _set_password(app, link: str) -> None:
    invitee = app.test_client()
    form_address = open_link(invitee, link)
    form = invitee.get(form_address)
    assert form.status_code == 200 and EMAIL in page_text(form)
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert invitee.post(form_address, data=data).status_code == 302
    assert EMAIL in page_text(invitee.get("/account"))


def test_six_days_after_the_invitation_a_fresh_link_comes_once(app, client, people, smtp):
    invited = _invited(app, client, people)
    assert _run(app, invited.date() + timedelta(days=5)) == 0  # two days left: not yet
    assert _run(app, invited.date() + timedelta(days=6)) == 1
    assert _run(app, invited.date() + timedelta(days=6)) == 0  # a rerun sends nothing twice
    assert _run(app, invited.date() + timedelta(days=7)) == 0
    invitation, reminder = smtp.to(EMAIL)
    assert reminder["Subject"] == "Su invitación a la Red de exbecarios de AOTS vence pronto"
    body = reminder.get_body(preferencelist=("plain",)).get_content()
    assert "todavía no ha elegido una contraseña" in body
    assert "/reminders/stop/" in body and reminder["List-Unsubscribe"]
    fresh = link_in(reminder)
    assert fresh.startswith("/invitation/") and fresh != link_in(invitation)
    with app.app_context():
        row = db.session.scalars(
            select(OutgoingMail).where(OutgoingMail.kind == "invitation_expiring")
        ).one()
        assert row.secret  # the mail log never shows the link
    _set_password(app, fresh)


def test_no_reminder_once_the_password_is_chosen(app, client, people, smtp):
    invited = _invited(app, client, people, language="en")
    _set_password(app, link_in(smtp.to(EMAIL)[0]))
    assert _run(app, invited.date() + timedelta(days=6)) == 0
    assert len(smtp.to(EMAIL)) == 1


def test_sending_the_invitation_again_starts_a_new_one(app, client, people, smtp):
    invited = _invited(app, client, people, language="en")
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == EMAIL)).one()
        user.invited_at = first = invited - timedelta(days=2)  # as if invited two days ago
        user_id = user.id
        commit()
    assert _run(app, first.date() + timedelta(days=6)) == 1
    assert client.post(f"/staff/users/{user_id}/invitation").status_code == 302
    with app.app_context():
        again = db.session.get(User, user_id).invited_at
    assert again > invited
    assert _run(app, first.date() + timedelta(days=6)) == 0
    assert _run(app, again.date() + timedelta(days=6)) == 1
    subjects = [m["Subject"] for m in smtp.to(EMAIL)]
    assert subjects.count("Your invitation to the AOTS Alumni Network expires soon") == 2
