"""AOTS's table of participants per region × programme: import, totals and shares.

Shares are rounded half up to one decimal; where the rounded shares of a column do not add up
to 100.0 %, the largest share absorbs the difference. This is how AOTS's printed tables do it
(FY2021: Asia's 89.96 % of overseas training is printed 89.9 % so that the column totals 100.0).
Totals are always recomputed from the rows, never typed.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from typing import IO

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


def import_table(stream: IO[str]) -> dict[int, int]:
    """Replace the years found in the file; "-" or empty means none. Total rows are ignored
    (totals are recomputed). All or nothing; returns {fiscal year: rows}."""
    reader = csv.DictReader(stream)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CsvImportError([(1, f"missing column(s): {', '.join(missing)}")])
    rows, errors = [], []
    for values in reader:
        line, region = reader.line_num, (values["region"] or "").strip().lower()
        if region.startswith("all regions"):
            continue
        row = _parse(values, region, line, errors)
        if row:
            rows.append(row)
    if errors:
        raise CsvImportError(errors)
    years = {r.fiscal_year for r in rows}
    db.session.execute(delete(ProgrammeCount).where(ProgrammeCount.fiscal_year.in_(years)))
    db.session.add_all(rows)
    db.session.flush()
    return {year: sum(1 for r in rows if r.fiscal_year == year) for year in years}


def _parse(values: dict, region: str, line: int, errors: list) -> ProgrammeCount | None:
    year = (values["fiscal_year"] or "").strip()
    programme = PROGRAMME_NAMES.get((values["program"] or "").strip().lower())
    count = (values["participants"] or "").strip().replace(",", "")
    problems = []
    if not 1959 <= (whole_number(year) or 0) <= 2200:
        problems.append("fiscal_year must be a year such as 2021")
    if region not in REGION_NAMES:
        problems.append(f"unknown region {values['region']!r}")
    if programme is None:
        problems.append(f"unknown programme {values['program']!r}")
    if count in ("", "-"):
        count = "0"
    if whole_number(count) is None or int(count) > 10_000_000:
        problems.append("participants must be a whole number, '-' or empty")
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
