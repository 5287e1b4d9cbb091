"""Reference data built once per content version and language, kept by each worker.

Societies and their names, countries, themes: they change only with content, yet reading and
naming them per request was much of the logged-in forms' cost. A commit that changes content
bumps the content version (caching.py), so nothing kept here can be stale.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import current_app, g

from alumni.common.caching import content_version
from alumni.i18n import current_language

T = TypeVar("T")


def built_once(name: str, build: Callable[[], T]) -> T:
    """BUILD()'s answer for this content version and the reader's language (built once)."""
    version = g.get("content_version")
    key = (content_version() if version is None else version, current_language())
    # Per app (its database), not per process: (version, language) alone would be ambiguous.
    built = current_app.extensions.setdefault(f"built_once:{name}", {})
    found = built.get(key)
    if found is None:
        if any(old[0] != key[0] for old in built):
            built.clear()  # content changed: the old versions are never asked again
        found = built[key] = build()
    return found
