"""Conditional responses and a page cache for public pages, both keyed on a content version.

Any commit that changed content bumps one counter, in a short transaction of its own right
after the commit (inside the commit it would add a second row every writer must lock, and two
writers locking it and the fund row in opposite orders could deadlock). An anonymous GET of a
public page whose ETag matches is answered 304 before the view runs: one primary-key read.
Otherwise the page may come from the worker's page cache (page_cache.py), at the same cost.
"""

import hashlib
from collections import OrderedDict

from flask import Flask, current_app, g, has_request_context, make_response, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from alumni.common import build, compression, driver_reads, once
from alumni.common.models import SiteState
from alumni.common.page_cache import PageCache, RedisPageCache, page_from
from alumni.common.rules import rule_of
from alumni.common.time import today
from alumni.common.visitor import logged_in
from alumni.config import PROJECT_ROOT
from alumni.extensions import db
from alumni.i18n import current_language, select_locale

_VERSION = select(SiteState.content_version).where(SiteState.id == 1)
_VERSION_SQL = "SELECT content_version FROM site_state WHERE id = 1"  # as _VERSION
# A public page may be kept by the browser only, and asked about again before each use.
PAGE_CACHE_CONTROL = "private, no-cache"


def content_version() -> int:
    """The content version, read once per request (and only by the requests that ask)."""
    if has_request_context() and "content_version" in g:
        return g.content_version
    # On a pooled connection of its own: the ORM session's statement and its begin/teardown
    # were most of a 304's cost. Read before the page's own data, the version is never newer
    # than what the page shows, so no cached page can be stale.
    version = _read_version(db.engine)
    if has_request_context():
        g.content_version = version
    return version


def _read_version(engine) -> int:
    # Straight on the driver's connection (a fifth of Core's statement), unless someone
    # listens to the engine's statements (the query counter, a tracer, echo): Core tells them.
    # In autocommit where the driver has it (psycopg): the one statement is its own
    # transaction, so no BEGIN before it and no ROLLBACK when the pool takes the connection
    # back; it still sees every commit that finished before it began. Nor is it pinged first
    # (extensions.py): a dropped connection fails the read, is thrown away, and Core reads
    # again on a pinged one, which raises what the error pages know (a busy database is a 503)
    # if the database itself is gone.
    if not (engine.dispatch.before_cursor_execute or engine.echo):
        version = _read_on_driver(engine)
        if version is not None:
            return version
    with engine.connect() as connection:
        return connection.execute(_VERSION).scalar() or 0


def _read_on_driver(engine) -> int | None:
    """The version read on a pooled driver connection, or None when the driver failed."""
    fetched = driver_reads.fetch(engine, _VERSION_SQL)
    if fetched is None:
        return None
    _description, rows = fetched
    return (rows and rows[0][0]) or 0


def per_version(name: str, key: tuple, build, most: int = 1024):
    """BUILD()'s result for KEY under the current content version, kept in this app's memory
    until the content changes (at most MOST keys of NAME, the oldest dropped first): for what
    only content (and the KEY: a language, a day) decides, never for anything per visitor."""
    version = content_version()
    kept = current_app.extensions.setdefault(f"per_version:{name}", {})
    if kept.get("version") != version:
        kept.clear()
        kept["version"] = version
    values = kept.setdefault("values", {})
    if key not in values:
        if len(values) >= most:
            del values[next(iter(values))]
        values[key] = build()
    return values[key]


