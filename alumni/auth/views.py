"""Login, logout, password reset, invitation and password change."""

from flask import g, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth import bp, services
from alumni.auth.access import public, requires
from alumni.auth.forms import ChangePasswordForm, LoginForm, ResetRequestForm, SetPasswordForm
from alumni.auth.permissions import can_use_account
from alumni.auth.tokens import read_token
from alumni.common.forms import csrf_in_form, handle_form, perform
from alumni.common.urls import safe_next


def _client_ip() -> str:
    return request.remote_addr or "unknown"


@bp.route("/login", methods=["GET", "POST"])
@csrf_in_form
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), "home.mine"))
    form = LoginForm()
    return handle_form(
        form,
        "auth/login.html",
        lambda: services.log_in(form.email.data, form.password.data, _client_ip()),
        done=_after_login,
        message=_welcome,
    )


def _after_login(user) -> str:
    if user.must_change_password:
        return url_for("auth.change_password")
    return safe_next(request.args.get("next"), "home.mine")


def _welcome(user) -> str:
    if user.must_change_password:
        return _("Please choose your own password now.")
    return _("You are logged in.")


@bp.post("/logout")
@requires(can_use_account)
def logout():
    return perform(
        lambda: services.log_out(current_user),
        done=url_for("societies.home"),
        message=_("You are logged out."),
        page=_account_page,
    )


def _account_page(refusal):
    page = render_template("auth/account.html", user=current_user, refusal=refusal)
    return page, refusal.status, refusal.headers()


@bp.route("/password/reset", methods=["GET", "POST"])
@csrf_in_form
@public
def request_reset():
    form = ResetRequestForm()
    return handle_form(
        form,
        "auth/reset_request.html",
        lambda: services.request_password_reset(
            form.email.data, _client_ip(), form.form_key.data or ""
        ),
        done=url_for("auth.login"),
        message=_("If an account uses this address, a link to reset its password is on its way."),
    )


@bp.get("/password/reset/<token>")
@public
def reset_password(token):
    return _keep_token_and_redirect(token, "reset")


@bp.get("/invitation/<token>")
@public
def accept_invitation(token):
    return _keep_token_and_redirect(token, "invite")


@bp.route("/password/reset/new", methods=["GET", "POST"])
@csrf_in_form
@public
def reset_password_form():
    return _set_password_from_link("reset")


@bp.route("/invitation/accept", methods=["GET", "POST"])
@csrf_in_form
@public
def accept_invitation_form():
    return _set_password_from_link("invite")


LINK_FORMS = {"reset": "auth.reset_password_form", "invite": "auth.accept_invitation_form"}


def _keep_token_and_redirect(token: str, purpose: str):
    """Move a mailed link's token into the session at once: the address the browser then
    shows, sends as Referer and the access logs keep has no token in it."""
    if read_token(token, purpose) is None:
        return render_template("auth/link_invalid.html"), 404
    session[f"{purpose}_token"] = token
    return redirect(url_for(LINK_FORMS[purpose]))


def _set_password_from_link(purpose: str):
    # The page names whose link it is, under an address that is the same for everyone: it
    # is never kept, neither in the page cache for the next anonymous visitor nor by a browser.
    g.pop("page_key", None)
    response = make_response(_link_form(purpose))
    response.headers["Cache-Control"] = "no-store"
    return response


def _link_form(purpose: str):
    user = read_token(session.get(f"{purpose}_token", ""), purpose)
    if user is None:
        session.pop(f"{purpose}_token", None)
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    return handle_form(
        form,
        "auth/set_password.html",
        lambda: _accept_link(user, form.password.data, purpose),
        done=url_for("auth.account"),
        message=_("Your password is set. Welcome!"),
        purpose=purpose,
        user=user,
    )


def _accept_link(user, password: str, purpose: str) -> None:
    services.accept_link(user, password, purpose)
    session.pop(f"{purpose}_token", None)


@bp.route("/account/password", methods=["GET", "POST"])
@csrf_in_form
@requires(can_use_account)
def change_password():
    form = ChangePasswordForm()
    return handle_form(
        form,
        "auth/change_password.html",
        lambda: services.change_password(current_user, form.current.data, form.password.data),
        done=url_for("auth.account"),
        message=_("Your password is changed. Other sessions were logged out."),
    )


@bp.get("/account")
@requires(can_use_account)
def account():
    return render_template("auth/account.html", user=current_user)
