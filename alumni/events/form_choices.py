"""The event and report forms' choices, built once per content version and language.

Societies, countries (named in every language, for what may be typed), themes, series and
time zones change only with content, yet reading and naming them was most of the edit form's
cost. Each worker keeps the choices of the current content version per language, as the
events list keeps its filters (filter_choices.py); a request only leaves out its own society.
"""

from dataclasses import dataclass, field

from wtforms.fields.choices import SelectChoice

from alumni.common.caching import per_version
from alumni.events import presenters, queries
from alumni.events.pickers import (
    DrawnChoices,
    Lookup,
    country_lookup,
    country_options,
    society_lookup,
    zone_choices,
)
from alumni.i18n import country_name, current_language
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name


@dataclass
class FormChoices:
    countries: Lookup  # typed text → country code
    country_options: list[tuple[str, str]]
    society_countries: list[str]
    societies: list[tuple[str, SelectChoice]]  # (code, choice), by label
    society_lookup: Lookup
    suggestions: dict[str, str]  # code → "Name (CODE)"
    society_options: list[str]
    themes: DrawnChoices
    series: list[SelectChoice]
    _zones: dict[str | None, DrawnChoices] = field(default_factory=dict)
    _co_hosts: dict[str, DrawnChoices] = field(default_factory=dict)

    def zones(self, first: str | None) -> DrawnChoices:
        """The zones of country FIRST, then of the others that have a society, then UTC."""
        found = self._zones.get(first)
        if found is None:
            zones = zone_choices(first, self.society_countries, None)
            found = self._zones[first] = DrawnChoices(zones)
        return found

    def co_hosts(self, lead_code: str) -> DrawnChoices:
        """Every society but the lead: kept per lead, as there are at most a few hundred."""
        found = self._co_hosts.get(lead_code)
        if found is None:
            others = [choice for code, choice in self.societies if code != lead_code]
            found = self._co_hosts[lead_code] = DrawnChoices(others)
        return found


def form_choices() -> FormChoices:
    """The forms' choices in the reader's language, for the current content version."""
    return per_version("event_form_choices", (current_language(),), _build)


def _suggestion(society) -> str:
    """How a society is suggested and shown in a speaker's line: "Name (CODE)"."""
    return f"{society_name(society).text} ({society.code})"


def _build() -> FormChoices:
    societies = society_queries.all_societies()
    codes = [c.iso_code for c in society_queries.reference_lists()[0]]
    suggestions = {s.code: _suggestion(s) for s in societies}
    labels = {s.code: f"{society_name(s).text} — {country_name(s.country_code)}" for s in societies}
    choices = sorted(
        ((code, SelectChoice(code, label)) for code, label in labels.items()),
        key=lambda pair: pair[1].label,
    )
    return FormChoices(
        countries=country_lookup(codes),
        country_options=country_options(codes),
        society_countries=[s.country_code for s in societies],
        societies=choices,
        society_lookup=society_lookup(societies),
        suggestions=suggestions,
        society_options=sorted(suggestions.values()),
        themes=DrawnChoices(
            SelectChoice(t.code, presenters.theme_name(t)) for t in queries.themes()
        ),
        series=[SelectChoice(s.code, presenters.series_name(s).text) for s in queries.all_series()],
    )
