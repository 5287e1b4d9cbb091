"""The site's header, drawn once per language and menu instead of on every page.

The header (brand, menu, account links, language switcher) is the same for every visitor who
reads the same language and may see the same menu: rendering it through Jinja on each request
was about a third of a small page's cost (two dozen translations, a dozen url_for calls, nine
permission questions and the language names). It is kept as HTML with two holes, the
visitor's CSRF token and the page's own address (the switcher's "next"), filled per request.
The holes are marked with a random string made at start-up, so no text a user typed (a name in
the account link) can be taken for one.
"""

import secrets
from collections import OrderedDict
from threading import Lock

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from alumni.i18n import current_language, own_language_name, supported_languages

# The menu's entries that only some users see, by the predicate that decides (base.html's).
MENU_RULES = (
    "see_committee_queue",
    "publish_summaries",
    "run_the_fund",
    "manage_users",
    "see_completeness",
    "manage_themes",
    "see_mail_log",
    "view_audit_log",
)
_MARK = secrets.token_hex(16)
TOKEN_HOLE = f"{_MARK}:csrf"
PATH_HOLE = f"{_MARK}:next"
MAX_HEADERS = 256  # languages × kinds of menu × names of logged-in people (≈ 20 KB each)


class _Headers:
    """A least-recently-used store of rendered headers; a worker thread may share it."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._headers: OrderedDict[tuple, str] = OrderedDict()
        self._lock = Lock()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            header = self._headers.get(key)
            if header is not None:
                self._headers.move_to_end(key)
            return header

    def put(self, key: tuple, header: str) -> None:
        with self._lock:
            self._headers[key] = header
            while len(self._headers) > self.max_entries:
                self._headers.popitem(last=False)


def init_app(app) -> None:
    app.extensions["site_headers"] = _Headers(MAX_HEADERS)


def _menu_key(can) -> tuple | None:
    """What of the header depends on who is asking: None for every anonymous visitor."""
    if not current_user.is_authenticated:
        return None
    return (current_user.name, tuple(can(rule) for rule in MENU_RULES))


def site_header(can) -> Markup:
    """The page's header for this visitor, from the store when it was drawn before."""
    language = current_language()
    menu = _menu_key(can)
    key = (language, request.script_root, menu)
    headers = current_app.extensions["site_headers"]
    header = headers.get(key)
    if header is None:
        header = _draw(language, menu)
        headers.put(key, header)
    header = header.replace(PATH_HOLE, str(escape(_current_path())))
    if TOKEN_HOLE in header:
        header = header.replace(TOKEN_HOLE, generate_csrf())
    return Markup(header)  # noqa: S704 (rendered escaped; the holes' fillings escaped above)


def _draw(language: str, menu: tuple | None) -> str:
    template = current_app.jinja_env.get_template("_site_header.html")
    flags = menu[1] if menu else (False,) * len(MENU_RULES)
    return template.render(
        language=language,
        user_name=menu and menu[0],
        menu=dict(zip(MENU_RULES, flags, strict=True)),
        choices=[(code, own_language_name(code)) for code in supported_languages()],
        csrf=TOKEN_HOLE,  # hex digits and a colon: escaping leaves them as they are
        next_path=PATH_HOLE,
    )


def _current_path() -> str:
    return request.full_path.rstrip("?") if request.query_string else request.path
