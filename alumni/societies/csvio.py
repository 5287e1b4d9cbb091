"""The societies CSV format: one row per society, shared by import, export and the seed."""

import csv
import re
from dataclasses import dataclass, field
from datetime import date
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
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CsvImportError([(1, f"missing column(s): {', '.join(missing)}")])
    rows, errors, seen = [], [], {}
    for values in reader:
        line = reader.line_num
        if None in values:
            errors.append((line, "more fields than the header has"))
            continue
        row = SocietyRow(line, {k: _restore((v or "").strip()) for k, v in values.items()})
        problems = _check_row(row)
        code = row.values["code"]
        if code in seen:
            problems.append(f"code {code} already on line {seen[code]}")
        seen.setdefault(code, line)
        errors.extend((line, p) for p in problems)
        rows.append(row)
    return rows, errors


def _check_row(row: SocietyRow) -> list[str]:
    values, problems = row.values, []
    for name, value in values.items():
        if "\x00" in value:
            problems.append(f"{name}: contains a NUL character")
    for name in sorted(REQUIRED):
        if not values[name]:
            problems.append(f"{name} is required")
    if values["code"] and not CODE_RE.match(values["code"]):
        problems.append("code must be 2-40 capital letters, digits or hyphens")
    for name, limit in MAX_LENGTH.items():
        if len(values[name]) > limit:
            problems.append(f"{name} is longer than {limit} characters")
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
        problems.append(f"original_language must be one of {', '.join(LANGUAGES)}")
    parsed["original_language"] = language
    if values["website"] and not re.match(r"^https?://[^\s]+$", values["website"]):
        problems.append("website must start with http:// or https://")
    return problems


def _enum(value, enum_class, name, problems):
    try:
        return enum_class(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_class)
        problems.append(f"{name} must be one of {allowed}")
        return None


def _date(value, name, problems):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} must be a date like 2024-03-31")
        return None


def _year(value, name, problems):
    if not value:
        return None
    if not 1900 <= (whole_number(value) or 0) <= 2200:
        problems.append(f"{name} must be a year between 1900 and 2200")
        return None
    return int(value)


def _restore(value: str) -> str:
    """Undo neutralise, so an exported file imports back unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def write_rows(stream: IO[str], rows: list[dict[str, str]]) -> None:
    writer = csv.DictWriter(stream, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
