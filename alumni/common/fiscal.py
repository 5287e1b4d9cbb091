"""AOTS's fiscal year: FY2021 (2021年度) runs from 1 April 2021 to 31 March 2022."""

from datetime import date


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def is_over(year: int, today: date) -> bool:
    """Whether fiscal YEAR has ended by TODAY (its last day is past)."""
    return fiscal_year_bounds(year)[1] < today
