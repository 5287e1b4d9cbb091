"""Public pages: home, directory, federation, country and society pages."""

from flask import abort, render_template, request
from markupsafe import Markup

from alumni.auth.access import public
from alumni.common.caching import per_version
from alumni.i18n import current_language, get_locale
from alumni.societies import bp, presenters, queries, society_page
from alumni.societies import directory as listing
from alumni.societies.forms import DirectoryFilterForm
from alumni.societies.map_page import map_page
from alumni.societies.pages import parts

# Macros imported by templates see globals but not context processors.
bp.add_app_template_global(presenters.society_name, "society_name")
bp.add_app_template_global(presenters.is_unconfirmed, "is_unconfirmed")
bp.add_app_template_global(presenters.is_inactive, "is_inactive")


@bp.get("/")
@public
def home():
    # The same for every visitor: rendered once per content version and language.
    body = per_version("home_body", (str(get_locale()),), _home_body, most=32)
    return render_template("societies/home.html", body=body)


def _home_body() -> Markup:
    figures, countries = queries.network_figures()
    html = render_template(
        "societies/_home_body.html", figures=figures, countries=countries, parts=parts("home")
    )
    return Markup(html)  # noqa: S704 (a template's output, escaped by Jinja)


@bp.get("/societies/")
@public
def directory():
    found = listing.directory()
    form = DirectoryFilterForm(request.args)
    form.validate()
    q = (form.q.data or "").strip() if not form.q.errors else ""
    chosen = {name: found.selects[name].chosen(request.args.get(name)) for name in found.selects}
    group_by = chosen.pop("group") or "federation"
    societies = listing.matching(found, chosen, q, current_language())
    return render_template(
        "societies/directory.html",
        fields=listing.filter_fields(found, form, request.args),
        groups=listing.grouped(found, societies, group_by),
        count=len(societies),
    )


@bp.get("/countries/<iso_code>")
@public
def country(iso_code):
    found = queries.get_country(iso_code.upper()) if len(iso_code) == 2 else None
    if found is None:
        abort(404)
    return render_template(
        "societies/country.html", country=found, societies=queries.societies_in(found)
    )


@bp.get("/federations/<code>")
@public
def federation(code):
    found = queries.get_federation(code) if len(code) <= 20 else None
    if found is None:
        abort(404)
    societies = queries.federation_societies(found)
    return render_template(
        "societies/federation.html",
        federation=found,
        societies=societies,
        parts=parts("federation", found, societies),
    )


@bp.get("/societies/<code>")
@public
def society(code):
    title, body = society_page.drawn(code)
    return render_template("societies/society.html", title=title, body=body)


@bp.get("/map")
@public
def world_map():
    return render_template("societies/map.html", page=map_page(request.args.get("federation")))
