"""Login, logout, password reset, invitation and password change."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth import bp, services
from alumni.auth.access import public, requires
from alumni.auth.forms import ChangePasswordForm, LoginForm, ResetRequestForm, SetPasswordForm
from alumni.auth.permissions import can_use_account
from alumni.auth.tokens import read_token
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.transaction import commit
from alumni.common.urls import safe_next


def _client_ip() -> str:
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
@csrf_in_form
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_form("auth/login.html", form)
    try:
        user = services.log_in(form.email.data, form.password.data, _client_ip())
    except Refused as refusal:
        commit()  # keeps the counted attempt and the audit entry
        return render_form("auth/login.html", form, refusal)
    commit()
    if user.must_change_password:
        flash(_("Please choose your own password now."), "info")
        return redirect(url_for("auth.change_password"))
    return redirect(safe_next(request.args.get("next")))


@bp.post("/logout")
@requires(can_use_account)
def logout():
    services.log_out(current_user)
    commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("societies.home"))


@bp.route("/password/reset", methods=["GET", "POST"])
@csrf_in_form
@public
def request_reset():
    form = ResetRequestForm()
    if not form.validate_on_submit():
        return render_form("auth/reset_request.html", form)
    try:
        services.request_password_reset(form.email.data, _client_ip())
    except Refused as refusal:
        return render_form("auth/reset_request.html", form, refusal)
    commit()
    flash(_("If an account uses this address, a link to reset its password is on its way."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@csrf_in_form
@public
def reset_password(token):
    return _set_password_from_link(token, "reset")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@csrf_in_form
@public
def accept_invitation(token):
    return _set_password_from_link(token, "invite")


def _set_password_from_link(token: str, purpose: str):
    user = read_token(token, purpose)
    if user is None:
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    context = {"purpose": purpose, "user": user}
    if not form.validate_on_submit():
        return render_form("auth/set_password.html", form, **context)
    try:
        services.accept_link(user, form.password.data, purpose)
    except Refused as refusal:
        return render_form("auth/set_password.html", form, refusal, **context)
    commit()
    flash(_("Your password is set. Welcome!"), "info")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["GET", "POST"])
@csrf_in_form
@requires(can_use_account)
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_form("auth/change_password.html", form)
    try:
        services.change_password(current_user, form.current.data, form.password.data)
    except Refused as refusal:
        return render_form("auth/change_password.html", form, refusal)
    commit()
    flash(_("Your password is changed. Other sessions were logged out."), "info")
    return redirect(url_for("auth.account"))


@bp.get("/account")
@requires(can_use_account)
def account():
    return render_template("auth/account.html", user=current_user)
