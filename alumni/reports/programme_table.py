"""AOTS's tables of participants per region × programme: stored per period, totals and shares.

Shares are in tenths of a percent and made to add up to 100.0 % per column by the **largest
remainder method** (Hamilton's): each region gets the tenths its exact share contains whole,
and the tenths still missing go to the regions with the largest remainders (ties: the larger
count, then the region's order). AOTS's prints do not always follow one rule — in FY2021
overseas training is printed Asia 89.9 % and Middle East 0.6 %, where the largest remainder
gives 90.0 % and 0.5 % — so where a print was adjusted by hand, staff pin the printed share of
that cell with a note: the page shows the printed value, marked, and the CSV the exact one.
Totals are always computed from the rows, never typed.
"""

from decimal import Decimal

from flask_babel import force_locale, gettext
from sqlalchemy import select

from alumni.common.time import utcnow
from alumni.config import LANGUAGES
from alumni.extensions import db
from alumni.reports.models import Programme, ProgrammeCount, ProgrammeTable
from alumni.reports.periods import Period
from alumni.societies.models import REGION_TITLES

PROGRAMMES = [p.value for p in Programme]
REGIONS = list(REGION_TITLES)


def shares_in_tenths(values: list[int]) -> list[int | None]:
    """Each value's share of the sum in tenths of a percent (899 = 89.9 %), adding up to 1000
    by the largest remainder method; None for every value of a column that sums to 0."""
    total = sum(values)
    if total == 0:
        return [None] * len(values)
    tenths = [v * 1000 // total for v in values]
    remainders = [v * 1000 % total for v in values]
    order = sorted(range(len(values)), key=lambda i: (-remainders[i], -values[i], i))
    for i in order[: 1000 - sum(tenths)]:
        tenths[i] += 1
    return tenths


def exact_share(value: int, total: int) -> Decimal | None:
    """The unrounded share, in percent to three decimals (what a pin leaves in the CSV)."""
    if total == 0:
        return None
    return (Decimal(value) * 100 / Decimal(total)).quantize(Decimal("0.001"))


def find(period: Period) -> ProgrammeTable | None:
    return db.session.scalars(
        select(ProgrammeTable).where(
            ProgrammeTable.kind == period.kind,
            ProgrammeTable.first_year == period.first,
            ProgrammeTable.last_year == period.last,
        )
    ).first()


def tables_ending(fiscal_year: int) -> list[ProgrammeTable]:
    """The tables a summary shows: its year's, then ranges ending then, then cumulative."""
    rows = db.session.scalars(
        select(ProgrammeTable).where(ProgrammeTable.last_year == fiscal_year)
    ).all()
    order = {"fiscal_year": 0, "range": 1, "cumulative": 2}
    return sorted(rows, key=lambda t: (order[t.kind.value], -t.first_year))


def cells_of(stored: ProgrammeTable | None) -> dict[tuple[str, str], ProgrammeCount]:
    if stored is None:
        return {}
    return {(c.region_code, c.programme.value): c for c in stored.counts}


def replace(period: Period, counts: dict, pins: dict | None, *, dash_for_zero: bool):
    """Make the period's table hold COUNTS {(region, programme): n}; PINS {(region,
    programme): (tenths, note)} replace its pins, or None keeps them. Returns the table."""
    stored = find(period)
    if stored is None:
        stored = ProgrammeTable(kind=period.kind, first_year=period.first, last_year=period.last)
        db.session.add(stored)
    else:
        stored.version += 1
    stored.dash_for_zero = dash_for_zero
    stored.updated_at = utcnow()
    existing = cells_of(stored)
    for key, participants in counts.items():
        cell = existing.get(key)
        if cell is None:
            cell = ProgrammeCount(region_code=key[0], programme=Programme(key[1]), pin_note="")
            stored.counts.append(cell)
        cell.participants = participants
        if pins is not None:
            cell.pinned_share, cell.pin_note = pins.get(key, (None, ""))
    for key, cell in existing.items():
        if key not in counts:
            stored.counts.remove(cell)
    db.session.flush()
    return stored


def pin(stored: ProgrammeTable, region: str, programme: str, tenths: int | None, note: str):
    """Pin (or, with TENTHS None, unpin) the printed share of one cell."""
    cell = cells_of(stored)[(region, programme)]
    cell.pinned_share, cell.pin_note = tenths, (note if tenths is not None else "")
    stored.version += 1
    stored.updated_at = utcnow()
    db.session.flush()


def table(stored: ProgrammeTable | None) -> dict | None:
    """Rows per region, computed totals and shares (pinned where staff pinned them), for the
    frozen snapshot of a summary; None without cells."""
    cells = cells_of(stored)
    if not cells:
        return None
    counts = {key: cell.participants for key, cell in cells.items()}
    totals = {p: sum(counts.get((r, p), 0) for r in REGIONS) for p in PROGRAMMES}
    computed = {p: shares_in_tenths([counts.get((r, p), 0) for r in REGIONS]) for p in PROGRAMMES}
    rows = []
    for i, region in enumerate(REGIONS):
        pinned = {p: cells[(region, p)] for p in PROGRAMMES if _pinned(cells.get((region, p)))}
        rows.append(
            {
                "region": region,
                "counts": {p: counts.get((region, p), 0) for p in PROGRAMMES},
                "shares": {
                    p: pinned[p].pinned_share if p in pinned else computed[p][i] for p in PROGRAMMES
                },
                "computed": {p: computed[p][i] for p in PROGRAMMES},
                "exact": {
                    p: _text(exact_share(counts.get((region, p), 0), totals[p])) for p in PROGRAMMES
                },
                "pins": {p: pinned[p].pin_note for p in pinned},
            }
        )
    return {
        "period": Period.of_row(stored).as_dict(),
        "dash_for_zero": stored.dash_for_zero,
        "programmes": PROGRAMMES,
        "rows": rows,
        "totals": totals,
    }


def _pinned(cell: ProgrammeCount | None) -> bool:
    return cell is not None and cell.pinned_share is not None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def in_snapshot(snap: dict) -> list[dict]:
    """The programme tables a summary's snapshot holds (this year's, a range's, since 1959);
    one published before periods holds only its year's, under the key it had then."""
    if "programme_tables" in snap:
        return snap["programme_tables"]
    return [snap["programme_table"]] if snap.get("programme_table") else []


# The note of a share the import pins as printed, stored in these words (no one's: not in the
# language of whoever imported it) and said in each reader's (pin_note). One stored before in
# the language of the page that imported it is known by that translation.
PRINTED_PIN = "As printed by AOTS (rounded by hand)."
_PRINTED_PIN_TRANSLATIONS: set[str] = set()


def _printed_pin() -> str:
    return gettext("As printed by AOTS (rounded by hand).")  # PRINTED_PIN, for the catalogs


def pin_note(note: str) -> str:
    """A pin's note as the reader reads it: the import's in their language, staff's as typed."""
    if note == PRINTED_PIN or note in _printed_pin_translations():
        return _printed_pin()
    return note


def _printed_pin_translations() -> set[str]:
    if not _PRINTED_PIN_TRANSLATIONS:
        for language in LANGUAGES:
            with force_locale(language):
                _PRINTED_PIN_TRANSLATIONS.add(_printed_pin())
    return _PRINTED_PIN_TRANSLATIONS
