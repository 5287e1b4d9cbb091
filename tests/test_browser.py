"""Smoke test in a real browser: the home page and the directory in each language."""

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

HEADINGS = {
    "ja": ("世界のAOTS同窓会", "同窓会一覧"),
    "en": ("AOTS alumni societies around the world", "Directory of alumni societies"),
    "es": (
        "Asociaciones de exbecarios de AOTS en el mundo",
        "Directorio de asociaciones de exbecarios",
    ),
}
LANGUAGE_BUTTONS = {"ja": "日本語", "en": "English", "es": "Español"}


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_template):
    path = tmp_path_factory.mktemp("browser") / "site.sqlite3"
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


@pytest.fixture
def page(browser, site):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.foreign_requests = []
    page.on("request", lambda r: _record_foreign(page, site, r.url))
    yield page
    context.close()


def _record_foreign(page, site, url):
    if urlsplit(url).netloc not in (urlsplit(site).netloc, "") and not url.startswith("data:"):
        page.foreign_requests.append(url)


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["ja", "en", "es"])
def test_home_and_directory_in_each_language(page, site, language):
    home_heading, directory_heading = HEADINGS[language]
    page.goto(site + "/")
    page.get_by_role("button", name=LANGUAGE_BUTTONS[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(home_heading)
    expect(page.locator(".figure-value").first).to_contain_text("74")
    assert serious_violations(page) == []

    page.get_by_role("navigation").get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(directory_heading)
    expect(page.locator(".society-item")).to_have_count(72)
    page.locator("#federation").select_option("FELAAS")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator(".society-item")).to_have_count(11)
    assert serious_violations(page) == []
    assert page.foreign_requests == []


def test_language_choice_is_remembered_across_pages(page, site):
    page.goto(site + "/")
    page.get_by_role("button", name="Español").click()
    page.goto(site + "/societies/PE-PERU")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text("Perú").first).to_be_visible()


def test_pages_fit_a_360_pixel_screen(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in ("/", "/societies/", "/societies/IN-CHENNAI", "/countries/IN"):
        page.goto(site + path)
        overflow = wider_by(page)
        assert overflow <= 0, path
    context.close()


def test_keyboard_user_can_skip_to_the_content(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
