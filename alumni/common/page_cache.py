"""Rendered public pages kept in each worker's memory (or shared through Redis), so a reader's
page costs one lookup.

A page is stored under (content version, language, host, path with query): any commit that
changes content bumps the version, so no entry can outlive the data it shows. Only pages an
anonymous visitor gets are kept (see caching._cacheable), and the per-visitor things they
carry, the CSRF token of the language switcher and the one-time key of each form, are cut out
on storing and put back, new, on serving.
"""

import hashlib
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock

logger = logging.getLogger("alumni.page_cache")
TOKEN_MARK = b"\x00csrf-token\x00"  # cannot occur in a page: NUL is refused in all input
FORM_KEY_MARK = b"\x00form-key\x00"
# A form's one-time key (common.once). Served to every visitor, one copy would make each
# visitor's reset request a repeat of the first one's, and so ignored (auth.services).
FORM_KEY_VALUE = re.compile(rb'(name="(?:[\w-]+-)?form_key"[^>]*? value=")[\w-]+(?=")')
# Set per request on serving; Content-Length follows the body we send.
SKIPPED_HEADERS = {"set-cookie", "content-length", "x-request-id", "etag", "date"}


@dataclass(frozen=True)
class Page:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def with_token(self, new_token: Callable[[], str], new_key: Callable[[], str]) -> bytes:
        """The body for this visitor; NEW_TOKEN is only called (it starts a session) when the
        page has a form, NEW_KEY once for each form key."""
        return filled(self.body, new_token, new_key)


def filled(body: bytes, new_token: Callable[[], str], new_key: Callable[[], str]) -> bytes:
    """BODY, drawn with TOKEN_MARK for the CSRF token and FORM_KEY_MARK for each form key,
    as this request sends it: NEW_TOKEN called once, when there is a form; NEW_KEY once for
    each form key. For cached pages, and for parts of pages drawn once (fund.presenters)."""
    if TOKEN_MARK in body:
        body = body.replace(TOKEN_MARK, new_token().encode())
    first, *rest = body.split(FORM_KEY_MARK)
    return first + b"".join(new_key().encode() + part for part in rest)


class PageCache:
    """A least-recently-used store bounded by the bytes of the pages it holds."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._size = 0
        self._version = None
        self._lock = Lock()  # gunicorn's threaded workers would share one cache

    def get(self, version: int, key: tuple) -> Page | None:
        with self._lock:
            self._forget_older_than(version)
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, version: int, key: tuple, page: Page) -> None:
        if len(page.body) > self.max_bytes // 8:
            return  # one huge export must not push every page out
        with self._lock:
            self._forget_older_than(version)
            if self._version != version:
                return  # content changed while this page was being rendered
            old = self._pages.pop(key, None)
            self._size -= len(old.body) if old else 0
            self._pages[key] = page
            self._size += len(page.body)
            while self._size > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._size -= len(dropped.body)

    def _forget_older_than(self, version: int) -> None:
        if self._version is None or version > self._version:
            self._pages.clear()
            self._size = 0
            self._version = version


def page_from(response, token: str | None) -> Page:
    body = response.get_data()
    if token:
        body = FORM_KEY_VALUE.sub(rb"\1" + FORM_KEY_MARK, body.replace(token.encode(), TOKEN_MARK))
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in SKIPPED_HEADERS
    )
    return Page(response.status_code, headers, body)


class RedisPageCache:
    """The same pages shared by every process through Redis (REDIS_URL), so a page one
    machine rendered is served by all. The content version is in every key: a commit that
    changes content leaves the old entries unreachable, and their TTL removes them. A Redis
    that fails or is slow costs a rendering, never an error page; it is logged once per outage.
    """

    PREFIX = "alumni:page:"
    RETRY_AFTER = 5  # seconds without asking a Redis that just failed

    def __init__(self, url: str, max_bytes: int, ttl: int):
        import redis  # only the deployments that share a cache need it loaded

        self.max_page_bytes = max_bytes // 8
        self.ttl = ttl
        self._errors = (redis.RedisError, OSError)
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._failing = False
        self._retry_at = 0.0

    def get(self, version: int, key: tuple) -> Page | None:
        if self._resting():
            return None
        try:
            raw = self._redis.get(self._key(version, key))
        except self._errors as error:
            return self._failed(error)
        self._failing = False
        return _load(raw) if raw else None

    def put(self, version: int, key: tuple, page: Page) -> None:
        raw = _dump(page)
        if len(raw) > self.max_page_bytes or self._resting():
            return
        try:
            self._redis.set(self._key(version, key), raw, ex=self.ttl)
        except self._errors as error:
            self._failed(error)

    def _key(self, version: int, key: tuple) -> str:
        digest = hashlib.sha256("\x00".join(map(str, key)).encode()).hexdigest()
        return f"{self.PREFIX}{version}:{digest}"

    def _resting(self) -> bool:
        return self._failing and time.monotonic() < self._retry_at

    def _failed(self, error: Exception) -> None:
        if not self._failing:
            logger.warning("page cache: Redis unavailable, rendering instead: %s", error)
        self._failing = True
        self._retry_at = time.monotonic() + self.RETRY_AFTER


def _dump(page: Page) -> bytes:
    # JSON escapes every line break: the first line holds status and headers, the rest the body.
    return json.dumps([page.status, page.headers]).encode() + b"\n" + page.body


def _load(raw: bytes) -> Page:
    head, _, body = raw.partition(b"\n")
    status, headers = json.loads(head)
    return Page(status, tuple((name, value) for name, value in headers), body)
