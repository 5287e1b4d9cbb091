"""Locale selection and locale-aware formatting helpers."""

import json
from functools import lru_cache
from pathlib import Path

from babel import Locale
from flask import current_app, request, session
from flask.globals import _cv_app
from flask_babel import get_locale as babel_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from alumni.common.visitor import logged_in

SESSION_KEY = "lang"
# Set by a choice made before logging in (on the login page): the login saves it as the
# account's language, which otherwise wins over this browser's (select_locale).
CHOSEN_BEFORE_LOGIN = "lang_chosen"


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def is_supported(code: str | None) -> bool:
    """True when CODE is one of our languages; raw input never reaches Locale.parse."""
    return code in supported_languages()


def select_locale() -> str:
    """The user's saved language → this browser's choice (session) → Accept-Language → default."""
    from flask import has_request_context
    from flask_login import current_user

    if not has_request_context():  # a CLI command, a worker thread: no visitor to ask
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if logged_in() and is_supported(current_user.language):
        return current_user.language
    chosen = session.get(SESSION_KEY)
    if is_supported(chosen):
        return chosen
    return from_accept_language() or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_page_locale() -> Locale:
    """select_locale's choice as the Locale Flask-Babel keeps for the request (its selector):
    one Locale object per language for the app's life, where Flask-Babel would parse the code
    anew on every request (most of selecting it). Babel's Locale is not changed by its users."""
    return _parsed(select_locale())


@lru_cache(maxsize=64)  # only configured codes reach it
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


# Browsers send regional tags (pt-PT, zh-CN, fr-CA); werkzeug's best_match pairs only an exact
# tag or a bare language with ours, so "pt-PT" and "zh-CN" would fall to the default. Each tag
# is matched on its subtags here, as plain strings: no header value reaches Locale.parse.
_TRADITIONAL_CHINESE_REGIONS = {"tw", "hk", "mo"}


def match_language_tag(tag: str, languages: tuple[str, ...] | None = None) -> str | None:
    """The code of LANGUAGES (default: the supported ones) a browser's language TAG asks for
    ("zh-CN" → "zh_Hans"), if any."""
    languages = supported_languages() if languages is None else languages
    return _match_tag(tag.strip().lower().replace("_", "-"), languages)


# Every anonymous request asks this of its Accept-Language; browsers send few distinct tags.
@lru_cache(maxsize=512)
def _match_tag(tag: str, languages: tuple[str, ...]) -> str | None:
    subtags = tag.split("-")
    by_tag = {code.lower().replace("_", "-"): code for code in languages}
    if tag in by_tag:
        return by_tag[tag]
    if subtags[0] == "zh" and (
        "hant" in subtags[1:]
        or ("hans" not in subtags and _TRADITIONAL_CHINESE_REGIONS & {*subtags})
    ):
        return None  # Traditional Chinese readers are not served Simplified characters
    by_language = {}
    for code in languages:
        by_language.setdefault(code.split("_")[0].lower(), code)
    return by_language.get(subtags[0])


def from_accept_language() -> str | None:
    """The best of our languages for this request's Accept-Language, or None."""
    header = request.headers.get("Accept-Language")
    best = _best_of if header is None or len(header) <= 256 else _best_of.__wrapped__
    return best(header, supported_languages())  # a long header is not kept


# Every anonymous page asks this twice (its cache key, its locale); browsers send few distinct
# headers, and the answer depends on nothing else, so parsing one is done once.
@lru_cache(maxsize=512)
def _best_of(header: str | None, languages: tuple[str, ...]) -> str | None:
    ranked = sorted(parse_accept_header(header, LanguageAccept), key=lambda pair: -pair[1])
    for tag, quality in ranked:
        if quality > 0 and tag != "*":
            match = match_language_tag(tag, languages)
            if match:
                return match
    return None


