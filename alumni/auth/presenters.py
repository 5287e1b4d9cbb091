"""What the staff screens show and read: the forms of a user's page and their values.

The society choices come from the societies package, which sits above auth and registers
its read side here when the app is built (`register_society_directory`).
"""

from flask import abort, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from alumni.auth.forms import MembershipForm, UserForm
from alumni.auth.models import Membership, MembershipRole, OfficerTitle, User
from alumni.common.forms import render_form
from alumni.extensions import db

USER_PAGE = "staff/user_form.html"
_societies: dict = {}


def register_society_directory(choices, find, federations) -> None:
    """CHOICES() lists (code, name) of every society; FIND(code) returns one or None;
    FEDERATIONS() lists the regional federations in their order."""
    _societies.update(choices=choices, find=find, federations=federations)


def load_user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def load_membership(user_id: int, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user_id:
        abort(404)
    return membership


def membership_form(**kwargs) -> MembershipForm:
    form = MembershipForm(**kwargs)
    form.society.choices = [SelectChoice(c, n) for c, n in _societies["choices"]()]
    return form


def user_form(**kwargs) -> UserForm:
    """The staff's form for a user, offering "none" and each federation by name."""
    form = UserForm(**kwargs)
    form.federation_code.choices = form.federation_code.choices[:1] + [
        SelectChoice(f.code, f"{f.code} ({f.area})") for f in _societies["federations"]()
    ]
    if form.federation_code.data is None:
        form.federation_code.data = ""
    return form


def user_page(user: User | None, form=None, membership=None) -> dict:
    """The template's context: the user's form and, for a saved user, the membership form."""
    return {
        "user": user,
        "user_form": form or user_form(obj=user, formdata=None),
        "membership_form": membership or (membership_form(formdata=None) if user else None),
    }


def refused_on_user_page(user: User):
    """The user's page showing a refused button's reason, with the refusal's status."""

    def page(refusal):
        context = user_page(user)
        return render_form(USER_PAGE, context["user_form"], refusal, **context)

    return page


def user_values(form: UserForm) -> dict:
    return {
        "email": form.email.data,
        "name": form.name.data,
        "language": form.language.data,
        "federation_code": form.federation_code.data or None,
        "roles": {
            "committee": form.is_committee.data,
            "staff": form.is_staff.data,
            "admin": form.is_admin.data,
        },
    }


def membership_values(form: MembershipForm) -> dict:
    return {
        "society": _societies["find"](form.society.data),
        "role": MembershipRole(form.role.data),
        "title": OfficerTitle(form.title.data),
        "term_start": form.term_start.data,
        "term_end": form.term_end.data,
        "show_publicly": form.show_publicly.data,
    }


def back_to(user: User) -> str:
    return url_for("staff_users.edit", user_id=user.id)


def created_message(user: User) -> str:
    return _("The account is created and the invitation is sent to %(email)s.", email=user.email)
