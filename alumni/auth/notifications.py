"""E-mails about accounts, each rendered in its recipient's language."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mail import Message

from alumni.auth.models import User
from alumni.auth.tokens import LIFETIMES, make_token
from alumni.common import mail
from alumni.common.urls import external_url


def _message(user: User, subject: str, template: str, **context) -> Message:
    body = render_template(f"emails/auth/{template}.txt", user=user, **context)
    return Message(
        subject=subject,
        recipients=[user.delivery_address],
        body=body,
        extra_headers={"Content-Language": user.language},
    )


def queue_invitation(user: User, inviter: User) -> None:
    with force_locale(user.language):
        link = external_url("auth.accept_invitation", token=make_token(user, "invite"))
        days = LIFETIMES["invite"].days
        mail.queue(
            _message(
                user,
                _("Your account on the AOTS Alumni Network"),
                "invitation",
                link=link,
                inviter=inviter,
                days=days,
            ),
            "invitation",
            secret=True,
        )


def queue_password_reset(user: User) -> None:
    with force_locale(user.language):
        link = external_url("auth.reset_password", token=make_token(user, "reset"))
        mail.queue(
            _message(user, _("Reset your password"), "reset", link=link), "reset", secret=True
        )
