"""A programme's money, approved budget against actual spending, line by line.

The one place that groups the actual lines under the approved budget lines: the report's
check (an over-spent line needs an explanation) and the pages' table both read it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

YEN_LIMIT = 1_000_000_000
OTHER = "other"  # the form's value for a line outside the approved budget


def to_yen(amount: Decimal, rate: Decimal) -> int:
    """AMOUNT at RATE in whole yen, rounded half up (0.5 yen and more is one more yen)."""
    return int((amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Group:
    """One approved budget line (or "other") and the actual lines spending it."""

    label: object
    approved: int
    budget_line_id: int | None = None
    lines: list = field(default_factory=list)  # (index in the report, line)

    @property
    def actual(self) -> int:
        return sum(line.amount_yen for _index, line in self.lines)

    @property
    def difference(self) -> int:
        """Approved minus actual: what is left (negative: over-spent)."""
        return self.approved - self.actual

    @property
    def over(self) -> bool:
        return self.actual > self.approved

    @property
    def explained(self) -> bool:
        return any((line.explanation or "").strip() for _index, line in self.lines)


@dataclass
class Accounts:
    groups: list[Group]

    @property
    def approved(self) -> int:
        return sum(g.approved for g in self.groups)

    @property
    def actual(self) -> int:
        return sum(g.actual for g in self.groups)

    @property
    def difference(self) -> int:
        return self.approved - self.actual

    def unexplained(self) -> list[Group]:
        """The over-spent groups none of whose lines says why."""
        return [g for g in self.groups if g.over and not g.explained]


def accounts(grant, lines) -> Accounts:
    """GRANT's approved budget lines with LINES (objects with budget_line_id, amount_yen,
    explanation) under them; "other" is a group of its own, shown when used.

    A grant approved without budget lines has the whole approved amount as its one budget,
    so its "other" group is approved for that amount; otherwise "other" was approved for
    nothing and any spending there is over-spent.
    """
    budget = [Group(b.label, b.amount, b.id) for b in grant.budget_lines]
    other = Group(
        _l("Other (not in the approved budget)"),
        0 if budget else (grant.approved_amount or 0),
    )
    by_id = {g.budget_line_id: g for g in budget}
    for index, line in enumerate(lines):
        by_id.get(line.budget_line_id, other).lines.append((index, line))
    return Accounts([*budget, *([other] if other.lines or not budget else [])])
