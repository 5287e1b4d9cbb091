"""Rendering forms with the status a refusal deserves, the typed values kept."""

from flask import render_template, request

from alumni.common.exceptions import Conflict, Refused, Throttled


def render_form(template: str, form, refusal: Refused | None = None, **context):
    """200 for a fresh form, 422 when it is shown again with errors, 429 when throttled,
    409 when someone else saved first (the form then carries the version now saved)."""
    status, headers = 200, {}
    if isinstance(refusal, Throttled):
        status, headers = 429, {"Retry-After": str(refusal.retry_after)}
    elif isinstance(refusal, Conflict):
        status = 409
        if refusal.current_version is not None and hasattr(form, "version"):
            form.version.data = str(refusal.current_version)
    elif refusal is not None or (request.method == "POST" and form.errors):
        status = 422
    page = render_template(template, form=form, refusal=refusal, **context)
    return page, status, headers


def csrf_in_form(view):
    """Mark a view whose FlaskForm checks the CSRF token itself.

    A stale token then re-shows the form with what was typed (a long application is not
    lost); every other state-changing request is checked before any view runs.
    """
    view.csrf_in_form = True
    return view


def check_csrf() -> None:
    from flask import current_app

    from alumni.extensions import csrf

    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "csrf_in_form", False):
        return
    csrf.protect()
