"""Functions and filters every template may use."""

from flask import Flask, request
from flask_babel import format_date, format_decimal

from alumni.i18n import country_name, current_language, own_language_name, supported_languages


def _language_choices():
    return [(code, own_language_name(code)) for code in supported_languages()]


def _current_path() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        country_name=country_name,
        current_language=current_language,
        language_choices=_language_choices,
        current_path=_current_path,
    )
    app.jinja_env.filters.update(number=format_decimal, date=format_date)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
