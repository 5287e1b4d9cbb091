"""Bytes the workers of one server share through files, for as long as the server runs.

A worker's stores (caching.per_version_store) are its own: with two workers, each wrote
every calendar again (at scale 10, ~20 ms of CPU each). gunicorn's master makes a folder when
it starts and removes it when it exits (gunicorn.conf.py) and names it to its workers in
SHARED_DIR; without one (flask run, the tests unless they set it) nothing is shared. What is
kept is by content version and day, as in the worker's stores, so a file is never stale: the
first worker to write under a newer version or day removes the older folders.
"""

import hashlib
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from flask import current_app

from alumni.common.caching import content_version
from alumni.common.time import today


def get(name: str, key: tuple) -> bytes | None:
    """What a worker of this server kept under NAME and KEY for this version and day."""
    folder = _folder(name)
    if folder is None:
        return None
    try:
        return (folder / _file(key)).read_bytes()
    except OSError:
        return None


def put(name: str, key: tuple, value: bytes) -> None:
    """VALUE kept under NAME and KEY for the other workers (written whole, then renamed, so
    no reader sees part of it)."""
    folder = _folder(name)
    if folder is None:
        return
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            _drop_older(folder)
        handle, written = tempfile.mkstemp(dir=folder)
        with os.fdopen(handle, "wb") as file:
            file.write(value)
        os.replace(written, folder / _file(key))
    except OSError:
        return  # a folder removed meanwhile (an older version's): only the sharing is lost


def _folder(name: str) -> Path | None:
    root = current_app.config.get("SHARED_DIR")
    if not root:
        return None
    release = current_app.extensions["build_id"]
    return Path(root) / name / f"{content_version()}-{today().isoformat()}-{release}"


def _file(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:40]


def _drop_older(folder: Path) -> None:
    """The folders of older versions or days than FOLDER's (a worker that has not seen the
    newest version yet may still write its own: it is dropped at the next one)."""
    newest = _when(folder.name)
    for other in folder.parent.iterdir():
        when = _when(other.name)
        if when is not None and newest is not None and when < newest:
            shutil.rmtree(other, ignore_errors=True)


def _when(name: str) -> tuple[int, date] | None:
    version, _sep, rest = name.partition("-")
    try:
        return int(version), date.fromisoformat(rest[:10])
    except ValueError:
        return None
