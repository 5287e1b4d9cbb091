"""Completeness on the pages of societies: a federation's table, a society's own record.

Societies sits below events and so cannot ask for them itself; it includes what the packages
above it registered (alumni/societies/pages.py).
"""

from flask import request
from flask_babel import format_percent

from alumni.common.caching import per_version
from alumni.common.fiscal import fiscal_year_of
from alumni.common.time import today
from alumni.events import bp, completeness, network
from alumni.societies.models import Federation, Society
from alumni.societies.pages import part_of

# A society's page shows its record over this many fiscal years, the current one first.
OWN_RECORD_YEARS = 3


def rate(value: float | None) -> str:
    """A rate in the reader's locale; a dash when nothing was due."""
    return "—" if value is None else format_percent(value)


bp.add_app_template_filter(rate, "rate")


@part_of("federation")
def federation_completeness(federation: Federation, societies: list[Society]) -> tuple[str, dict]:
    """The completeness of the federation's societies in the fiscal year of `?fy=`."""
    on = today()
    year, years = network.requested_year(on)
    values = {
        "table": network.table(year, on, societies),
        "years": years,
        "action": request.path,
    }
    return "events/_federation_part.html", values


@part_of("society")
def own_record(society: Society) -> tuple[str, dict]:
    """The society's events, reporting rate, on-time rate and 延べ in its last fiscal years."""
    on = today()
    current = fiscal_year_of(on)
    years = [current - back for back in range(OWN_RECORD_YEARS)]
    # Only content and the day decide it: kept per content version, not read on every visit.
    records = per_version(
        "own_record", (society.id, on), lambda: completeness.yearly_records(society.id, years, on)
    )
    return "events/_own_record_part.html", {"records": list(records.items())}
