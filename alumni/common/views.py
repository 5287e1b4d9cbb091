"""The language switcher."""

from flask import abort, redirect, request, session
from flask_login import current_user

from alumni.common import bp
from alumni.common.rules import not_a_page, public
from alumni.common.urls import safe_next
from alumni.i18n import CHOSEN_BEFORE_LOGIN, SESSION_KEY, is_supported


@bp.post("/language")
@public
def set_language():
    lang = request.form.get("lang")
    if not is_supported(lang):
        abort(400)
    session[SESSION_KEY] = lang
    session.permanent = True
    if current_user.is_authenticated:  # e-mails follow the language last chosen
        current_user.language = lang  # the request's unit of work commits it
    else:
        session[CHOSEN_BEFORE_LOGIN] = True  # the next login takes it (auth/sessions.py)
    return redirect(safe_next(request.form.get("next")))


@bp.get("/healthz")
@public
@not_a_page
def health():
    """A trivial page for load balancers and as the benchmark's hello-world baseline."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