class Bounded:
    """Values (bytes or str) by key, at most MOST_BYTES of them counted with what Python
    spends on each entry, the least recently asked dropped first: for entries many and small
    (an event's export line, its VEVENT), where a count of entries would bound nothing."""

    ENTRY_BYTES = 200  # the key, the value's object, the ordered dict's links (measured)

    def __init__(self, most_bytes: int):
        self.most_bytes = most_bytes
        self.size = 0
        self._values: OrderedDict = OrderedDict()

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key):
        """KEY's value (now the newest kept), or None."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        old = self._values.pop(key, None)
        if old is not None:
            self.size -= len(old) + self.ENTRY_BYTES
        self._values[key] = value
        self.size += len(value) + self.ENTRY_BYTES
        while self.size > self.most_bytes and self._values:
            _key, dropped = self._values.popitem(last=False)
            self.size -= len(dropped) + self.ENTRY_BYTES


def for_visitors(name: str, key: tuple, build, most: int = 256, standing=None):
    """BUILD()'s result kept as per_version keeps it, under KEY with the page's language and
    the day added, for a visitor who is not logged in (KEY names all else it depends on: the
    same for every such visitor); built anew for a logged-in one, whose page carries their
    own buttons, unless STANDING() says all of the logged-in visitor the page depends on (a
    tuple: whether they are staff, an officer of the page's society): then kept under it too,
    as shared by everyone of that standing."""
    if not logged_in():
        return per_version(name, (*key, current_language(), today()), build, most)
    if standing is None:
        return build()
    return per_version(name, (*key, current_language(), today(), standing()), build, most)


def per_version_store(name: str, most_bytes: int) -> Bounded:
    """This app's store NAME for the current content version (caching.Bounded, MOST_BYTES):
    emptied when the content changes. Its keys say what else decides a value (a language)."""
    version = content_version()
    kept = current_app.extensions.get(f"per_version_store:{name}")
    if kept is None or kept[0] != version:
        kept = current_app.extensions[f"per_version_store:{name}"] = (version, Bounded(most_bytes))
    return kept[1]


def bump(connection) -> None:
    connection.execute(
        update(SiteState)
        .where(SiteState.id == 1)
        .values(content_version=SiteState.content_version + 1)
    )


@event.listens_for(Session, "before_flush")
def _note_content_change(session, flush_context, instances):
    changed = [*session.new, *session.deleted, *filter(_shown_change, session.dirty)]
    if any(getattr(obj, "shown_on_public_pages", True) for obj in changed):
        session.info["content_changed"] = True


def _shown_change(obj) -> bool:
    """Whether OBJ changed in a column some page may show: a model lists in
    `not_shown_on_pages` the columns none does (a user's last login, password hash), so
    that logging in does not empty every worker's cached pages and parts."""
    hidden = getattr(obj, "not_shown_on_pages", ())
    if not hidden:
        return True
    changed = {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}
    return not changed <= hidden


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session):
    if session.in_nested_transaction():
        return  # a savepoint released (SQLAlchemy calls this hook then too): not committed yet
    if session.info.pop("content_changed", False):
        with session.get_bind().begin() as connection:
            bump(connection)


def _cacheable() -> bool:
    # The cheap questions first: a health check or a post costs no user or session lookup.
    if request.method not in ("GET", "HEAD") or request.endpoint in (None, "static"):
        return False
    view = current_app.view_functions.get(request.endpoint)
    return (
        rule_of(view) == "public"
        and not getattr(view, "not_a_page", False)
        and "_flashes" not in session
        and not logged_in()
    )


def _etag() -> str:
    # The page carries this visitor's CSRF token (the language switcher): it is in the key.
    key = "|".join([*map(str, g.page_key), str(g.content_version), session.get("csrf_token", "")])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _answer_if_unchanged():
    if not _cacheable():
        return None
    content_version()
    g.page_key = _page_key()
    # The copy the browser holds may be the compressed one, whose tag is the page's with
    # the encoding added (compression.py): it is just as current.
    held = _held(compression.etags_of(_etag()), request.headers.get("If-None-Match"))
    if held:
        # Built directly: make_response's guessing of what a view returned was an eighth
        # of a 304. It names the Cache-Control of the page it stands for, as RFC 9110
        # (15.4.5) asks, or a cache would keep guessing from the 200 it stored.
        response = current_app.response_class(status=304)
        response.set_etag(held)
        response.headers["Cache-Control"] = PAGE_CACHE_CONTROL
        return response
    return _from_page_cache()


def _held(tags: list[str], header: str | None) -> str | None:
    """The first of TAGS that the If-None-Match HEADER names ("*" names any), compared weakly
    as RFC 9110 (13.1.2) asks of If-None-Match: W/"x" names "x", as werkzeug's
    `if_none_match.contains_weak` answers, without its parser: ours are hexadecimal (and
    ":br"), so a tag in the list is one of its comma-separated items."""
    if not header:
        return None
    given = {item.strip().removeprefix("W/") for item in header.split(",")}
    if "*" in given:
        return tags[0]
    return next((tag for tag in tags if f'"{tag}"' in given), None)


def _page_key() -> tuple:
    # Today is in the key: what is "upcoming" or "past" changes at midnight, not on a commit.
    # The release too (common/build.py): a deploy changes the pages, not the content version.
    release = current_app.extensions["build_id"]
    return (release, today().isoformat(), select_locale(), request.host, request.full_path)


def _from_page_cache():
    pages = current_app.extensions.get("page_cache")
    page = pages and request.method == "GET" and pages.get(g.content_version, g.page_key)
    if not page:
        return None
    g.served_from_cache = True
    response = make_response(
        page.with_token(generate_csrf, once.new_key), page.status, list(page.headers)
    )
    response.headers["X-Cache"] = "hit"
    return response


def _keep_in_page_cache(response) -> None:
    pages = current_app.extensions.get("page_cache")
    if (
        pages
        and request.method == "GET"
        and response.status_code == 200
        and response.is_sequence  # not a stream or a file
        and not getattr(response, "packed", False)  # a body only some clients can read
        and not g.get("served_from_cache")
        and "_flashes" not in session
    ):
        pages.put(g.content_version, g.page_key, page_from(response, g.get("csrf_token")))


def _tag(response):
    if "page_key" not in g:
        return response
    _keep_in_page_cache(response)
    if response.status_code == 200:
        # Computed now: a first visit's page started the session whose token is in the key.
        response.set_etag(_etag())
        response.headers["Cache-Control"] = PAGE_CACHE_CONTROL
    return response


def _page_store(config):
    """Shared through Redis when REDIS_URL is set, else in this worker's memory."""
    max_bytes = config["PAGE_CACHE_MB"] * 1024 * 1024
    if config.get("REDIS_URL"):
        return RedisPageCache(config["REDIS_URL"], max_bytes, config["PAGE_CACHE_TTL"])
    return PageCache(max_bytes)


def init_app(app: Flask) -> None:
    app.extensions["build_id"] = app.config.get("BUILD_ID") or build.digest(PROJECT_ROOT)
    if app.config["PAGE_CACHE_MB"] > 0:
        app.extensions["page_cache"] = _page_store(app.config)
    app.before_request(_answer_if_unchanged)
    app.after_request(_tag)
