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


# Headless Chromium sometimes stops producing frames for a page (a known harness fault, not the
# site's): Playwright's click waits for two animation frames and then hangs for its full timeout.
_FRAMES = """() => new Promise(resolve => {
  requestAnimationFrame(() => resolve(true));
  setTimeout(() => resolve(false), 1000);
})"""


def ensure_frames(page) -> None:
    """Wake a page whose frames stalled, or fail saying so instead of a bare click timeout."""
    for _ in range(3):
        if page.evaluate(_FRAMES):
            return
        page.bring_to_front()
    pytest.fail(f"Chromium stopped drawing {page.url} (no animation frame for 3 s)")


def wider_by(page) -> int:
    """How many pixels PAGE is wider than its window, once its stylesheet applies.

    After a click the new page's text can be found before its stylesheet is in (the browser
    revalidates it), and an unstyled page is wider than a phone: the load event waits for it.
    """
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
