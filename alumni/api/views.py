"""The API's collections: public data only, read through the packages' own queries."""

from flask import abort, render_template, request

from alumni.api import bp, docs_bp, http, presenters, queries, reference, schemas
from alumni.auth.access import public
from alumni.events import queries as event_queries
from alumni.events import sheet as event_sheet
from alumni.grants import queries as grant_queries
from alumni.reports import services as report_services
from alumni.societies import queries as society_queries

BAD = {"error_status_code": 400}  # webargs' default is 422: a bad parameter is a bad request
NOT_MODIFIED = {"description": "Not modified: the ETag sent in If-None-Match still holds"}
LINK = {"description": "RFC 8288 first, prev, next", "schema": {"type": "string"}}


def _documented(*, found=False):
    """The answers every operation may give besides its own (the errors by default)."""

    def decorator(view):
        view = bp.alt_response(304, **NOT_MODIFIED)(view)
        return bp.alt_response(404, "NOT_FOUND")(view) if found else view

    return decorator


@bp.route("/societies")
@public
@bp.arguments(schemas.SocietyArgs, location="query", **BAD)
@bp.response(200, schemas.Society(many=True))
@_documented()
def societies(args):
    """Every society, as the directory lists them (by country, then code)."""
    filters = society_queries.DirectoryFilter(**args)
    return [presenters.society(s) for s in society_queries.directory(filters, "en")]


@bp.route("/societies/<code>")
@public
@bp.response(200, schemas.SocietyDetail)
@_documented(found=True)
def society(code):
    """A society with what its public page shows, its public officers included."""
    found = society_queries.get_society(code) if len(code) <= 40 else None
    if found is None:
        abort(404)
    return presenters.society(found, officers=society_queries.public_officers(found))


@bp.route("/federations")
@public
@bp.response(200, schemas.Federation(many=True))
@_documented()
def federations():
    """The regional federations and the codes of their societies."""
    members: dict[str | None, list[str]] = {}
    for s in society_queries.all_societies():
        members.setdefault(s.federation_code, []).append(s.code)
    return [
        presenters.federation(f, members.get(f.code, [])) for f in society_queries.federations()
    ]


@bp.route("/regions")
@public
@bp.response(200, schemas.Region(many=True))
@_documented()
def regions():
    """AOTS's statistical regions and their countries (ISO codes)."""
    countries, _federations, found = society_queries.reference_lists()
    by_region: dict[str, list[str]] = {}
    for country in sorted(countries, key=lambda c: c.iso_code):
        by_region.setdefault(country.region_code, []).append(country.iso_code)
    return [presenters.region(r, by_region.get(r.code, [])) for r in found]


@bp.route("/events")
@public
@bp.arguments(schemas.EventArgs, location="query", **BAD)
@bp.response(
    200,
    schemas.EventPage,
    headers={"Link": {"description": "RFC 8288 first, prev, next", "schema": {"type": "string"}}},
)
@_documented()
def events(args):
    """Public events, newest first (upcoming ones soonest first), with the filters of /events/."""
    page_number, per_page = args.pop("page"), args.pop("per_page")
    page = event_queries.event_page(event_queries.EventFilter(**args), page_number, per_page)
    body = {
        "items": [presenters.event(e) for e in page.items],
        "page": page_number,
        "per_page": per_page,
        "has_next": page.has_next,
    }
    return body, 200, {"Link": http.link_header(page_number, page.has_next, request.args)}


@bp.route("/events/<id:event_id>")
@public
@bp.response(200, schemas.EventDetail)
@_documented(found=True)
def event(event_id):
    """A public event with its report and, for a contest edition, its results."""
    found = event_sheet.event_sheet(event_id)
    if found is None or found.status not in event_queries.VISIBLE:
        abort(404)  # a draft or a discarded event does not exist for the public
    entries = event_queries.contest_entries(found) if found.series_id else []
    return presenters.event_detail(found, entries)


@bp.route("/series")
@public
@bp.response(200, schemas.Series(many=True))
@_documented()
def series_list():
    """Every series of recurring events (contests, conferences)."""
    return [presenters.series(s) for s in event_queries.all_series()]


@bp.route("/series/<code>")
@public
@bp.response(200, schemas.SeriesDetail)
@_documented(found=True)
def series(code):
    """A series with its public editions, the last first, and each edition's results."""
    found = event_sheet.series_sheet(code) if len(code) <= 40 else None
    if found is None:
        abort(404)
    editions = [
        presenters.edition(e, event_queries.contest_entries(e))
        for e in event_sheet.public_editions(found)
    ]
    return presenters.series(found) | {"editions": editions}


@bp.route("/participation")
@public
@bp.arguments(schemas.FiscalYearArgs, location="query", **BAD)
@bp.response(200, schemas.ParticipationYear(many=True))
@_documented()
def participation(args):
    """Participation totals per fiscal year, from the public events' reports."""
    return queries.participation(args.get("fiscal_year"))


@bp.route("/wnf/programmes")
@public
@bp.arguments(schemas.FiscalYearArgs, location="query", **BAD)
@bp.response(200, schemas.WnfYear(many=True))
@_documented()
def wnf_programmes(args):
    """What the public WNF page shows, per fiscal year: programmes, totals, AOTS's figures."""
    numbers = grant_queries.public_year_numbers()
    if args.get("fiscal_year"):
        numbers = [n for n in numbers if n == args["fiscal_year"]]
    years = [grant_queries.public_year(n) for n in numbers]
    visible = {
        g.event.id
        for y in years
        for g in y.programmes
        if g.event and g.event.status in event_queries.VISIBLE
    }
    return [presenters.wnf_year(y, visible) for y in years]


@bp.route("/summaries")
@public
@bp.response(200, schemas.SummaryItem(many=True))
@_documented()
def summaries():
    """The published yearly summaries, the newest year first."""
    return [presenters.summary_item(s) for s in report_services.published_years()]


@bp.route("/summaries/<id:fiscal_year>")
@public
@bp.response(200, schemas.Summary)
@_documented(found=True)
def summary(fiscal_year):
    """Every published (frozen) version of a year's summary, each with what changed."""
    found = report_services.get_summary(fiscal_year)
    if found is None or not found.versions:
        abort(404)  # a summary being prepared is not public
    return presenters.summary(found)


@docs_bp.get("/openapi.json")
@public
def openapi():
    return http.spec()


@docs_bp.get("/")
@public
def reference_page():
    """The reference page, drawn by the site from the OpenAPI document."""
    spec = http.spec()
    return render_template(
        "api/reference.html",
        spec=spec,
        operations=reference.operations(spec),
        schemas=reference.schemas(spec),
    )
