"""Templates' gettext, without Flask-Babel's lookups on every string.

Flask-Babel's template callables find the translations anew for each string: the request's
Babel namespace on `g` (several context-local lookups), the locale, its identifier as text and
the domain's cache, about 40 µs a string, and a page asks for 25 to 150 strings. The
translations for a locale never change while the site runs, so they are kept per Locale object
(force_locale, used for mail in the recipient's language, sets a new one, which is seen). The
first string of a request still goes through Flask-Babel, which selects the locale.
"""

from flask_babel import get_translations

from alumni.i18n import PerLocale, get_locale

_by_locale = PerLocale()


def _translations():
    locale = get_locale()
    if locale is None:  # no app context
        return get_translations()
    return _by_locale.get(locale, lambda _locale: get_translations())


def install(env) -> None:
    """Replace Flask-Babel's callables (installed by babel.init_app) with the kept ones."""
    env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
