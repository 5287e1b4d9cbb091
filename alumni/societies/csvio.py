"""The societies CSV format: one row per society, shared by import, export and the seed."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO

from flask_babel import gettext as _

from alumni.common.exceptions import Refused
from alumni.common.spreadsheets import FORMULA_STARTS, neutralise
from alumni.common.validators import whole_number
from alumni.config import LANGUAGES
from alumni.societies.models import RecordStatus, SocietyStatus

COLUMNS = [
    "code", "country", "city", "federation", "region", "status", "status_since",
    "founded_year", "founded_fiscal_year", "record_status", "original_language",
    *[f"name_{lang}" for lang in LANGUAGES],
    *[f"description_{lang}" for lang in LANGUAGES],
    "website", "source", "note",
]  # fmt: skip
# Files written before the site had nine languages hold the texts of ja, en and es only: the
# other languages' columns may be left out, and a society's texts in them are then kept.
FIRST_LANGUAGES = ("ja", "en", "es")
OPTIONAL = {
    f"{name}_{lang}"
    for lang in LANGUAGES
    if lang not in FIRST_LANGUAGES
    for name in ("name", "description")
}
XLSX_MAGIC = b"PK\x03\x04"  # a workbook is a zip file
REQUIRED = {"code", "country", "region"}
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")
MAX_LENGTH = {"city": 120, "website": 300, "source": 5000, "note": 5000}
MAX_LENGTH.update({f"name_{lang}": 300 for lang in LANGUAGES})
MAX_LENGTH.update({f"description_{lang}": 20000 for lang in LANGUAGES})


class CsvImportError(Refused):
    """The file was refused as a whole (422); .errors holds (line number, message) pairs."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(_("Nothing was imported. Correct these lines and send the file again."))
        self.errors = errors


@dataclass
class SocietyRow:
    line: int
    values: dict[str, str]
    parsed: dict = field(default_factory=dict)


def read_rows(stream: IO[str]) -> tuple[list[SocietyRow], list[tuple[int, str]]]:
    """Read and shape-check every row; return the rows and every (line, problem) found."""
    reader = csv.DictReader(stream)
    header = reader.fieldnames or []
    records = ((reader.line_num, values) for values in reader)
    return read_records(header, records)


def read_upload(data: bytes) -> tuple[list[SocietyRow], list[tuple[int, str]]]:
    """An uploaded file, an Excel workbook (.xlsx, its first sheet) or a UTF-8 CSV; lines are
    the sheet's row numbers or the CSV's line numbers."""
    if data.startswith(XLSX_MAGIC):
        return _read_workbook(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = _("this line is not UTF-8 text: save the file as CSV (UTF-8) and try again")
        raise CsvImportError([(line, problem)]) from None
    return read_rows(io.StringIO(text, newline=""))


def _read_workbook(data: bytes) -> tuple[list[SocietyRow], list[tuple[int, str]]]:
    from openpyxl import load_workbook  # when a workbook is sent (7 MB a worker otherwise)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        cells = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception:  # noqa: BLE001 (any unreadable upload is the same refusal)
        problem = _("this is not an Excel workbook (.xlsx) that can be read")
        raise CsvImportError([(1, problem)]) from None
    header = [h.strip() for h in cells[0]] if cells else []
    records = (
        (line, _record(header, row)) for line, row in enumerate(cells[1:], start=2) if any(row)
    )
    return read_records(header, records)


def _record(header: list[str], row: list[str]) -> dict:
    """A sheet's row as csv.DictReader gives a CSV's: cells past the header under None."""
    values = dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))
    if any(row[len(header) :]):
        values[None] = row[len(header) :]
    return values


def _cell_text(value) -> str:
    """A cell as the CSV would hold it: whole numbers without ".0", dates as 2024-03-31."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_records(header: list[str], records) -> tuple[list[SocietyRow], list[tuple[int, str]]]:
    """Shape-check RECORDS, (line, {column: text}) pairs under HEADER, from a CSV or a sheet."""
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    if missing:
        raise CsvImportError([(1, _("missing column(s): %(columns)s", columns=", ".join(missing)))])
    rows, errors, seen = [], [], {}
    for line, values in records:
        if None in values:
            errors.append((line, _("more fields than the header has")))
            continue
        row = SocietyRow(line, {k: _restore((v or "").strip()) for k, v in values.items()})
        problems = _check_row(row)
        code = row.values["code"]
        if code in seen:
            problems.append(_("code %(code)s already on line %(line)s", code=code, line=seen[code]))
        seen.setdefault(code, line)
        errors.extend((line, p) for p in problems)
        rows.append(row)
    return rows, errors


def _check_row(row: SocietyRow) -> list[str]:
    values, problems = row.values, []
    for name, value in values.items():
        if "\x00" in value:
            problems.append(_("%(column)s: contains a NUL character", column=name))
    for name in sorted(REQUIRED):
        if not values[name]:
            problems.append(_("%(column)s is required", column=name))
    if values["code"] and not CODE_RE.match(values["code"]):
        problems.append(_("code must be 2-40 capital letters, digits or hyphens"))
    for name, limit in MAX_LENGTH.items():
        if len(values.get(name, "")) > limit:
            problems.append(
                _("%(column)s is longer than %(limit)s characters", column=name, limit=limit)
            )
    parsed = row.parsed
    parsed["status"] = _enum(values["status"] or "active", SocietyStatus, "status", problems)
    parsed["record_status"] = _enum(
        values["record_status"] or "confirmed", RecordStatus, "record_status", problems
    )
    parsed["status_since"] = _date(values["status_since"], "status_since", problems)
    for name in ("founded_year", "founded_fiscal_year"):
        parsed[name] = _year(values[name], name, problems)
    language = values["original_language"] or "en"
    if language not in LANGUAGES:
        problems.append(
            _(
                "%(column)s must be one of %(allowed)s",
                column="original_language",
                allowed=", ".join(LANGUAGES),
            )
        )
    parsed["original_language"] = language
    if values["website"] and not re.match(r"^https?://[^\s]+$", values["website"]):
        problems.append(_("website must start with http:// or https://"))
    return problems


def _enum(value, enum_class, name, problems):
    try:
        return enum_class(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_class)
        problems.append(_("%(column)s must be one of %(allowed)s", column=name, allowed=allowed))
        return None


def _date(value, name, problems):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(_("%(column)s must be a date like 2024-03-31", column=name))
        return None


def _year(value, name, problems):
    if not value:
        return None
    if not 1900 <= (whole_number(value) or 0) <= 2200:
        problems.append(_("%(column)s must be a year between 1900 and 2200", column=name))
        return None
    return int(value)


def _restore(value: str) -> str:
    """Undo neutralise, so an exported file imports back unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def languages_in(values: dict[str, str]) -> list[str]:
    """The languages whose texts a row holds (has the columns of, even empty)."""
    return [lang for lang in LANGUAGES if f"name_{lang}" in values]


def write_rows(stream: IO[str], rows: list[dict[str, str]]) -> None:
    writer = csv.DictWriter(stream, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
