"""Whether the request comes from someone logged in, without a lookup when it cannot be.

Flask-Login's `current_user` runs the user loader (a database read) the first time it is
asked. A request whose session holds no login, and that carries no remember cookie, is
anonymous: the guards every request passes (headers, page cache, password change, locale) ask
this first, so an anonymous visitor's request costs no user lookup at all; and a request
without a session cookie costs no signature work either (`CookieSessions`).
"""

from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

USER_KEY = "_user_id"  # where Flask-Login keeps the login in the session


def logged_in() -> bool:
    """True when a logged-in user makes this request."""
    if "_login_user" not in g and USER_KEY not in session:
        cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        if cookie not in request.cookies:
            return False
    # Asked again after the request's commit (headers, page cache), the answer would reload
    # the expired user and its memberships: two statements on every logged-in page. Kept
    # per user object, so a login or logout within the request is seen.
    user = visitor()
    known = g.get("_logged_in_as")
    if known is not None and known[0] is user:
        return known[1]
    answer = user.is_authenticated
    g._logged_in_as = (user, answer)
    return answer


def visitor():
    """The user making this request (Flask-Login's anonymous user when nobody is logged in).

    The object itself, not the `current_user` proxy: each attribute asked of the proxy looks
    the user up again in the request context (about 2 µs), and a page asks dozens of times
    (can() in its templates, the route's guard). Flask-Login keeps the loaded user in `g` and
    replaces it there on login and logout, so it is read from there, loaded once when missing.
    """
    user = getattr(g, "_login_user", None)
    return user if user is not None else current_user._get_current_object()


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with no signing work for a request that sent none."""

    def open_session(self, app, request):
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed:
            response.vary.add("Cookie")
