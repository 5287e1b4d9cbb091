"""What changed between two published versions of a summary, in words a reader follows."""

from flask_babel import lazy_gettext as _l

from alumni.config import LANGUAGES
from alumni.events.models import EventKind
from alumni.i18n import language_name
from alumni.reports import programme_table

HEADLINE = [
    (_l("Societies at the year's end"), ("network", "societies")),
    (_l("Countries/regions at the year's end"), ("network", "countries")),
    (_l("Events"), ("events", "count")),
    (_l("Cumulative attendance (延べ)"), ("events", "attendance")),
    (_l("WNF programmes"), ("wnf", "programmes")),
    (_l("WNF participants (延べ)"), ("wnf", "participants")),
    (_l("WNF grants approved (yen)"), ("wnf", "approved")),
    (_l("WNF money disbursed (yen)"), ("wnf", "disbursed")),
    (_l("Money into the fund (yen)"), ("wnf", "inflows")),
    (_l("Money out of the fund (yen)"), ("wnf", "outflows")),
    (_l("Fund balance at the year's end (yen)"), ("wnf", "closing_balance")),
]


def _get(figures: dict, path: tuple):
    value = figures
    for key in path:
        value = (value or {}).get(key)
    return value


def describe(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(what, before, after) for every figure, kind, table or text that differs."""
    found = []
    before, after = old["figures"], new["figures"]
    for label, path in HEADLINE:
        if _get(before, path) != _get(after, path):
            found.append((label, _get(before, path), _get(after, path)))
    kinds_before = {k: (n, a) for k, n, a in before["events"]["by_kind"]}
    kinds_after = {k: (n, a) for k, n, a in after["events"]["by_kind"]}
    for kind in EventKind:
        if kinds_before.get(kind.value) != kinds_after.get(kind.value):
            found.append(
                (
                    kind.title,
                    _pair(kinds_before.get(kind.value)),
                    _pair(kinds_after.get(kind.value)),
                )
            )
    if before["contests"] != after["contests"]:
        found.append(
            (_l("5S contest editions held"), len(before["contests"]), len(after["contests"]))
        )
    if programme_table.in_snapshot(old) != programme_table.in_snapshot(new):
        found.append((_l("AOTS programme table"), None, None))
    if old.get("published_network") != new.get("published_network"):
        found.append((_l("AOTS's published count of the network"), None, None))
    for lang in LANGUAGES:
        if (old.get("topics") or {}).get(lang) != (new.get("topics") or {}).get(lang):
            found.append((_l("Topics in %(language)s", language=language_name(lang)), None, None))
    return found


def _pair(value):
    return None if value is None else f"{value[0]} / {value[1]}"
