"""The release a process runs: a digest of the files that draw the pages.

Pages kept in Redis outlive a deploy, and a browser revalidates its copy by the page's ETag:
with the content version unchanged, both would go on serving the page the previous release
drew (its markup, its links) until midnight. The digest is in every page's key (caching.py),
so a new release draws its pages afresh; machines running the same release compute the same
digest, from the files' contents rather than their times.
"""

import hashlib
from functools import cache
from pathlib import Path

FOLDERS = ("alumni", "templates", "static", "translations")
SUFFIXES = {".py", ".html", ".css", ".js", ".mo", ".svg", ".json", ".csv"}


@cache  # once per process: a changed file means a new process (a deploy, make run's reloader)
def digest(root: Path) -> str:
    found = hashlib.sha256()
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                found.update(str(path.relative_to(root)).encode() + b"\x00")
                found.update(path.read_bytes())
    return found.hexdigest()[:16]
