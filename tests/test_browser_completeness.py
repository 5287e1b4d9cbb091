"""The completeness pages in a real browser at 360 px: accessible (axe: no serious or
critical violation), tables readable within the screen's width."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from tests.auth_helpers import PASSWORD, SOCIETY_A
from tests.events_helpers import make_event
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by

pytestmark = pytest.mark.browser
PAGES = [
    "/staff/completeness",
    "/staff/health",
    "/federations/FELAAS",
    "/activity/",
    f"/societies/{SOCIETY_A}",
]


def test_the_completeness_pages_pass_axe_at_360_pixels(live_site):
    make_event(live_site.app, SOCIETY_A, start=date.today() - timedelta(days=400))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(
            locale="en-US", viewport={"width": 360, "height": 740}
        ).new_page()
        page.goto(live_site.url + "/login")
        page.get_by_label("E-mail address").fill(live_site.people["staff"].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        found = {}
        for path in PAGES:
            page.goto(live_site.url + path)
            expect(page.locator("table").first).to_be_visible()
            violations = [
                v["id"]
                for v in Axe().run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            wider = wider_by(page) > 0
            found[path] = (violations, wider)
        browser.close()
    assert found == dict.fromkeys(PAGES, ([], False))
