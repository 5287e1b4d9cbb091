"""The language switcher."""

from flask import abort, redirect, request, session

from alumni.common import bp
from alumni.common.urls import safe_next
from alumni.i18n import SESSION_KEY, is_supported


@bp.post("/language")
def set_language():
    lang = request.form.get("lang")
    if not is_supported(lang):
        abort(400)
    session[SESSION_KEY] = lang
    session.permanent = True
    return redirect(safe_next(request.form.get("next")))
