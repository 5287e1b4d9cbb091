"""The site's own static files under an address that names their content, kept a year.

Without it a browser asks for the stylesheet again on every page to revalidate it: one more
round trip per page for an officer on a slow phone connection, and the page stays unstyled
until the answer is in. With the content's fingerprint in the address (`?v=`), a changed file
has a new address, so the old one can be kept for a year without ever being stale.
"""

import hashlib
import os

from flask import current_app, has_request_context, request, url_for
from werkzeug.security import safe_join

A_YEAR = 365 * 24 * 3600
_fingerprints: dict[tuple[str, int], str] = {}


def fingerprint(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256; None for no such file."""
    path = safe_join(current_app.static_folder, filename)
    try:
        # The modification time is in the key: `make run` serves an edited file at once.
        key = (path, os.stat(path).st_mtime_ns) if path else None
    except OSError:
        return None
    if key is None:
        return None
    if key not in _fingerprints:
        with open(path, "rb") as file:
            _fingerprints[key] = hashlib.sha256(file.read()).hexdigest()[:12]
    return _fingerprints[key]


def asset_url(filename: str) -> str:
    """The address of a static file, naming its content (templates: asset_url('site.css'))."""
    version = fingerprint(filename)
    if not has_request_context():
        return url_for("static", filename=filename, v=version)
    # The same file, content and site root make the same address: built once per app (every
    # page names the stylesheet, and url_for with a query was most of this function's time).
    urls = current_app.extensions.setdefault("asset_urls", {})
    key = (request.script_root, filename, version)
    url = urls.get(key)
    if url is None:
        url = urls[key] = url_for("static", filename=filename, v=version)
    return url


def max_age(filename: str) -> int | None:
    """A year when the address names the file's current content; else Flask's default."""
    version = request.args.get("v")
    if version and version == fingerprint(filename):
        return A_YEAR
    return None


def init_app(app) -> None:
    app.jinja_env.globals["asset_url"] = asset_url
