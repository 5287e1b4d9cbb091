"""The events list's filters: their choices built once per content version and language.

Societies with their names, countries, federations, regions, fiscal years and themes change
only with content, yet reading and sorting them and rendering ~200 options through WTForms
was most of the list page. Each worker keeps the options of the current content version per
language, rendered as HTML; a request only marks the chosen one.
"""

from dataclasses import dataclass

from flask import current_app, g
from flask_babel import gettext as _
from markupsafe import Markup

from alumni.common.caching import content_version
from alumni.events import presenters, queries
from alumni.events.forms import enum_choices
from alumni.events.models import EventFormat, EventKind
from alumni.i18n import country_name, current_language
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name

NAMES = ("kind", "format", "federation", "region", "country", "society", "fiscal_year")
NAMES += ("theme", "when")


@dataclass(frozen=True)
class Hosts:
    """The ids of the societies each federation, region, country or society code stands for:
    the list's host filters become a list of ids (no join to society for every event)."""

    by: dict[str, dict[str, tuple[int, ...]]]

    def ids(self, name: str, code: str) -> tuple[int, ...]:
        return self.by[name].get(code, ())


@dataclass
class Filter:
    name: str
    choices: list[tuple[str, str]]  # (value, label), "" (all) first

    def __post_init__(self):
        self.values = {value for value, _label in self.choices}
        self._options = [
            (value, Markup('<option value="%s">%s</option>') % (value, label))
            for value, label in self.choices
        ]

    def chosen(self, value: str | None) -> str | None:
        """VALUE when it is one of the choices (not "all"), else None."""
        return value if value and value in self.values else None

    def html(self, value: str | None) -> Markup:
        """The select, VALUE chosen (else "all"), as WTForms writes it."""
        value = self.chosen(value) or ""
        options = (
            Markup('<option selected value="%s">%s</option>') % (v, label) if v == value else option
            for (v, label), (_v, option) in zip(self.choices, self._options, strict=True)
        )
        return (
            Markup('<select id="%s" name="%s">') % (self.name, self.name)
            + Markup("").join(options)
            + Markup("</select>")
        )


def filters() -> dict[str, Filter]:
    """The list's filters in the reader's language, for the current content version."""
    return _built()[0]


def hosts() -> Hosts:
    """Which societies each host filter's value stands for, for the current content version."""
    return _built()[1]


def _built() -> tuple[dict[str, Filter], Hosts]:
    version = g.get("content_version")
    key = (content_version() if version is None else version, current_language())
    # Per app (its database), not per process: (version, language) alone would be ambiguous.
    built = current_app.extensions.setdefault("event_filters", {})
    found = built.get(key)
    if found is None:
        if any(old[0] != key[0] for old in built):
            built.clear()  # content changed: the old versions are never asked again
        found = built[key] = _build()
    return found


def _hosts(societies) -> Hosts:
    by: dict[str, dict[str, list[int]]] = {}
    for s in societies:
        values = (s.code, s.country_code, s.federation_code, s.region_code)
        for name, code in zip(("society", "country", "federation", "region"), values, strict=True):
            if code:
                by.setdefault(name, {}).setdefault(code, []).append(s.id)
    names = ("society", "country", "federation", "region")
    return Hosts({n: {c: tuple(ids) for c, ids in by.get(n, {}).items()} for n in names})


def _build() -> tuple[dict[str, Filter], Hosts]:
    societies = society_queries.all_societies()
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
        "society": sorted(
            ((s.code, society_name(s).text) for s in societies), key=lambda choice: choice[1]
        ),
        "fiscal_year": [(str(y), _("FY%(year)s", year=y)) for y in queries.fiscal_years()],
        "theme": [(t.code, presenters.theme_name(t)) for t in queries.themes()],
        "when": [("upcoming", _("Upcoming")), ("past", _("Past"))],
    }
    everything = ("", _("All"))
    found = {name: Filter(name, [everything, *(choices[name])]) for name in NAMES}
    return found, _hosts(societies)
