"""Functions and filters every template may use."""

from datetime import date
from functools import lru_cache

from babel import dates, numbers
from flask import Flask
from flask_babel import format_currency, format_date, format_datetime, format_decimal

from alumni.common import layout, template_gettext
from alumni.common.once import new_key
from alumni.common.time import today
from alumni.common.urls import external_url
from alumni.common.visitor import visitor
from alumni.i18n import (
    bcp47,
    country_name,
    current_language,
    get_locale,
    language_name,
    pick_translation,
)


# A list shows the same few dates and numbers again and again, and Babel parses its pattern and
# looks up the locale's names on every call: the text for (value, format, locale) never
# changes, so it is kept (dates and whole numbers only; a datetime depends on the time zone).
@lru_cache(maxsize=16384)
def _date_text(day: date, format: str, locale) -> str:
    return dates.format_date(day, format, locale=locale)


@lru_cache(maxsize=16384)
def _number_text(number: int, locale) -> str:
    return numbers.format_decimal(number, locale=locale)


def _date(value=None, format=None, rebase=True) -> str:
    """Flask-Babel's format_date, the same text, from the cache for a plain date."""
    if type(value) is date and format in (None, "short", "medium", "long", "full"):
        return _date_text(value, format or "medium", get_locale())
    return format_date(value, format, rebase)


def _number(value, format=None) -> str:
    """Flask-Babel's format_decimal, the same text, from the cache for a whole number."""
    if type(value) is int and format is None:
        return _number_text(value, get_locale())
    return format_decimal(value, format)


@lru_cache(maxsize=16384)
def _yen_text(amount: int, locale) -> str:
    return numbers.format_currency(amount, "JPY", locale=locale)


def _yen(amount) -> str:
    """Integer yen in the reader's locale (yen has no minor unit); a ledger repeats amounts."""
    if amount is None:
        return ""
    if type(amount) is int:
        return _yen_text(amount, get_locale())
    return format_currency(amount, "JPY")


# The auth package registers its predicates (common sits below it and cannot import them).
_predicates: dict = {}


def register_predicates(predicates: dict) -> None:
    _predicates.update(predicates)


def _can(rule: str, target=None) -> bool:
    """Templates ask the same predicates as the views: {% if can('edit_society_profile', s) %}."""
    predicate = _predicates[f"can_{rule}"]
    return predicate(visitor(), target) if target is not None else predicate(visitor())


def _site_header():
    return layout.site_header(_can)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        country_name=country_name,
        pick_translation=pick_translation,
        language_name=language_name,
        current_language=current_language,
        site_header=_site_header,
        can=_can,
        external_url=external_url,
        today=today,
        new_form_key=new_key,
    )
    app.jinja_env.filters.update(
        number=_number,
        date=_date,
        datetime=format_datetime,
        yen=_yen,
        bcp47=bcp47,
    )
    template_gettext.install(app.jinja_env)
    layout.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
