"""The one decorator that states each route's access rule; an undeclared route is denied."""

from functools import wraps

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

from alumni.auth import permissions

ATTRIBUTE = "access_rule"


def public(view):
    """Anyone, logged in or not, may use this route."""
    setattr(view, ATTRIBUTE, "public")
    return view


def requires(predicate, load=None):
    """Apply PREDICATE(user[, object]); LOAD(**view_args) returns the object or aborts 404.

    The loaded object is passed to the view as its first argument. Anonymous users are sent
    to the login page; logged-in users without the right get 403.
    """

    def decorator(view):
        @wraps(view)
        def guarded(**view_args):
            if not permissions.is_authenticated(current_user):
                # Before loading: whether an object exists is not for anonymous visitors.
                from alumni.auth.sessions import login_manager

                return login_manager.unauthorized()
            target = load(**view_args) if load else None
            allowed = predicate(current_user, target) if load else predicate(current_user)
            if not allowed:
                abort(403)
            return view(target, **view_args) if load else view(**view_args)

        setattr(guarded, ATTRIBUTE, predicate.__name__)
        return guarded

    return decorator


def _refuse_undeclared_routes():
    if request.endpoint is None:
        return  # no route matched: the 404/405 handlers answer
    function = current_app.view_functions.get(request.endpoint)
    if function is not None and not hasattr(function, ATTRIBUTE):
        abort(403)


# What someone who must replace a one-time password may still reach.
_ALLOWED_BEFORE_PASSWORD_CHANGE = {
    "auth.change_password",
    "auth.logout",
    "static",
    "common.set_language",
}


def _insist_on_password_change():
    if (
        current_user
        and current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        return redirect(url_for("auth.change_password"))
    return None


def init_app(app: Flask) -> None:
    public(app.view_functions["static"])
    app.before_request(_refuse_undeclared_routes)
    app.before_request(_insist_on_password_change)
