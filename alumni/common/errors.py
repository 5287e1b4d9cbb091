"""Error pages in the user's language."""

import logging

from flask import Flask, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check the address.")),
    403: (_l("Access denied"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    429: (_l("Too many requests"), _l("Please wait a moment before trying again.")),
    503: (_l("The site is busy"), _l("Please go back and send the form again in a moment.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again later.")),
}


logger = logging.getLogger("alumni.security")
# Headers of the original error that the rendered page must keep.
KEPT_HEADERS = ("Retry-After", "Allow")
AUDITED = {403: "access.refused", 429: "access.throttled"}


def render_error(error: HTTPException):
    code = error.code or 500
    title, text = MESSAGES.get(code, (error.name, error.description))
    headers = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
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
    """Record a refusal in its own transaction: whatever the request did is dropped."""
    from alumni.audit.services import record
    from alumni.extensions import db

    logger.warning("%s %s %s", action, request.method, request.path.replace("\n", "\\n"))
    try:
        db.session.rollback()
        user = current_user if current_user and current_user.is_authenticated else None
        record(action, actor=user, details={"path": request.path[:200], "method": request.method})
        db.session.commit()
    except Exception:  # an audit failure must not turn a 403 into a 500
        logger.exception("could not write the audit entry")
        db.session.rollback()


def _database_busy(error: OperationalError):
    """SQLite answers "database is locked" when a write waited too long: ask for a retry."""
    from alumni.extensions import db

    db.session.rollback()
    if "locked" not in str(error.orig).lower():
        raise error
    logger.warning("database busy on %s %s", request.method, request.path)
    return render_error(ServiceUnavailable(retry_after=2))


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, _database_busy)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(HTTPException, render_error)
