"""Each route states its access rule; this is the marker the site-wide guards read.

`public` lives here, below every domain package, so that common's own views and the page
cache need not import auth; auth's `requires` sets the same attribute.
"""

ATTRIBUTE = "access_rule"


def public(view):
    """Anyone, logged in or not, may use this route."""
    setattr(view, ATTRIBUTE, "public")
    return view


def not_a_page(view):
    """A public route that is no page (a health check): no content version, ETag or cache."""
    view.not_a_page = True
    return view


def rule_of(view) -> str | None:
    return getattr(view, ATTRIBUTE, None)
