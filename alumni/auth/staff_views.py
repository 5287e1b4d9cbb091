"""Staff screens: users, their network roles and their society memberships."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from wtforms.fields.choices import SelectChoice

from alumni.auth import services, staff_bp
from alumni.auth.access import requires
from alumni.auth.forms import MembershipForm, UserForm
from alumni.auth.models import Membership, MembershipRole, OfficerTitle, User
from alumni.auth.permissions import can_grant_network_roles, can_manage_users
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.transaction import commit
from alumni.extensions import db
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name


def load_user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


def load_membership(user_id: int, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user_id:
        abort(404)
    return membership


def _society_choices() -> list[SelectChoice]:
    societies = society_queries.all_societies()
    pairs = sorted(((s.code, society_name(s).text) for s in societies), key=lambda c: c[1])
    return [SelectChoice(code, label) for code, label in pairs]


@staff_bp.get("/")
@requires(can_manage_users)
def index():
    q = (request.args.get("q") or "").strip()[:100]
    query = select(User).order_by(User.name)
    if q:
        query = query.where(
            or_(User.name.icontains(q, autoescape=True), User.email.icontains(q, autoescape=True))
        )
    return render_template("staff/users.html", users=db.session.scalars(query).all(), q=q)


def _roles(form: UserForm) -> dict:
    return {
        "committee": form.is_committee.data,
        "staff": form.is_staff.data,
        "admin": form.is_admin.data,
    }


@staff_bp.route("/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_users)
def create():
    form = UserForm()
    context = {"may_grant": can_grant_network_roles(current_user), "user": None}
    if not form.validate_on_submit():
        return render_form("staff/user_form.html", form, **context)
    try:
        user = services.create_user(
            current_user,
            email=form.email.data,
            name=form.name.data,
            language=form.language.data,
            roles=_roles(form),
        )
    except Refused as refusal:
        return render_form("staff/user_form.html", form, refusal, **context)
    commit()
    flash(
        _("The account is created and the invitation is sent to %(email)s.", email=user.email),
        "info",
    )
    return redirect(url_for("staff_users.edit", user_id=user.id))


@staff_bp.route("/<id:user_id>", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_users, load=load_user)
def edit(user):
    form = UserForm(obj=user if request.method == "GET" else None)
    membership_form = _membership_form(formdata=None)
    context = {
        "may_grant": can_grant_network_roles(current_user),
        "user": user,
        "membership_form": membership_form,
    }
    if not form.validate_on_submit():
        return render_form("staff/user_form.html", form, **context)
    try:
        services.update_user(
            current_user,
            user,
            email=form.email.data,
            name=form.name.data,
            language=form.language.data,
            roles=_roles(form),
        )
    except Refused as refusal:
        db.session.rollback()
        return render_form("staff/user_form.html", form, refusal, **context)
    commit()
    flash(_("Saved."), "info")
    return redirect(url_for("staff_users.edit", user_id=user.id))


def _membership_form(**kwargs) -> MembershipForm:
    form = MembershipForm(**kwargs)
    form.society.choices = _society_choices()
    return form


@staff_bp.post("/<id:user_id>/memberships")
@csrf_in_form
@requires(can_manage_users, load=load_user)
def add_membership(user):
    membership_form = _membership_form()
    context = {
        "may_grant": can_grant_network_roles(current_user),
        "user": user,
        "membership_form": membership_form,
    }
    if not membership_form.validate_on_submit():
        return render_form(
            "staff/user_form.html",
            UserForm(obj=user, formdata=None),
            Refused(_("The membership was not added: see below.")),
            **context,
        )
    services.add_membership(
        current_user,
        user,
        society=society_queries.get_society(membership_form.society.data),
        role=MembershipRole(membership_form.role.data),
        title=OfficerTitle(membership_form.title.data),
        term_start=membership_form.term_start.data,
        term_end=membership_form.term_end.data,
        show_publicly=membership_form.show_publicly.data,
    )
    commit()
    flash(_("The membership is added."), "info")
    return redirect(url_for("staff_users.edit", user_id=user.id))


@staff_bp.post("/<id:user_id>/memberships/<id:membership_id>/end")
@requires(can_manage_users, load=load_membership)
def end_membership(membership):
    services.end_membership(current_user, membership)
    commit()
    flash(_("The membership is ended."), "info")
    return redirect(url_for("staff_users.edit", user_id=membership.user_id))


@staff_bp.post("/<id:user_id>/invitation")
@requires(can_manage_users, load=load_user)
def invite(user):
    try:
        services.send_invitation(current_user, user)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("staff_users.edit", user_id=user.id))
    commit()
    flash(_("The invitation is sent again."), "info")
    return redirect(url_for("staff_users.edit", user_id=user.id))


@staff_bp.post("/<id:user_id>/disable")
@requires(can_manage_users, load=load_user)
def disable(user):
    return _set_disabled(user, True)


@staff_bp.post("/<id:user_id>/enable")
@requires(can_manage_users, load=load_user)
def enable(user):
    return _set_disabled(user, False)


def _set_disabled(user: User, disabled: bool):
    try:
        services.set_disabled(current_user, user, disabled)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("staff_users.edit", user_id=user.id))
    commit()
    flash(_("The account is disabled.") if disabled else _("The account is enabled."), "info")
    return redirect(url_for("staff_users.edit", user_id=user.id))
