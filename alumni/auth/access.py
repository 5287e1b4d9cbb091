"""The one decorator that states each route's access rule; an undeclared route is denied."""

import inspect
from functools import wraps

from flask import Flask, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from alumni.auth import permissions
from alumni.auth.sessions import login_manager
from alumni.common import templating
from alumni.common.held import hold_post
from alumni.common.rules import ATTRIBUTE, public
from alumni.common.visitor import logged_in, visitor

__all__ = ["public", "requires"]


def requires(predicate, load=None):
    """Apply PREDICATE(user[, object]); LOAD(**view_args) returns the object or aborts 404.

    The view gets the loaded object in place of the URL arguments LOAD took, and the others
    by name. Anonymous users are sent to the login page (a form they posted is held for them
    until they are back); logged-in users without the right get 403.
    """
    taken = _parameters(load)

    def decorator(view):
        @wraps(view)
        def guarded(**view_args):
            user = visitor()  # the object, not the proxy: cheaper to ask (visitor.py)
            if not permissions.is_authenticated(user):
                return _send_to_login()
            if load is None:
                return view(**view_args) if predicate(user) else abort(403)
            target = load(**{k: v for k, v in view_args.items() if k in taken})
            if not predicate(user, target):
                abort(403, description=_why_not(predicate, user, target))
            return view(target, **{k: v for k, v in view_args.items() if k not in taken})

        setattr(guarded, ATTRIBUTE, predicate.__name__)
        return guarded

    return decorator


def _why_not(predicate, user, target) -> str | None:
    """What the refusal page says besides "not allowed", if the predicate tells (its
    `why_not`); None leaves the page's own words."""
    why_not = getattr(predicate, "why_not", None)
    return why_not(user, target) if why_not else None


def _parameters(load) -> set[str]:
    """The URL arguments LOAD takes by name."""
    if load is None:
        return set()
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {n for n, p in inspect.signature(load).parameters.items() if p.kind in named}


def _send_to_login():
    """Before loading: whether an object exists is not for anonymous visitors."""
    # Asked of the endpoint: `csrf_in_form` marks it above `requires`, not the view inside.
    endpoint_view = current_app.view_functions.get(request.endpoint)
    if request.method == "POST" and getattr(endpoint_view, "csrf_in_form", False):
        # Expired, revoked or ended by the user in another tab: the same to the server.
        flash(_("You are no longer logged in. Log in again: what you typed is kept."), "info")
        return redirect(hold_post())
    return login_manager.unauthorized()


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
        logged_in()
        and visitor().must_change_password
        and request.endpoint not in _ALLOWED_BEFORE_PASSWORD_CHANGE
    ):
        return redirect(url_for("auth.change_password"))
    return None


def init_app(app: Flask) -> None:
    templating.register_predicates(permissions.PREDICATES)
    public(app.view_functions["static"])
    app.before_request(_refuse_undeclared_routes)
    app.before_request(_insist_on_password_change)
