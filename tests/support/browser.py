"""Headless Chromium from Debian's package, driven by Playwright (never a downloaded browser)."""

import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # This machine has no network: background calls to other hosts only slow Chromium down.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    return path
