"""AOTS's table of participants per region × programme: import, totals and shares.

Shares are rounded half up to one decimal; where the rounded shares of a column do not add up
to 100.0 %, the largest share absorbs the difference. This is how AOTS's printed tables do it
(FY2021: Asia's 89.96 % of overseas training is printed 89.9 % so that the column totals 100.0).
Totals are always recomputed from the rows, never typed.
"""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import IO

from flask_babel import gettext as _
from sqlalchemy import delete, select

from alumni.common.validators import whole_number
from alumni.extensions import db
from alumni.reports.models import Programme, ProgrammeCount
from alumni.societies.csvio import CsvImportError
from alumni.societies.models import REGION_TITLES

REGION_NAMES = {
    "asia": "asia",
    "latin america": "latin_america",
    "africa": "africa",
    "middle east": "middle_east",
    "europe": "europe",
    "oceania": "oceania",
    "north america": "north_america",
}
PROGRAMME_NAMES = {
    "japan-based training": Programme.JAPAN_TRAINING,
    "overseas training": Programme.OVERSEAS_TRAINING,
    "endowed courses": Programme.ENDOWED_COURSES,
    "expert dispatch": Programme.EXPERT_DISPATCH,
    "internship": Programme.INTERNSHIP,
}
COLUMNS = ["fiscal_year", "region", "program", "participants"]


def import_upload(data: bytes) -> dict[int, int]:
    """An uploaded file: UTF-8 text (with or without a byte-order mark), then import_table."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problem = _("this line is not UTF-8 text: save the file as CSV (UTF-8) and try again")
        raise CsvImportError([(line, problem)]) from None
    return import_table(io.StringIO(text, newline=""))


def import_table(stream: IO[str]) -> dict[int, int]:
    """Replace the years found in the file; "-" or empty means none. Total rows are ignored
    (totals are recomputed). All or nothing: every problem is refused with its line number,
    in the user's language. Returns {fiscal year: rows}."""
    rows, errors = _read(csv.DictReader(stream))
    if errors:
        raise CsvImportError(errors)
    years = {r.fiscal_year for r in rows}
    db.session.execute(delete(ProgrammeCount).where(ProgrammeCount.fiscal_year.in_(years)))
    db.session.add_all(rows)
    db.session.flush()
    return {year: sum(1 for r in rows if r.fiscal_year == year) for year in years}


def _read(reader: csv.DictReader) -> tuple[list[ProgrammeCount], list[tuple[int, str]]]:
    """The rows of the file and every (line, problem) found in it."""
    rows, errors, first_lines = [], [], {}
    try:
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [], [(1, _("missing column(s): %(columns)s", columns=", ".join(missing)))]
        for values in reader:
            row = _row(values, reader.line_num, errors)
            if row is not None and _first_time(row, values, reader.line_num, first_lines, errors):
                rows.append(row)
    except csv.Error:
        errors.append((reader.line_num + 1, _("this line cannot be read as CSV")))
    if not rows and not errors:
        errors.append((1, _("there is no row to import after the header")))
    return rows, errors


def _row(values: dict, line: int, errors: list) -> ProgrammeCount | None:
    if None in values:
        errors.append((line, _("this line has more fields than the header")))
        return None
    region = (values["region"] or "").strip().lower()
    if region.startswith("all regions"):
        return None  # a total: recomputed from the rows
    return _parse(values, region, line, errors)


def _first_time(row: ProgrammeCount, values: dict, line: int, first_lines: dict, errors) -> bool:
    """Whether the row's year, region and programme were not on an earlier line."""
    key = (row.fiscal_year, row.region_code, row.programme)
    first = first_lines.setdefault(key, line)
    if first != line:
        region, programme = (values[name].strip() for name in ("region", "program"))
        errors.append(
            (
                line,
                _(
                    "%(region)s × %(programme)s appears twice (first on line %(first)s)",
                    region=region,
                    programme=programme,
                    first=first,
                ),
            )
        )
    return first == line


def _parse(values: dict, region: str, line: int, errors: list) -> ProgrammeCount | None:
    year = (values["fiscal_year"] or "").strip()
    programme = PROGRAMME_NAMES.get((values["program"] or "").strip().lower())
    count = (values["participants"] or "").strip().replace(",", "")
    problems = []
    if not 1959 <= (whole_number(year) or 0) <= 2200:
        problems.append(_("fiscal_year must be a year such as 2021"))
    if region not in REGION_NAMES:
        problems.append(_("unknown region '%(value)s'", value=values["region"] or ""))
    if programme is None:
        problems.append(_("unknown programme '%(value)s'", value=values["program"] or ""))
    if count in ("", "-"):
        count = "0"
    if whole_number(count) is None or int(count) > 10_000_000:
        problems.append(_("participants must be a whole number, '-' or empty"))
    errors.extend((line, p) for p in problems)
    if problems:
        return None
    return ProgrammeCount(
        fiscal_year=int(year),
        region_code=REGION_NAMES[region],
        programme=programme,
        participants=int(count),
    )


def table(fiscal_year: int) -> dict | None:
    """Rows per region, recomputed totals, and shares in tenths of a percent; None if empty."""
    counts = db.session.scalars(
        select(ProgrammeCount).where(ProgrammeCount.fiscal_year == fiscal_year)
    ).all()
    if not counts:
        return None
    cells = {(c.region_code, c.programme.value): c.participants for c in counts}
    programmes = [p.value for p in Programme]
    regions = list(REGION_TITLES)
    totals = {p: sum(cells.get((r, p), 0) for r in regions) for p in programmes}
    shares = {p: shares_in_tenths([cells.get((r, p), 0) for r in regions]) for p in programmes}
    return {
        "programmes": programmes,
        "rows": [
            {
                "region": r,
                "counts": {p: cells.get((r, p), 0) for p in programmes},
                "shares": {p: shares[p][i] for p in programmes},
            }
            for i, r in enumerate(regions)
        ],
        "totals": totals,
    }


def shares_in_tenths(values: list[int]) -> list[int | None]:
    """Each value's share of the sum, in tenths of a percent (899 = 89.9 %), summing to 1000."""
    total = sum(values)
    if total == 0:
        return [None] * len(values)
    exact = [Decimal(v) * 100 / Decimal(total) for v in values]
    tenths = [int((e * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)) for e in exact]
    largest = max(range(len(values)), key=lambda i: values[i])
    tenths[largest] += 1000 - sum(tenths)
    return tenths
