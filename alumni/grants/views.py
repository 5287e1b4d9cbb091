"""WNF pages: the public page, the committee's queue, officers' applications."""

from flask import render_template, request
from flask_babel import format_currency, get_locale
from flask_login import current_user
from markupsafe import Markup

from alumni.auth.access import public, requires
from alumni.auth.permissions import can_see_committee_queue, can_use_account
from alumni.common.caching import per_version
from alumni.common.validators import whole_number
from alumni.fund.services import totals
from alumni.grants import bp, queries

# Money in the currency it was spent in, in the reader's locale (its own minor units).
bp.add_app_template_filter(format_currency, "money")


@bp.get("/wnf/")
@public
def index():
    """One fiscal year's programmes (the one asked for, else the latest), linking to the rest."""
    years = per_version("wnf_years", (), queries.public_year_numbers, most=1)
    asked = whole_number(request.args.get("fiscal_year"), max_digits=4)
    chosen = asked if asked in years else (years[0] if years else None)
    # The same for every visitor: rendered once per content version, language and year.
    key = (str(get_locale()), chosen)
    body = per_version("wnf_year_body", key, lambda: _year_body(chosen, years), most=256)
    return render_template("grants/public.html", body=body)


def _year_body(chosen: int | None, years: list[int]) -> Markup:
    year = queries.public_year(chosen) if chosen is not None else None
    html = render_template("grants/_public_body.html", year=year, years=years)
    return Markup(html)  # noqa: S704 (a template's output, escaped by Jinja)


@bp.get("/wnf/queue")
@requires(can_see_committee_queue)
def queue():
    return render_template(
        "grants/queue.html", queue=queries.committee_queue(current_user), fund=totals()
    )


@bp.get("/wnf/applications/")
@requires(can_use_account)
def applications():
    return render_template(
        "grants/applications.html", grants=queries.applications_for(current_user)
    )
