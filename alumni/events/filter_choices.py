"""The events list's filters: their choices built once per content version and language.

Societies with their names, countries, federations, regions, fiscal years and themes change
only with content, yet reading and sorting them and rendering ~200 options through WTForms
was most of the list page. Each worker keeps the options of the current content version per
language, rendered as HTML; a request only marks the chosen one.
"""

from dataclasses import dataclass, field

from flask import current_app, g
from flask_babel import gettext as _

from alumni.common.caching import content_version
from alumni.common.selects import Filter
from alumni.events import presenters, queries
from alumni.events.forms import enum_choices
from alumni.events.models import EventFormat, EventKind
from alumni.i18n import bcp47, country_name, current_language
from alumni.societies import queries as society_queries
from alumni.societies.presenters import Shown, society_name

NAMES = ("kind", "format", "federation", "region", "country", "society", "fiscal_year")
NAMES += ("theme", "when")


@dataclass(frozen=True)
class Hosts:
    """The ids of the societies each federation, region, country or society code stands for:
    the list's host filters become a list of ids (no join to society for every event)."""

    by: dict[str, dict[str, tuple[int, ...]]]
    names: dict[int, Shown]  # each society's name in the reader's language (society_names)
    themes: dict[str, int] = field(default_factory=dict)  # each theme's id by its code

    def ids(self, name: str, code: str) -> tuple[int, ...]:
        return self.by[name].get(code, ())


def filters() -> dict[str, Filter]:
    """The list's filters in the reader's language, for the current content version."""
    return _built()[0]


def hosts() -> Hosts:
    """Which societies each host filter's value stands for, for the current content version."""
    return _built()[1]


def society_names() -> dict[int, Shown]:
    """Each society's name in the reader's language, by id, for the current content version
    (one statement when the filters were not built yet: a society's page lists events). A
    name in another language says which (Shown): a page marks it, text (an export) does not."""
    if (found := _cached("event_filters", peek=True)) is not None:
        return found[1].names
    return _cached("society_names", build=_names)


def _built() -> tuple[dict[str, Filter], Hosts]:
    return _cached("event_filters", build=_build)


def _cached(name: str, build=None, peek: bool = False):
    version = g.get("content_version")
    key = (content_version() if version is None else version, current_language())
    # Per app (its database), not per process: (version, language) alone would be ambiguous.
    built = current_app.extensions.setdefault(name, {})
    found = built.get(key)
    if found is None and not peek:
        if any(old[0] != key[0] for old in built):
            built.clear()  # content changed: the old versions are never asked again
        found = built[key] = build()
    return found


def _names() -> dict[int, Shown]:
    return {s.id: society_name(s) for s in society_queries.all_societies()}


def _hosts(societies, names: dict[int, Shown], themes=()) -> Hosts:
    kinds = ("society", "country", "federation", "region")
    by: dict[str, dict[str, list[int]]] = {}
    for s in societies:
        values = (s.code, s.country_code, s.federation_code, s.region_code)
        for kind, code in zip(kinds, values, strict=True):
            if code:
                by.setdefault(kind, {}).setdefault(code, []).append(s.id)
    by_name = {n: {c: tuple(ids) for c, ids in by.get(n, {}).items()} for n in kinds}
    return Hosts(by_name, names, {t.code: t.id for t in themes})


def _lang(name: Shown) -> str | None:
    return bcp47(name.fallback_language) if name.fallback_language else None


def _build() -> tuple[dict[str, Filter], Hosts]:
    societies = society_queries.all_societies()
    themes = queries.themes()
    names = {s.id: society_name(s) for s in societies}
    countries = sorted(
        # The countries that have a society, as the directory offers them.
        ((c, country_name(c)) for c in {s.country_code for s in societies}),
        key=lambda choice: choice[1],
    )
    choices = {
        "kind": [(c.value, str(c.label)) for c in enum_choices(EventKind)],
        "format": [(c.value, str(c.label)) for c in enum_choices(EventFormat)],
        "federation": [(f.code, f.code) for f in society_queries.federations()],
        "region": [(r.code, str(r.title)) for r in society_queries.regions()],
        "country": countries,
        # A name in another language than the page's is marked with it, as in the list.
        "society": sorted(
            ((s.code, names[s.id].text, _lang(names[s.id])) for s in societies),
            key=lambda c: c[1],
        ),
        "fiscal_year": [(str(y), _("FY%(year)s", year=y)) for y in queries.fiscal_years()],
        "theme": [(t.code, presenters.theme_name(t)) for t in themes],
        "when": [("upcoming", _("Upcoming")), ("past", _("Past"))],
    }
    everything = ("", _("All"))
    found = {name: Filter(name, [everything, *(choices[name])]) for name in NAMES}
    return found, _hosts(societies, names, themes)
