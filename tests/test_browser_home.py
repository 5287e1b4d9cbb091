"""In a real browser: an officer logs in and lands on their page, which passes axe at 360 px."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from alumni.auth.models import MembershipRole
from alumni.events.examples import load_examples
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, make_user
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by

pytestmark = pytest.mark.browser


def test_an_officer_lands_on_a_page_without_serious_axe_violations(live_site):
    app = live_site.app
    with app.app_context():
        load_examples()
        db.session.commit()
    make_user(
        app,
        "ram@example.org",
        memberships=[
            ("NP-NEPAL", MembershipRole.OFFICER, date.today() - timedelta(days=400), None)
        ],
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-US", viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(live_site.url + "/login")
        page.get_by_label("E-mail address").fill("ram@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(live_site.url + "/my/")
        expect(page.get_by_role("heading", name="My page", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="File the report")).to_be_visible()
        overflow = wider_by(page)
        assert overflow <= 0
        serious = [
            v["id"]
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
        browser.close()
