"""Staff screens: users, their network roles and their society memberships.

Who may manage whom is `can_manage_user` (the target's role ranks below the actor's, or the
actor is an administrator); the services check the same rule again.
"""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth import presenters, services, staff_bp, user_list
from alumni.auth.access import requires
from alumni.auth.permissions import can_manage_membership, can_manage_user, can_manage_users
from alumni.auth.presenters import USER_PAGE, back_to, load_membership, load_user
from alumni.common.forms import csrf_in_form, handle_form, perform


@staff_bp.get("/")
@requires(can_manage_users)
def index():
    q = (request.args.get("q") or "").strip()[:100]
    return render_template("staff/users.html", users=user_list.search_users(q), q=q)


@staff_bp.route("/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_users)
def create():
    form = presenters.user_form()
    return handle_form(
        form,
        USER_PAGE,
        lambda: services.create_user(current_user, **presenters.user_values(form)),
        done=back_to,
        message=presenters.created_message,
        **presenters.user_page(None, form),
    )


@staff_bp.route("/<id:user_id>", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_user, load=load_user)
def edit(user):
    form = presenters.user_form(obj=user if request.method == "GET" else None)
    return handle_form(
        form,
        USER_PAGE,
        lambda: services.update_user(current_user, user, **presenters.user_values(form)),
        done=back_to(user),
        message=_("Saved."),
        **presenters.user_page(user, form),
    )


# GET shows the user's page with this form: where a post held over an expired login resumes.
@staff_bp.route("/<id:user_id>/memberships", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_user, load=load_user)
def add_membership(user):
    form = presenters.membership_form()
    return handle_form(
        form,
        USER_PAGE,
        lambda: services.add_membership(current_user, user, **presenters.membership_values(form)),
        done=back_to(user),
        message=_("The membership is added."),
        **presenters.user_page(user, membership=form),
    )


@staff_bp.post("/<id:user_id>/memberships/<id:membership_id>/end")
@requires(can_manage_membership, load=load_membership)
def end_membership(membership):
    return perform(
        lambda: services.end_membership(current_user, membership),
        done=back_to(membership.user),
        message=_("The membership is ended."),
        page=presenters.refused_on_user_page(membership.user),
    )


@staff_bp.post("/<id:user_id>/invitation")
@requires(can_manage_user, load=load_user)
def invite(user):
    return perform(
        lambda: services.send_invitation(current_user, user),
        done=back_to(user),
        message=_("The invitation is sent again."),
        page=presenters.refused_on_user_page(user),
    )


@staff_bp.post("/<id:user_id>/disable")
@requires(can_manage_user, load=load_user)
def disable(user):
    return perform(
        lambda: services.set_disabled(current_user, user, True),
        done=back_to(user),
        message=_("The account is disabled."),
        page=presenters.refused_on_user_page(user),
    )


@staff_bp.post("/<id:user_id>/enable")
@requires(can_manage_user, load=load_user)
def enable(user):
    return perform(
        lambda: services.set_disabled(current_user, user, False),
        done=back_to(user),
        message=_("The account is enabled."),
        page=presenters.refused_on_user_page(user),
    )
