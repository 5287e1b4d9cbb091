"""A series' page body (its facts and editions): for a visitor who is not logged in the same
for everyone, so drawn once per content version, series, language and day (caching.
for_visitors). A logged-in visitor's carries the button that adds the next edition when they
may post for the series' society (staff, its officers: auth/permissions.py), so theirs is kept
under those two answers as well, as the society's page is."""

from flask import abort, render_template
from flask_login import current_user
from markupsafe import Markup

from alumni.auth.permissions import standing_in
from alumni.common.caching import for_visitors
from alumni.events import presenters, queries, sheet

# A few KB each: every series in two or three languages (logged-in standings share it).
MOST = 256


def drawn(code: str) -> tuple[str, Markup]:
    """The page's title and body for the series CODE; 404 when there is none (not kept)."""
    return for_visitors(
        "series_page",
        (code,),
        lambda: _drawn(code),
        MOST,
        standing=lambda: standing_in(current_user, queries.series_societies().get(code)),
    )


def _drawn(code: str) -> tuple[str, Markup]:
    found = sheet.series_sheet(code) if len(code) <= 40 else None
    if found is None:
        abort(404)
    body = render_template(
        "events/_series_body.html", series=found, editions=sheet.public_editions(found)
    )
    return presenters.series_name(found).text, Markup(body)  # noqa: S704 (Jinja's output)
