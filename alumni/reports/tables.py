"""The tables of a summary, built from its frozen snapshot in the reader's language."""

from dataclasses import dataclass, field
from datetime import date

from flask import Response
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from alumni.common import spreadsheets
from alumni.events.models import EventKind
from alumni.i18n import country_name, pick_translation
from alumni.reports import programme_table
from alumni.reports.models import PeriodKind, Programme
from alumni.reports.periods import Period, label
from alumni.societies.models import FEDERATION_AREAS, REGION_TITLES


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    numeric_from: int = 1  # columns from this one on are figures (right-aligned)
    notes: list[str] = field(default_factory=list)  # footnotes under the table
    export: tuple[list, list] | None = None  # (header, rows) of its CSV/XLSX, when not these
    chart: list = field(default_factory=list)  # (label, value) of its bar chart, if any


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
                *_published_network(snap.get("published_network")),
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
    for stored in programme_table.in_snapshot(snap):
        period = _period(stored, figures["fiscal_year"])
        built[period.name] = _programmes(stored, period)
    return built


def _published_network(published: dict | None) -> list[list]:
    if not published:
        return []
    when = format_date(date.fromisoformat(published["as_of"]), "long")
    return [
        [_("Societies, as published by AOTS (as of %(date)s)", date=when), published["societies"]],
        [
            _("Countries/regions, as published by AOTS (as of %(date)s)", date=when),
            published["countries"],
        ],
    ]


def _period(stored: dict, fiscal_year: int) -> Period:
    if "period" in stored:
        return Period.from_dict(stored["period"])
    return Period(PeriodKind.FISCAL_YEAR, fiscal_year, fiscal_year)


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


PIN_SIGN = "*"


def _count(value: int, dash: bool):
    return "-" if dash and value == 0 else value


def _exact(value: str | None):
    return "" if value is None else float(value)


def _programmes(stored: dict, period: Period) -> Table:
    """The table as printed (pinned shares marked, a dash for zero if chosen) and its CSV
    and XLSX with the period on every line, the exact shares and the pins' notes."""
    programmes, dash, period_label = (
        stored["programmes"],
        stored.get("dash_for_zero"),
        label(period),
    )
    header, export_header = [_("Region")], [_("Period"), _("Region")]
    for code in programmes:
        header += [str(Programme(code).title), _("Share (%)")]
        export_header += [str(Programme(code).title), _("Share (%)"), _("Exact share (%)")]
    export_header.append(_("Notes"))
    rows, export_rows, notes = [], [], []
    for row in stored["rows"]:
        region = str(REGION_TITLES.get(row["region"], row["region"]))
        pins = row.get("pins", {})
        cells, exported, row_notes = [region], [period_label, region], []
        for code in programmes:
            printed = share(row["shares"][code])
            cells += [_count(row["counts"][code], dash), printed + PIN_SIGN * (code in pins)]
            exported += [row["counts"][code], printed, _exact(row.get("exact", {}).get(code))]
            if code in pins:
                note = _(
                    "%(region)s, %(programme)s: printed %(printed)s %%, computed %(computed)s "
                    "%%, exact %(exact)s %%. %(note)s",
                    region=region,
                    programme=Programme(code).title,
                    printed=printed,
                    computed=share(row["computed"][code]),
                    exact=format_decimal(float(row["exact"][code]), format="0.000"),
                    note=programme_table.pin_note(pins[code]),
                )
                notes.append(f"{PIN_SIGN} {note}")
                row_notes.append(note)
        rows.append(cells)
        export_rows.append([*exported, " ".join(row_notes)])
    total, exported = [_("Total")], [period_label, _("Total")]
    for code in programmes:
        whole = share(1000) if stored["totals"][code] else ""
        total += [stored["totals"][code], whole]
        exported += [stored["totals"][code], whole, 100.0 if stored["totals"][code] else ""]
    rows.append(total)
    export_rows.append([*exported, ""])
    return Table(
        _("AOTS programmes: participants by region, %(period)s", period=period_label),
        header,
        rows,
        notes=notes,
        export=(export_header, export_rows),
        chart=[
            (str(REGION_TITLES.get(r["region"], r["region"])), r["counts"]["overseas_training"])
            for r in stored["rows"]
            if r["counts"].get("overseas_training")
        ],
    )


def download(table: Table, name: str, fmt: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    header, rows = table.export or (table.header, table.rows)
    if fmt == "csv":
        body = spreadsheets.csv_bytes(header, rows)
        return Response(body, mimetype="text/csv", headers=headers)
    return spreadsheets.xlsx_response(
        table.title, header, rows, mimetype=spreadsheets.XLSX_TYPE, headers=headers
    )
