"""E-mails about WNF applications, each in its recipient's language, sent after the commit."""

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mail import Message
from sqlalchemy import select

from alumni.auth.models import MembershipRole, User
from alumni.common import mail
from alumni.common.urls import external_url
from alumni.extensions import db
from alumni.grants.queries import eligible_voters

SUBJECTS = {
    "submit": lambda: _("New WNF application to review"),
    "return": lambda: _("Your WNF application was returned for changes"),
    "approve": lambda: _("Your WNF application was approved"),
    "reject": lambda: _("Your WNF application was not approved"),
    "disburse": lambda: _("The WNF grant has been paid"),
    "report": lambda: _("A WNF programme report was filed"),
    "return_report": lambda: _("Your WNF programme report was returned for changes"),
    "accept_report": lambda: _("Your WNF programme report was accepted"),
    "close": lambda: _("Your WNF programme is closed"),
}

# The moves the host's officers are told of.
HOST_IS_TOLD = {
    "return",
    "approve",
    "reject",
    "disburse",
    "return_report",
    "accept_report",
    "close",
}


def staff_members() -> list[User]:
    """The secretariat: AOTS staff (administrators are not mailed as staff)."""
    return list(
        db.session.scalars(select(User).where(User.is_staff.is_(True), User.disabled_at.is_(None)))
    )


def report_reviewers(grant) -> list[User]:
    """Who reviews a programme report: staff and the committee members who may vote on it."""
    people = {u.id: u for u in [*staff_members(), *eligible_voters(grant)]}
    return [people[key] for key in sorted(people)]


def host_officers(grant) -> list[User]:
    users = db.session.scalars(select(User).where(User.disabled_at.is_(None))).all()
    return [
        u
        for u in users
        if any(
            m.society_id == grant.host_society_id and m.role == MembershipRole.OFFICER
            for m in u.active_memberships()
        )
    ]


def after_move(grant, name: str, comment: str) -> None:
    """Queue the mails a move announces (they leave only if the transaction commits)."""
    if name == "submit":
        recipients = eligible_voters(grant)  # a member who may not vote is not asked to review
    elif name in HOST_IS_TOLD:
        recipients = host_officers(grant)
    elif name == "report":
        recipients = report_reviewers(grant)
    else:
        return
    for user in recipients:
        queue(user, grant, name, comment)


def queue(user: User, grant, name: str, comment: str = "") -> None:
    with force_locale(user.language):
        link = external_url("grants.application", grant_id=grant.id)
        body = render_template(
            f"emails/grants/{name}.txt", user=user, grant=grant, link=link, comment=comment
        )
        mail.queue(
            Message(
                subject=str(SUBJECTS[name]()),
                recipients=[user.delivery_address],
                body=body,
                extra_headers={"Content-Language": user.language},
            ),
            f"grant-{name}",
        )
