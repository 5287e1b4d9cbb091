"""The completeness table as spreadsheet rows, in the reader's language (CSV and XLSX)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alumni.events.completeness import ReportState
from alumni.events.network import SocietyRow, Table
from alumni.i18n import country_name
from alumni.societies.presenters import society_name

COLUMNS = [
    _l("Society code"),
    _l("Society"),
    _l("Country/region"),
    _l("Federation"),
    _l("Fiscal year"),
    _l("Events"),
    _l("Cumulative (延べ)"),
    _l("Expected reports"),
    _l("Filed"),
    _l("Filed on time"),
    _l("Filed late"),
    _l("Missing"),
    _l("Not yet due"),
    _l("Reporting rate"),
    _l("On-time rate"),
    _l("Last activity"),
    _l("Current officer"),
]


def sheet(table: Table) -> tuple[list[str], list[list]]:
    """(header, rows): one row per society; rates as fractions, empty when nothing was due."""
    return [str(label) for label in COLUMNS], [_row(table.fiscal_year, r) for r in table.rows]


def _rate(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


def _row(year: int, row: SocietyRow) -> list:
    record, society = row.record, row.society
    return [
        society.code,
        society_name(society).text,
        country_name(society.country_code),
        society.federation_code or "",
        year,
        record.events,
        record.attendance,
        record.expected,
        record.filed,
        record.states[ReportState.ON_TIME],
        record.states[ReportState.LATE],
        record.states[ReportState.MISSING],
        record.states[ReportState.WAITING],
        _rate(record.reporting_rate),
        _rate(record.on_time_rate),
        row.last_activity or "",
        _("Yes") if row.has_officer else _("No"),
    ]
