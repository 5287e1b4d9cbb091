"""The tables of a summary, built from its frozen snapshot in the reader's language."""

from dataclasses import dataclass
from datetime import date

from flask import Response
from flask_babel import format_decimal
from flask_babel import gettext as _

from alumni.common import spreadsheets
from alumni.events.models import EventKind
from alumni.i18n import country_name, pick_translation
from alumni.reports.models import Programme
from alumni.societies.models import FEDERATION_AREAS, REGION_TITLES


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    numeric_from: int = 1  # columns from this one on are figures (right-aligned)


def share(tenths) -> str:
    """A share in tenths of a percent as the reader writes it: "89.9", "89,9"."""
    return "" if tenths is None else format_decimal(tenths / 10, format="0.0")


def build(snap: dict) -> dict[str, Table]:
    figures = snap["figures"]
    built = {
        "comparison": _comparison(figures),
        "network": Table(
            _("The network at the year's end"),
            [_("Figure"), _("Number")],
            [
                [_("Societies"), figures["network"]["societies"]],
                [_("Countries/regions"), figures["network"]["countries"]],
                [_("Societies founded this year"), len(figures["network"]["founded"])],
            ],
        ),
        "events_by_kind": _grouped(
            _("Events by kind"),
            _("Kind"),
            figures["events"]["by_kind"],
            lambda k: EventKind(k).title,
        ),
        "events_by_region": _grouped(
            _("Events by region"),
            _("Region"),
            figures["events"]["by_region"],
            lambda r: REGION_TITLES.get(r, r),
        ),
        "events_by_federation": _grouped(
            _("Events by federation"),
            _("Federation"),
            figures["events"]["by_federation"],
            lambda f: (
                f"{f} ({FEDERATION_AREAS[f]})" if f in FEDERATION_AREAS else _("No federation")
            ),
        ),
        "events_by_country": _grouped(
            _("Events by country/region"),
            _("Country/region"),
            figures["events"]["by_country"],
            country_name,
        ),
        "contests": Table(
            _("5S contest editions held"),
            [_("Series"), _("Edition"), _("Date"), _("Cumulative (延べ)")],
            [
                [
                    pick_translation(c["series"], "en")[0] or c["series_code"],
                    c["edition"],
                    date.fromisoformat(c["date"]),
                    "" if c["attendance"] is None else c["attendance"],
                ]
                for c in figures["contests"]
            ],
        ),
        "wnf": _wnf(figures["wnf"]),
    }
    if snap.get("programme_table"):
        built["programmes"] = _programmes(snap["programme_table"])
    return built


def _grouped(title, column, rows, label) -> Table:
    return Table(
        title,
        [column, _("Events"), _("Cumulative (延べ)")],
        [[str(label(key)), count, attendance] for key, count, attendance in rows],
    )


def _comparison(figures: dict) -> Table:
    before, now = figures["previous"], figures
    pairs = [
        (_("Societies at the year's end"), before["societies"], now["network"]["societies"]),
        (_("Events"), before["events"], now["events"]["count"]),
        (_("Cumulative attendance (延べ)"), before["attendance"], now["events"]["attendance"]),
        (_("5S contest editions held"), before["contests"], len(now["contests"])),
        (_("WNF programmes"), before["wnf_programmes"], now["wnf"]["programmes"]),
        (_("WNF grants approved (yen)"), before["wnf_approved"], now["wnf"]["approved"]),
    ]
    return Table(
        _("Compared with the previous fiscal year"),
        [
            _("Figure"),
            _("FY%(year)s", year=before["fiscal_year"]),
            _("FY%(year)s", year=now["fiscal_year"]),
        ],
        [list(p) for p in pairs],
    )


def _wnf(wnf: dict) -> Table:
    def known(value):
        return "" if value is None else value

    return Table(
        _("WNF programmes and fund"),
        [_("Figure"), _("Number")],
        [
            [_("WNF programmes"), wnf["programmes"]],
            [_("WNF participants (延べ)"), known(wnf["participants"])],
            [_("WNF grants approved (yen)"), wnf["approved"]],
            [_("WNF money disbursed (yen)"), wnf["disbursed"]],
            [_("Money into the fund (yen)"), wnf["inflows"]],
            [_("Money out of the fund (yen)"), wnf["outflows"]],
            [_("Fund balance at the year's end (yen)"), wnf["closing_balance"]],
        ],
    )


def _programmes(table: dict) -> Table:
    header = [_("Region")]
    for code in table["programmes"]:
        header += [str(Programme(code).title), _("Share (%)")]
    rows = []
    for row in table["rows"]:
        cells = [str(REGION_TITLES.get(row["region"], row["region"]))]
        for code in table["programmes"]:
            cells += [row["counts"][code], share(row["shares"][code])]
        rows.append(cells)
    total = [_("Total")]
    for code in table["programmes"]:
        total += [table["totals"][code], share(1000) if table["totals"][code] else ""]
    rows.append(total)
    return Table(_("AOTS programmes: participants by region"), header, rows)


def download(table: Table, name: str, fmt: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "csv":
        body = spreadsheets.csv_bytes(table.header, table.rows)
        return Response(body, mimetype="text/csv", headers=headers)
    return spreadsheets.xlsx_response(
        table.title, table.header, table.rows, mimetype=spreadsheets.XLSX_TYPE, headers=headers
    )
