"""Response headers and request guards that apply to every page."""

import secrets

from flask import Flask, abort, g, request

from alumni.common.visitor import logged_in
from alumni.i18n import bcp47, current_language

# No inline script or style anywhere: everything comes from /static on this host.
CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; img-src 'self' data:"
)
MAX_PARAM_LENGTH = 200
HSTS = "max-age=31536000; includeSubDomains"  # one year
HEALTH_CHECK = "common.health"
DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
)
# Headers.setdefault scans every header, comparing names case-folded, for each default
# (12 us a response); the names present are folded once instead.
_DEFAULTS_BY_FOLDED_NAME = tuple((name.lower(), name, value) for name, value in DEFAULT_HEADERS)


def _reject_odd_input():
    """Refuse input no page of ours can use and PostgreSQL would choke on (NUL bytes)."""
    if not request.query_string:
        if "\x00" in request.path:
            abort(400)
        return
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
    present = {name.lower() for name, _value in headers}
    for folded, name, value in _DEFAULTS_BY_FOLDED_NAME:
        if folded not in present:  # what a view set itself stays
            headers.add(name, value)
    if request.endpoint == "static" or _is_health_check():
        return response
    # A page for a logged-in person must not stay in a shared or back-button cache (an
    # answer that says so already, such as a private file's "private, no-store", stays).
    if logged_in() and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"
    # The page depends on the language chosen in the session or the browser.
    response.vary.update(("Accept-Language", "Cookie"))
    # A 304 carries only what guides the cache (RFC 9110, 15.4.5); the language is the
    # kept page's, and selecting the locale again was a good part of answering one.
    if response.status_code != 304:
        headers.setdefault("Content-Language", bcp47(current_language()))
    return response


def _is_health_check() -> bool:
    # A load balancer asks it many times a second; it has no language, cookie or user to
    # vary by, and selecting a locale was a fifth of its cost.
    return request.endpoint == HEALTH_CHECK


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
