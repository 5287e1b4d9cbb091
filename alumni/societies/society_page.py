"""A society's page body (its facts, officers, description and the parts other packages add).

For a visitor who is not logged in it depends on content alone, and on the day (officers'
terms, the fiscal years of its own record): it is drawn once per content version, society,
language and day and kept by the worker, at most MOST of them. A logged-in visitor's page
carries their buttons and, for officers, drafts, and those depend on two things only: whether
they are staff, and whether they are an officer of this society (auth/permissions.py:
editing the profile, changing the status, posting an event, applying for a grant, seeing the
drafts). The page is kept under those two as well: an officer asks for their society's page
again and again, and drawing it was most of what that cost.
"""

from flask import abort, render_template
from flask_login import current_user
from markupsafe import Markup

from alumni.auth.permissions import standing_in
from alumni.common.caching import for_visitors
from alumni.societies import presenters, queries
from alumni.societies.pages import parts

# About 9 KB each: every society in two or three languages. Logged-in standings share the
# bound (the oldest dropped first) rather than raise the worker's memory.
MOST = 256


def drawn(code: str) -> tuple[str, Markup]:
    """The page's title and body for the society CODE; 404 when there is none (not kept)."""
    return for_visitors(
        "society_page",
        (code,),
        lambda: _drawn(code),
        MOST,
        standing=lambda: standing_in(current_user, queries.society_ids().get(code)),
    )


def _drawn(code: str) -> tuple[str, Markup]:
    found = queries.get_society(code) if len(code) <= 40 else None
    if found is None:
        abort(404)
    name = presenters.society_name(found)
    body = render_template(
        "societies/_society_body.html",
        society=found,
        name=name,
        other_names=presenters.other_names(found, name),
        officers=queries.shown_officers(found),
        description=presenters.society_description(found),
        notice=presenters.unconfirmed_notice(found),
        parts=parts("society", found),
    )
    return name.text, Markup(body)  # noqa: S704 (a template's output, escaped by Jinja)
