"""Error pages in the user's language."""

from flask import Flask, render_template
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check the address.")),
    403: (_l("Access denied"), _l("You are not allowed to do this.")),
    404: (_l("Page not found"), _l("There is no page at this address.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    429: (_l("Too many requests"), _l("Please wait a moment before trying again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again later.")),
}


def render_error(error: HTTPException):
    code = error.code or 500
    title, text = MESSAGES.get(code, (error.name, error.description))
    if request_ctx and request_ctx.url_adapter is None:
        # An untrusted Host header leaves no way to build links: answer without the layout.
        return f"{title}\n\n{text}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("errors/error.html", code=code, title=title, text=text), code


def _internal_error(error):
    return render_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(InternalServerError, _internal_error)
