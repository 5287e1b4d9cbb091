"""The network's map in a real browser, on a phone and on a desktop: it fits the screen, the
table sits beside the map when there is room, a country leads to its page, and no request
leaves the site (no tiles, fonts or scripts from anywhere else)."""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from alumni import create_app
from tests.conftest import base_config
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser
SCREENS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_template):
    path = tmp_path_factory.mktemp("map") / "site.sqlite3"
    shutil.copyfile(sqlite_template, path)
    app = create_app(base_config(f"sqlite:///{path}") | {"WTF_CSRF_ENABLED": True})
    with LiveServer(app) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_map(browser, site, screen: str, path="/map", locale="ja-JP"):
    context = browser.new_context(viewport=SCREENS[screen], locale=locale)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(site + path)
    return context, page


def off_site(site: str, urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).netloc != urlsplit(site).netloc]


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_map_shows_on_every_screen_and_nothing_leaves_the_site(browser, site, screen):
    context, page = open_map(browser, site, screen)
    expect(page.get_by_role("heading", level=1)).to_have_text("ネットワークの地図")
    svg = page.locator(".world-map svg")
    expect(svg).to_be_visible()
    expect(page.locator(".world-map svg a")).to_have_count(44)
    expect(page.locator(".map-table tbody tr")).to_have_count(44)
    box, width = svg.bounding_box(), SCREENS[screen]["width"]
    assert box["width"] > width * (0.85 if screen == "phone" else 0.55)
    assert wider_by(page) <= 0
    table = page.locator(".map-table").bounding_box()
    if screen == "desktop":  # beside the map
        assert table["x"] >= box["x"] + box["width"] and table["y"] < box["y"] + box["height"]
    else:  # below it
        assert table["y"] >= box["y"] + box["height"]
    if os.environ.get("MAP_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['MAP_SCREENSHOTS']}/map-{screen}.png", full_page=True)
    serious = [
        v["id"] for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]  # fmt: skip
    assert serious == []
    assert len(page.requests) >= 2  # the page and its stylesheet were seen
    assert off_site(site, page.requests) == []
    context.close()


def test_a_country_on_the_map_leads_to_its_page(browser, site):
    context, page = open_map(browser, site, "desktop", locale="es-ES")
    page.locator('.world-map a[href="/countries/PE"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Perú")
    assert off_site(site, page.requests) == []
    context.close()


def test_a_federation_is_highlighted_on_the_phone(browser, site):
    context, page = open_map(browser, site, "phone", locale="en-US")
    nav = page.get_by_role("navigation", name="Highlight a federation")
    nav.get_by_role("link", name="AFAAS", exact=True).click()
    expect(page.locator(".world-map path.hl")).to_have_count(10)
    expect(page.locator(".map-table tr.highlight")).to_have_count(10)
    assert wider_by(page) <= 0
    if os.environ.get("MAP_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['MAP_SCREENSHOTS']}/map-afaas.png")
    assert off_site(site, page.requests) == []
    context.close()


@pytest.mark.parametrize("federation", ["", "EFAAS"])
def test_the_table_fits_a_phone_in_spanish(browser, site, federation):
    """Spanish headings are the widest; the table fits without scrolling sideways."""
    query = f"?federation={federation}" if federation else ""
    context, page = open_map(browser, site, "phone", path="/map" + query, locale="es-ES")
    wrap = page.locator(".table-wrap")
    assert wrap.evaluate("w => w.scrollWidth - w.clientWidth") <= 0
    assert wider_by(page) <= 0
    context.close()
