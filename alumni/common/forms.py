"""Rendering forms with the status a refusal deserves, the typed values kept."""

from flask import render_template, request

from alumni.common.exceptions import Refused, Throttled


def render_form(template: str, form, refusal: Refused | None = None, **context):
    """200 for a fresh form, 422 when it is shown again with errors, 429 when throttled."""
    status, headers = 200, {}
    if isinstance(refusal, Throttled):
        status, headers = 429, {"Retry-After": str(refusal.retry_after)}
    elif refusal is not None or (request.method == "POST" and form.errors):
        status = 422
    page = render_template(template, form=form, refusal=refusal, **context)
    return page, status, headers
