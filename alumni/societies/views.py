"""Public pages: home, directory, country and society pages."""

from itertools import groupby

from flask import abort, render_template, request
from flask_login import current_user

from alumni.auth.access import public
from alumni.auth.permissions import can_create_event
from alumni.events import queries as event_queries
from alumni.i18n import current_language
from alumni.societies import bp, presenters, queries
from alumni.societies.forms import DirectoryFilterForm
from alumni.societies.models import SocietyStatus

# Macros imported by templates see globals but not context processors.
bp.add_app_template_global(presenters.society_name, "society_name")
bp.add_app_template_global(presenters.is_unconfirmed, "is_unconfirmed")


@bp.get("/")
@public
def home():
    from alumni.reports.services import published_years

    published = published_years()
    figures, countries = queries.network_figures()
    return render_template(
        "societies/home.html",
        figures=figures,
        countries=countries,
        latest=published[0] if published else None,
    )


@bp.get("/societies/")
@public
def directory():
    form = DirectoryFilterForm(request.args)
    form.set_choices(queries.filter_choices())
    form.validate()
    status = form.cleaned(form.status)
    filters = queries.DirectoryFilter(
        federation=form.cleaned(form.federation),
        region=form.cleaned(form.region),
        country=form.cleaned(form.country),
        status=SocietyStatus(status) if status else None,
        q=(form.q.data or "").strip() if not form.q.errors else "",
    )
    group_by = form.cleaned(form.group) or "federation"
    societies = queries.directory(filters, current_language())
    return render_template(
        "societies/directory.html",
        form=form,
        group_by=group_by,
        groups=_grouped(societies, group_by),
        count=len(societies),
    )


def _grouped(societies, group_by):
    """[(federation or region, [societies])] in the federation's or region's own order."""
    if group_by == "region":

        def key(s):
            return (s.region.position, s.region_code)
    else:

        def key(s):
            return (s.federation.position if s.federation else 99, s.federation_code or "")

    ordered = sorted(societies, key=key)
    return [
        (getattr(members[0], group_by), members)
        for members in (list(g) for _k, g in groupby(ordered, key=key))
    ]


@bp.get("/countries/<iso_code>")
@public
def country(iso_code):
    found = queries.get_country(iso_code.upper()) if len(iso_code) == 2 else None
    if found is None:
        abort(404)
    return render_template(
        "societies/country.html", country=found, societies=queries.societies_in(found)
    )


@bp.get("/societies/<code>")
@public
def society(code):
    found = queries.get_society(code) if len(code) <= 40 else None
    if found is None:
        abort(404)
    name = presenters.society_name(found)
    return render_template(
        "societies/society.html",
        society=found,
        name=name,
        other_names=presenters.other_names(found, name),
        officers=queries.public_officers(found),
        events=event_queries.society_history(found),
        drafts=(
            event_queries.society_drafts(found) if can_create_event(current_user, found) else []
        ),
        series=event_queries.series_of(found),
        description=presenters.society_description(found),
    )