def get_locale() -> Locale | None:
    """Flask-Babel's get_locale(), the same Locale, read straight from where Flask-Babel keeps
    it once selected: its own lookups (three context-local proxies) cost more than most of
    what a page asks it for (a date, a number, a country's name, about twenty times a page).
    force_locale and refresh change what is read here too."""
    context = _cv_app.get(None)
    kept = context and getattr(context.g, "_flask_babel", None)
    locale = kept and getattr(kept, "babel_locale", None)
    return babel_locale() if locale is None else locale


class PerLocale:
    """Values worked out once per Locale object: a request makes one Locale, and force_locale
    (mail in the recipient's language) another, which is seen. Keyed by identity, since a
    Locale's hash formats its identifier; holding the locale keeps its id from being reused.
    Swept when many are held."""

    MOST = 64

    def __init__(self):
        self._known: dict[int, tuple] = {}

    def get(self, locale, compute):
        known = self._known.get(id(locale))
        if known is not None and known[0] is locale:
            return known[1]
        value = compute(locale)
        if len(self._known) > self.MOST:
            self._known.clear()
        self._known[id(locale)] = (locale, value)
        return value


def current_language() -> str:
    """The configured code of the page's language ("pt_BR", "zh_Hans"): content is keyed by it."""
    # A page asks this about ten times; a Locale's identifier is formatted anew each time.
    return _languages.get(get_locale(), _language_of)


def _language_of(locale) -> str:
    code = str(locale)
    return code if code in supported_languages() else str(locale.language)


_languages = PerLocale()


def bcp47(code: str) -> str:
    """A configured code as the web writes it (lang, hreflang, Content-Language): "pt-BR"."""
    return code.replace("_", "-")


# Each configured language's country names, as Babel writes them (written by
# scripts/territory_names.py, checked against Babel by tests/test_i18n.py): a form that reads
# a country typed in any language would otherwise load every language's locale data, 7.5 MB a
# worker; the page's own language is read from its locale, loaded for the page anyway.
TERRITORIES_FILE = Path(__file__).with_name("i18n_territories.json")


@lru_cache(maxsize=1)
def _territories() -> dict[str, dict[str, str]]:
    return json.loads(TERRITORIES_FILE.read_text(encoding="utf-8"))


def country_name(iso_code: str, language: str | None = None) -> str:
    """A country's name in LANGUAGE (default: the page's), from Babel's locale data."""
    if not language:
        return get_locale().territories.get(iso_code, iso_code)
    names = _territories().get(language)
    if names is None:
        names = Locale.parse(language).territories
    return names.get(iso_code, iso_code)


# Each configured language's name in itself, as Babel writes it (tests/test_i18n.py checks
# the table against Babel, and prints it anew when they differ): asking Babel for them loads
# every language's locale data, 7.5 MB a worker holds whatever languages its pages are in.
OWN_NAMES = {
    "ja": "日本語",
    "en": "English",
    "es": "español",
    "pt_BR": "português (Brasil)",
    "fr": "français",
    "th": "ไทย",
    "id": "Indonesia",
    "vi": "Tiếng Việt",
    "zh_Hans": "中文 (简体)",
}


def own_language_name(code: str) -> str:
    """A language's name in itself ("日本語", "Español"), for the switcher."""
    name = OWN_NAMES.get(code) or Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def language_name(code: str) -> str:
    """The name of language CODE in the page's language, from Babel's locale data."""
    return Locale.parse(code).get_display_name(get_locale()) or code


def pick_translation(
    texts: dict[str, str], original: str | None, lang: str | None = None
) -> tuple[str, str | None]:
    """Return (text, language it is in) for the page's language, falling back to the original.

    The language is returned only when it differs from the page's, so the page can say so.
    LANG, when given, is the page's language (an export of thousands of rows asks it once).
    """
    lang = lang or current_language()
    if texts.get(lang):
        return texts[lang], None
    for fallback in (original, "en", *sorted(texts)):
        if fallback and texts.get(fallback):
            return texts[fallback], fallback
    return "", None
