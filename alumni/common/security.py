"""Response headers and request guards that apply to every page."""

import secrets

from flask import Flask, abort, g, request
from flask_login import current_user

# No inline script or style anywhere: everything comes from /static on this host.
CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; img-src 'self' data:"
)
MAX_PARAM_LENGTH = 200
HSTS = "max-age=31536000; includeSubDomains"  # one year


def _reject_odd_input():
    """Refuse input no page of ours can use and PostgreSQL would choke on (NUL bytes)."""
    values = [request.path, *request.args.keys()]
    for value_list in request.args.listvalues():
        values.extend(value_list)
    for value in values:
        if "\x00" in value:
            abort(400)
    if any(len(v) > MAX_PARAM_LENGTH for v in request.args.values()):
        abort(400)


def _assign_request_id():
    g.request_id = secrets.token_hex(8)


def _add_headers(response):
    headers = response.headers
    headers["X-Request-Id"] = g.get("request_id", "")
    if request.endpoint != "static" and current_user and current_user.is_authenticated:
        # A page for a logged-in person must not stay in a shared or back-button cache.
        headers["Cache-Control"] = "no-store"
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static":
        # The page depends on the language chosen in the session or the browser.
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response


def _add_hsts(response):
    # Every subdomain too: a cookie set by an http:// sibling could otherwise shadow ours.
    response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    app.before_request(_assign_request_id)
    app.before_request(_reject_odd_input)
    app.after_request(_add_headers)
    if app.config.get("PRODUCTION"):
        app.after_request(_add_hsts)
