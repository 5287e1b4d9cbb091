"""Completeness pages: the staff's network view and its exports, the public activity view,
and the societies' health."""

from flask import Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _

from alumni.auth.access import public, requires
from alumni.auth.permissions import can_see_completeness
from alumni.common import backups, spreadsheets
from alumni.common.fiscal import fiscal_year_of
from alumni.common.time import today, utcnow
from alumni.events import bp, completeness_exports, health, network
from alumni.events import completeness_parts as _parts  # noqa: F401 (the `rate` filter)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The years a URL may name: a year no date can have would fail in date().
YEARS = range(1900, 2201)


@bp.get("/staff/completeness")
@requires(can_see_completeness)
def network_completeness():
    on = today()
    year, years = network.requested_year(on)
    return render_template(
        "events/network_completeness.html", table=network.table(year, on), years=years
    )


@bp.get("/staff/completeness.<any(csv, xlsx):fmt>")
@requires(can_see_completeness)
def network_completeness_export(fmt):
    on = today()
    year, _years = network.requested_year(on)
    header, rows = completeness_exports.sheet(network.table(year, on))
    name = f"aots-alumni-completeness-fy{year}.{fmt}"
    if fmt == "csv":
        response = Response(spreadsheets.csv_bytes(header, rows), content_type=CSV_TYPE)
    else:
        title = _("Completeness FY%(year)s", year=year)
        response = spreadsheets.xlsx_response(title, header, rows, content_type=XLSX_TYPE)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


@bp.get("/activity/")
@public
def latest_activity():
    """The latest fiscal year that has ended (or the current one)."""
    year, _years = network.requested_year(today())
    return redirect(url_for("events.activity", fiscal_year=year))


@bp.get("/activity/<id:fiscal_year>")
@public
def activity(fiscal_year):
    """Events and reported share per society in a fiscal year."""
    if fiscal_year not in YEARS:
        abort(404)
    on = today()
    return render_template(
        "events/activity.html",
        table=network.table(fiscal_year, on),
        years=network.offered_years(on),
        current=fiscal_year_of(on),
    )


@bp.get("/staff/health")
@requires(can_see_completeness)
def society_health():
    return render_template(
        "events/health.html", health=health.health(today()), backup=backups.status(utcnow())
    )
