"""The public fund statement of a fiscal year whose end staff published, and its downloads."""

from flask import Response, abort, render_template
from flask_babel import gettext as _

from alumni.auth.access import public
from alumni.common import spreadsheets
from alumni.fund import statement as ledger_statement
from alumni.grants import bp, fund_statement

CSV_TYPE = "text/csv; charset=utf-8"


def _published(fiscal_year: int):
    """The year's statement, or 404 while staff have not published its end."""
    if not 1997 <= fiscal_year <= 2200 or not ledger_statement.is_published(fiscal_year):
        abort(404)
    shown = ledger_statement.statement(fiscal_year)
    return shown, fund_statement.programme_grants(shown)


@bp.get("/wnf/fund/<id:fiscal_year>")
@public
def fund_year(fiscal_year):
    shown, grants = _published(fiscal_year)
    first, last = fund_statement.period(shown)
    return render_template(
        "grants/fund_year.html", statement=shown, grants=grants, first=first, last=last
    )


@bp.get("/wnf/fund/<id:fiscal_year>.<any(csv, xlsx):fmt>")
@public
def fund_year_export(fiscal_year, fmt):
    shown, grants = _published(fiscal_year)
    header, rows = fund_statement.sheet(shown, grants)
    if fmt == "csv":
        response = Response(spreadsheets.csv_bytes(header, rows), content_type=CSV_TYPE)
    else:
        title = _("WNF fund FY%(year)s", year=fiscal_year)
        response = spreadsheets.xlsx_response(
            title, header, rows, content_type=spreadsheets.XLSX_TYPE
        )
    response.headers.set(
        "Content-Disposition", "attachment", filename=f"wnf-fund-fy{fiscal_year}.{fmt}"
    )
    return response


bp.add_app_template_global(fund_statement.programme_link, "programme_link")
bp.add_app_template_global(fund_statement.programme_title, "programme_title_of")
bp.add_app_template_global(fund_statement.donor, "donor_line")
