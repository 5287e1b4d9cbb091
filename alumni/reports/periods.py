"""The period of a programme table (a fiscal year, a range of them, cumulative since 1959),
its label in the reader's language, and the periods a file may name."""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _

from alumni.reports.models import FIRST_FISCAL_YEAR, PeriodKind

# How a file says "cumulative": in English, Japanese or Spanish (after NFKC and casefold).
CUMULATIVE_WORDS = ("cumulative", "cumul", "累計", "累積", "acumulado", "acumulada")


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first: int
    last: int

    @classmethod
    def of(cls, kind: PeriodKind | str, first: int | None, last: int) -> "Period":
        """The period in its one shape: a range from 1959 is the cumulative table, a range of
        one year is that fiscal year."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.CUMULATIVE or (
            kind is PeriodKind.RANGE and first == FIRST_FISCAL_YEAR
        ):
            return cls(PeriodKind.CUMULATIVE, FIRST_FISCAL_YEAR, last)
        if kind is PeriodKind.FISCAL_YEAR or first is None or first >= last:
            return cls(PeriodKind.FISCAL_YEAR, last, last)
        return cls(PeriodKind.RANGE, first, last)

    @classmethod
    def of_row(cls, row) -> "Period":
        return cls(PeriodKind(row.kind), row.first_year, row.last_year)

    @classmethod
    def from_dict(cls, data: dict) -> "Period":
        return cls(PeriodKind(data["kind"]), int(data["first"]), int(data["last"]))

    def as_dict(self) -> dict:
        return {"kind": self.kind.value, "first": self.first, "last": self.last}

    @property
    def name(self) -> str:
        """The table's name among a summary's tables (its CSV and XLSX addresses)."""
        if self.kind is PeriodKind.FISCAL_YEAR:
            return "programmes"
        if self.kind is PeriodKind.CUMULATIVE:
            return "programmes_cumulative"
        return f"programmes_{self.first}_{self.last}"


def label(period: Period) -> str:
    """ "FY2021", "FY2015–FY2021", "1959–2021 cumulative", in the reader's language."""
    first, last = str(period.first), str(period.last)
    if period.kind is PeriodKind.FISCAL_YEAR:
        return _("FY%(year)s", year=last)
    if period.kind is PeriodKind.RANGE:
        return _("FY%(first)s–FY%(last)s", first=first, last=last)
    return _("%(first)s–%(last)s cumulative", first=first, last=last)


def parse(text: str) -> Period | None:
    """The period a file's cell names ("2021", "FY2015–FY2021", "1959–2021 累計"), or None."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    years = [int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", folded)]
    if not years or len(years) > 2 or re.search(r"\d{5,}", folded):
        return None
    cumulative = any(word in folded for word in CUMULATIVE_WORDS)
    if cumulative:
        if len(years) == 2 and years[0] != FIRST_FISCAL_YEAR:
            return Period(PeriodKind.RANGE, years[0], years[1])  # never equal to a choice
        return Period(PeriodKind.CUMULATIVE, FIRST_FISCAL_YEAR, years[-1])
    if len(years) == 1:
        return Period(PeriodKind.FISCAL_YEAR, years[0], years[0])
    if years[0] > years[1]:
        return None
    return Period.of(PeriodKind.RANGE, years[0], years[1])
