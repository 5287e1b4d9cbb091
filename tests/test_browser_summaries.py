"""The published FY2021 summary in a real browser: the programme table and its shares in three
languages, accessible, and printable as an A4 report."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from alumni.extensions import db
from alumni.reports.examples import load_examples
from tests.support.browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser
EXPECTED = {  # heading; Asia's share of overseas training (pinned as AOTS printed it: marked)
    # and the column's total, as written
    "en": ("FY2021 activity summary", "89.9*", "13,290"),
    "ja": ("2021年度 活動報告", "89.9*", "13,290"),
    "es": ("Resumen de actividades del AF2021", "89,9*", "13.290"),
}


@pytest.fixture
def site(live_site):
    with live_site.app.app_context():
        load_examples()
        db.session.commit()
    return live_site.url


@pytest.mark.parametrize("language", ["en", "ja", "es"])
def test_the_programme_table_with_its_shares_in_each_language(site, language, tmp_path):
    heading, share, total = EXPECTED[language]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(extra_http_headers={"Accept-Language": language}).new_page()
        page.goto(site + "/summaries/2021")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        table = page.locator("#programmes .table-wrap table")
        asia = table.locator("tbody tr").first
        expect(asia.locator("td").nth(3)).to_have_text(share)
        expect(table.locator("tbody tr").last.locator("td").nth(2)).to_have_text(total)
        expect(page.locator("svg[role=img]").first).to_be_visible()
        violations = [
            v["id"]
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert violations == []
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
        browser.close()
