"""The directory's list and filters, built once per content version and language.

The network has a few hundred societies at most, and they change only with content: each
worker keeps them per language with each one's list item rendered, and the filters' selects
written once (common/selects.py). A request filters and groups them in memory; only a search
(names in any language, city, code, country name) asks the database which societies match.
"""

from dataclasses import dataclass

from flask import get_template_attribute
from flask_babel import gettext as _
from markupsafe import Markup

from alumni.common.caching import per_version
from alumni.common.selects import Filter
from alumni.i18n import country_name, current_language
from alumni.societies import queries
from alumni.societies.forms import DirectoryFilterForm
from alumni.societies.models import RecordStatus, SocietyStatus

FILTERS = ("federation", "region", "country", "status")


@dataclass(frozen=True)
class Listed:
    """A society as the directory lists it: what its filters and groups look at, and its item."""

    id: int
    country: str
    federation: str | None
    region: str
    status: str
    item: Markup
    by_federation: tuple  # (the federation's position, its code): the groups' order
    by_region: tuple


@dataclass(frozen=True)
class Directory:
    societies: list[Listed]  # by country, named ones before placeholders, then code
    selects: dict[str, Filter]  # FILTERS and "group"
    labels: dict[str, Markup]
    headings: dict[str, dict]  # group name -> {its code: the group's heading}
    empty_search: Markup  # the search box as WTForms writes it with nothing typed


def directory() -> Directory:
    """The directory in the reader's language, for the current content version."""
    return per_version("society_directory", (current_language(),), _build, most=16)


def _build() -> Directory:
    societies = queries.all_societies()
    federations, regions = queries.federations(), queries.regions()
    item = get_template_attribute("macros/societies.html", "society_item")
    link = get_template_attribute("macros/societies.html", "federation_link")
    fed_position = {f.code: f.position for f in federations}
    reg_position = {r.code: r.position for r in regions}
    placeholder = RecordStatus.PLACEHOLDER
    ordered = sorted(
        societies, key=lambda s: (s.country_code, s.record_status == placeholder, s.code)
    )
    listed = [
        Listed(
            s.id,
            s.country_code,
            s.federation_code,
            s.region_code,
            s.status.value,
            item(s),
            (fed_position.get(s.federation_code, 99), s.federation_code or ""),
            (reg_position[s.region_code], s.region_code),
        )
        for s in ordered
    ]
    countries = sorted(
        ((c, country_name(c)) for c in {s.country_code for s in societies}),
        key=lambda pair: pair[1],
    )
    every = ("", _("All"))
    choices = {
        "federation": [(f.code, f"{f.code} — {f.area}") for f in federations],
        "region": [(r.code, str(r.title)) for r in regions],
        "country": countries,
        "status": [(s.value, str(s.title)) for s in SocietyStatus],
    }
    selects = {name: Filter(name, [every, *choices[name]]) for name in FILTERS}
    selects["group"] = Filter("group", [("federation", _("Federation")), ("region", _("Region"))])
    titles = {
        "federation": _("Federation"),
        "region": _("Region"),
        "country": _("Country/region"),
        "status": _("Status"),
        "group": _("Group by"),
    }
    labels = {n: Markup('<label for="%s">%s</label>') % (n, t) for n, t in titles.items()}
    headings = {
        "federation": {f.code: link(f) for f in federations} | {None: link(None)},
        "region": {r.code: Markup.escape(r.title) for r in regions},
    }
    empty_search = DirectoryFilterForm(formdata=None).q()
    return Directory(listed, selects, labels, headings, empty_search)


def filter_fields(found: Directory, form, args) -> list[tuple]:
    """(label, HTML, errors) of the filter's fields: the search box, then the prebuilt selects,
    as WTForms wrote them (an option is marked only when the address ARGS names it). The
    box is written once too while nothing is typed in it: WTForms' attributes cost as much
    as the rest of the page's list."""
    box = form.q() if form.q.data or form.q.errors else found.empty_search
    fields = [(form.q.label, box, form.q.errors)]
    fields += [
        (found.labels[name], select.html(args.get(name), None), ())
        for name, select in found.selects.items()
    ]
    return fields


def matching(found: Directory, chosen: dict[str, str | None], q: str, language: str) -> list:
    """The societies of FOUND the CHOSEN filters (and the search Q) leave, in their order."""
    kept = found.societies
    for name in FILTERS:
        if value := chosen.get(name):
            kept = [s for s in kept if getattr(s, name) == value]
    if q:
        ids = queries.matching_ids(q, language)
        kept = [s for s in kept if s.id in ids]
    return kept


def grouped(found: Directory, societies: list[Listed], group_by: str) -> list:
    """[(heading, [societies])] in the federation's or region's own order."""
    key = "by_region" if group_by == "region" else "by_federation"
    groups: dict[tuple, list[Listed]] = {}
    for society in sorted(societies, key=lambda s: getattr(s, key)):
        groups.setdefault(getattr(society, key), []).append(society)
    headings = found.headings[group_by]
    return [(headings[code or None], members) for (_position, code), members in groups.items()]
