"""Whether the request comes from someone logged in, without a lookup when it cannot be.

Flask-Login's `current_user` runs the user loader (a database read) the first time it is
asked. A request whose session holds no login, and that carries no remember cookie, is
anonymous: the guards every request passes (headers, page cache, password change, locale) ask
this first, so an anonymous visitor's request costs no user lookup at all; and a request
without a session cookie costs no signature work either, nor one whose cookie this process
verified before (`CookieSessions`).
"""

import time
from functools import lru_cache

from flask import current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

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


# What a cookie's verdict may hold: values no request can change in place.
_IMMUTABLE = {str, int, float, bool, type(None)}
VERIFIED_COOKIES = 4096  # ≈ 1.5 MB: a cookie and its few values each


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with no signing work for a request that sent none, and
    none either for a cookie this process verified before.

    A browser sends the same cookie again and again, and checking its signature and decoding
    it (about 50 µs) gave the same answer every time: the answer is kept, by the keys that
    signed it and the cookie's exact text, with the time it was signed, so that its age is
    checked on every request as itsdangerous checks it. Only the cookie is trusted this way:
    whether its login still holds is asked of the database on every request
    (auth/sessions.py). A forged cookie fails verification and is never kept; one that holds
    lists (flashed messages) is decoded afresh, since a request changes those in place.
    """

    def __init__(self):
        self._verdict = lru_cache(maxsize=VERIFIED_COOKIES)(self._verify)

    def open_session(self, app, request):
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        if not app.secret_key:
            return None
        keys = (*(app.config.get("SECRET_KEY_FALLBACKS") or ()), app.secret_key)
        try:
            values, signed_at = self._verdict(keys, cookie)
        except BadSignature:
            return self.session_class()
        age = int(time.time()) - signed_at  # as itsdangerous: whole seconds, none < 0
        if age < 0 or age > int(app.permanent_session_lifetime.total_seconds()):
            return self.session_class()
        if values is None:
            return super().open_session(app, request)
        return self.session_class(values)

    def _verify(self, keys: tuple, cookie: str) -> tuple[tuple | None, int]:
        """COOKIE's values (None when one is mutable) and when it was signed, or BadSignature.
        The serializer is Flask's (get_signing_serializer), current key last."""
        serializer = URLSafeTimedSerializer(
            list(keys),
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )
        data, signed = serializer.loads(cookie, return_timestamp=True)
        immutable = all(type(value) in _IMMUTABLE for value in data.values())
        return (tuple(data.items()) if immutable else None), int(signed.timestamp())

    def save_session(self, app, session, response) -> None:
        # A file is the same for everyone and kept a year, by shared caches too: it neither
        # varies by the cookie nor renews it (a cache could hand one visitor's to others).
        if request.endpoint == "static":
            return
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed:
            response.vary.add("Cookie")
