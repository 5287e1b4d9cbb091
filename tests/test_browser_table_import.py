"""Staff import AOTS's FY2021 table on a phone (360 px) in Japanese: choose the period and the
file, read the preview of the change, apply it; the summary's page then shows the table."""

from importlib import resources

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from alumni.auth.models import User
from alumni.extensions import db
from alumni.reports.services import open_summary
from tests.auth_helpers import PASSWORD
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
SHIPPED = resources.files("alumni.reports").joinpath("data", "aots_programs_by_region_fy2021.csv")


def fits(page) -> bool:
    return wider_by(page) <= 0


def serious(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [v["id"] for v in found if v["impact"] in ("serious", "critical")]


def test_upload_preview_and_apply_on_a_phone_in_japanese(live_site, tmp_path):
    with live_site.app.app_context():
        open_summary(None, 2021)
        db.session.get(User, live_site.people["staff"].id).language = "ja"
        db.session.commit()
    table_file = tmp_path / "aots_programs_by_region_fy2021.csv"
    table_file.write_bytes(SHIPPED.read_bytes())
    url = live_site.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE, locale="ja-JP").new_page()
        page.goto(url + "/login")
        page.locator("#email").fill(live_site.people["staff"].email)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(url + "/staff/summaries/2021")
        page.get_by_label("表の期間").select_option("fiscal_year")
        page.locator("input[type=file]").set_input_files(str(table_file))
        assert fits(page)
        page.get_by_role("button", name="ファイルを読み込んでプレビュー").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("2021年度の表のプレビュー")
        expect(page.locator("#change-count")).to_contain_text("35 セルが変わります")
        expect(page.get_by_text("89.9 % に固定（計算値 90.0 %）")).to_be_visible()
        assert fits(page) and serious(page) == []
        page.get_by_role("button", name="2021年度の表を適用する").click()
        expect(page.get_by_text("2021年度の表を取り込みました（35 セルを変更）。")).to_be_visible()
        expect(page.get_by_role("heading", name="2021年度", exact=True)).to_be_visible()
        expect(page.get_by_text("固定：アジア・海外研修、89.9 %")).to_be_visible()
        assert fits(page)
        page.goto(url + "/staff/summaries/2021/preview")
        table = page.locator("#programmes .table-wrap table")
        expect(table.locator("tbody tr").first.locator("td").nth(3)).to_have_text("89.9*")
        browser.close()
