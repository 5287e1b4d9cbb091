"""Error pages in the user's language."""

import logging

from flask import Flask, g, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import Conflict as HTTPConflict
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from alumni.common.forms import is_busy
from alumni.common.transaction import commit, rollback

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check the address.")),
    403: (_l("Access denied"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    409: (
        _l("Saved by someone else at the same moment"),
        _l("Someone else changed this at the same moment. Reload the page and check it."),
    ),
    413: (
        _l("Too much sent at once"),
        _l("What you sent is larger than this site accepts. Send less at a time."),
    ),
    429: (_l("Too many requests"), _l("Please wait a moment before trying again.")),
    503: (_l("The site is busy"), _l("Please go back and send the form again in a moment.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again later.")),
}


logger = logging.getLogger("alumni.security")
# Headers of the original error that the rendered page must keep.
KEPT_HEADERS = ("Retry-After", "Allow")
AUDITED = {403: "access.refused", 429: "access.throttled"}


def render_error(error: HTTPException):
    # Whatever the request did is void; a session left failed by a flush must not also
    # break the error page (it reads the user and the language).
    rollback()
    code = error.code or 500
    title, text = MESSAGES.get(code, (error.name, error.description))
    if code == 403 and error.description != type(error).description:
        text = error.description  # the refusal's own reason, translated (auth/access.py)
    headers = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
    for prefix, renderer in _renderers.items():
        if request.path.startswith(prefix):
            return renderer(error, code, title, text, headers)
    if request_ctx and request_ctx.url_adapter is None:
        # An untrusted Host header leaves no way to build links: answer without the layout.
        headers["Content-Type"] = "text/plain; charset=utf-8"
        return f"{title}\n\n{text}\n", code, headers
    if code in AUDITED:
        _audit(AUDITED[code])
    page = render_template("errors/error.html", code=code, title=title, text=text)
    return page, code, headers


def _csrf_failed(error: CSRFError):
    _audit("access.csrf_failed")
    return render_error(error)


def _audit(action: str) -> None:
    """Record a refusal after the request's own work was rolled back."""
    logger.warning("%s %s %s", action, request.method, request.path)
    try:
        user = current_user if current_user and current_user.is_authenticated else None
        _recorders["audit"](action, user, {"path": request.path[:200], "method": request.method})
        commit()
    except Exception:  # an audit failure must not turn a 403 into a 500
        logger.exception("could not write the audit entry")
        rollback()


# The audit package registers its recorder here: common sits below it and cannot import it.
_recorders: dict = {"audit": lambda action, user, details: None}


def register_audit(recorder) -> None:
    _recorders["audit"] = recorder


# Addresses whose errors are not pages (the JSON API's problem details): prefix → renderer,
# called as renderer(error, code, title, text, headers). The API package registers its own.
_renderers: dict = {}


def register_renderer(prefix: str, renderer) -> None:
    _renderers[prefix] = renderer


def _database_busy(error: OperationalError):
    """SQLite answers "database is locked" when a write waited too long: ask for a retry."""
    g.only_reads = True  # the page itself only reads: it must not wait for the lock again
    rollback()
    if not is_busy(error):
        raise error
    logger.warning("database busy on %s %s", request.method, request.path)
    if request.method != "POST" or request_ctx.url_adapter is None:
        return render_error(ServiceUnavailable(retry_after=2))
    # A post is not lost: the page carries what was sent, to send again with one click (its
    # one-time key makes a resend that did go through land on the first one's result).
    title, text = MESSAGES[503]
    fields = [(k, v) for k, v in request.form.items(multi=True)]
    page = render_template("errors/busy.html", code=503, title=title, text=text, fields=fields)
    return page, 503, {"Retry-After": "2"}


def _saved_at_the_same_moment(error: IntegrityError):
    """A unique constraint hit by two requests racing where no form helper caught it."""
    logger.warning("integrity error on %s %s: %s", request.method, request.path, error.orig)
    return render_error(HTTPConflict())


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, _database_busy)
    app.register_error_handler(IntegrityError, _saved_at_the_same_moment)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(HTTPException, render_error)
