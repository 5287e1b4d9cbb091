"""Pickers that work with a thumb: time zones from the society's country, and countries or
societies typed into a text box with one shared list of suggestions, not a select per row.

The server resolves what was typed (a name in any of the site's languages, or a code) and
refuses anything else at that field, in the user's language.
"""

import re
from zoneinfo import available_timezones

from babel.core import get_global
from babel.dates import get_timezone_location
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import StringField, ValidationError
from wtforms.fields.choices import Choice, SelectChoice

from alumni.common.widgets import CheckboxChoices, Select, _attribute, _flags, _option, html_params
from alumni.config import LANGUAGES
from alumni.i18n import country_name, get_locale


def zone_label(zone: str) -> str:
    """A zone as people name it in the page's language: "hora de Perú", "ペルー時間"."""
    if zone in ("UTC", "Etc/UTC"):
        return "UTC"
    try:
        return get_timezone_location(zone, locale=get_locale())
    except (LookupError, ValueError):
        return zone


def zone_choices(first: str | None, others: list[str], current: str | None) -> list[SelectChoice]:
    """The zones of country FIRST, then those of the OTHERS (countries that have a society),
    then UTC; CURRENT (an old event's zone outside that list) is kept at the top."""
    territory_zones = get_global("territory_zones")
    zones: list[str] = []
    for code in [first, *sorted(set(others) - {first})]:
        for zone in territory_zones.get(code or "", ()):
            if zone not in zones:
                zones.append(zone)
    zones.append("UTC")
    if current and current not in zones:
        zones.insert(0, current)
    return [SelectChoice(zone, zone_label(zone)) for zone in zones]


def default_zone(country_code: str | None) -> str:
    zones = get_global("territory_zones").get(country_code or "", ())
    return zones[0] if zones else "UTC"


def valid_zone(form, field) -> None:
    if field.data not in available_timezones():
        raise ValidationError(_l("Choose a time zone from the list."))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


class Lookup(dict):
    """Typed text → code, knowing its codes (a field shows a code it knows by its name)."""

    @property
    def codes(self) -> frozenset[str]:
        if "_codes" not in self.__dict__:
            self.__dict__["_codes"] = frozenset(self.values())
        return self.__dict__["_codes"]


def country_lookup(codes: list[str]) -> Lookup:
    """Every way to name a country here (its code, its names in each language) → its code."""
    lookup = Lookup()
    for code in codes:
        lookup[_key(code)] = code
        for language in LANGUAGES:
            lookup.setdefault(_key(country_name(code, language)), code)
    return lookup


def country_options(codes: list[str]) -> list[tuple[str, str]]:
    """(name in the page's language, code) for the shared list of suggestions, by name."""
    return sorted(((country_name(code), code) for code in codes), key=lambda pair: pair[0])


CODE_IN_PARENTHESES = re.compile(r"\(([A-Za-z0-9-]{2,40})\)\s*$")


def society_lookup(societies) -> Lookup:
    """A society's code, its names in each language (when only one society has that name)
    and the suggestion shown ("Name (CODE)") → its code."""
    lookup: dict[str, str | None] = {}
    for society in societies:
        for name in set(society.text_map("name").values()):
            key = _key(name)
            lookup[key] = None if lookup.get(key, society.code) != society.code else society.code
    for society in societies:
        lookup[_key(society.code)] = society.code
    return Lookup((key, code) for key, code in lookup.items() if code)


class LookupField(StringField):
    """A text box with suggestions (a <datalist>); DATA becomes the code of what was typed.

    `lookup` (typed text → code) and `shown` (code → text to show) are given per request.
    """

    unknown = _l("Unknown: choose one of the suggestions.")
    suggestions = ""  # the id of the page's <datalist>
    lookup: dict[str, str] = Lookup()
    shown = staticmethod(lambda code: code)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"list": self.suggestions, "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = (valuelist[0] if valuelist else "").strip()

    def pre_validate(self, form):
        if not self.data:
            self.data = ""
            return
        code = self.resolve(self.data)
        if code is None:
            raise ValidationError(self.unknown)
        self.data = code

    def resolve(self, text: str) -> str | None:
        if len(text) > 200:
            return None
        code = self.lookup.get(_key(text))
        if code is None and (found := CODE_IN_PARENTHESES.search(text)):
            code = self.lookup.get(_key(found.group(1)))
        return code

    def _value(self):
        codes = getattr(self.lookup, "codes", None) or self.lookup.values()
        if self.data and self.data in codes:
            return self.shown(self.data)
        return self.data or ""


class CountryField(LookupField):
    unknown = _l("Unknown country or region: choose one of the suggestions.")
    suggestions = "country-names"
    shown = staticmethod(country_name)


class SocietyField(LookupField):
    unknown = _l("Unknown society: choose one of the suggestions.")
    suggestions = "society-names"


class DrawnChoices(list):
    """Choices kept once per content version and language (form_choices.py) whose HTML is
    drawn once too: each option, or checkbox, both unselected and selected. A request only
    picks one of the two for each; the hundreds of options were a fifth of the form's page.
    """

    def __init__(self, choices):
        super().__init__(choices)
        self._drawn: dict[tuple, list[tuple[str, str, str]]] = {}

    def options(self) -> list[tuple[str, str, str]]:
        """(value, <option>, <option selected>) of each choice, as widgets.Select draws it."""
        found = self._drawn.get(())
        if found is None:
            found = self._drawn[()] = [
                (
                    c.value,
                    *(_option(Choice(c.value, c.label, on, c.render_kw)) for on in (False, True)),
                )
                for c in self
            ]
        return found

    def checkboxes(self, field_id: str, name: str) -> list[tuple[str, str, str]]:
        """(value, unchecked, checked) of each choice, as widgets.CheckboxChoices draws it."""
        found = self._drawn.get((field_id, name))
        if found is None:
            found = self._drawn[(field_id, name)] = [
                (c.value, *(_checkbox(c, number, field_id, name, on) for on in ("", "checked ")))
                for number, c in enumerate(self)
            ]
        return found


def _checkbox(choice, number: int, field_id: str, name: str, checked: str) -> str:
    return (
        f'<label class="check"><input {checked}id="{escape(field_id)}-{number}" '
        f'name="{escape(name)}" type="checkbox" value="{_attribute(choice.value)}"> '
        f"<span>{escape(choice.label or choice.value)}</span></label>"
    )


class DrawnSelect(Select):
    """widgets.Select, with the options of DrawnChoices drawn once."""

    def __call__(self, field, **kwargs):
        if not isinstance(field.choices, DrawnChoices) or self.multiple:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        _flags(field, self.validation_attrs, kwargs)
        data, coerce = field.data, field.coerce
        options = "".join(
            on if coerce(value) == data else off for value, off, on in field.choices.options()
        )
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 (drawn escaped)


class DrawnCheckboxes(CheckboxChoices):
    """widgets.CheckboxChoices, with the boxes of DrawnChoices drawn once."""

    def __call__(self, field, **kwargs):
        if not isinstance(field.choices, DrawnChoices):
            return super().__call__(field, **kwargs)
        data, coerce = field.data or (), field.coerce
        rows = field.choices.checkboxes(field.id, field.name)
        return Markup("".join(on if coerce(value) in data else off for value, off, on in rows))  # noqa: S704 (drawn escaped)
