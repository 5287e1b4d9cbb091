"""Issue journey in a real browser: a co-hosted bilingual seminar, published and reported."""

import csv
import io
import urllib.request
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect, sync_playwright

from tests.auth_helpers import PASSWORD, SOCIETY_A, SOCIETY_B
from tests.support.browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser
TITLE_ES, TITLE_EN = "Seminario de mejora continua", "Continuous improvement seminar"


@pytest.fixture
def site(live_site):
    return live_site.url, live_site.people


def fetch(url: str, language: str = "en") -> str:
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return response.read().decode("utf-8-sig")


def test_officer_posts_publishes_and_reports_a_co_hosted_seminar(site):
    url, people = site
    start = date.today() - timedelta(days=3)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(locale="en-US").new_page()
        page.goto(url + "/login")
        page.get_by_label("E-mail address").fill(people["officer_a"].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{url}/societies/{SOCIETY_A}")
        page.get_by_role("link", name="Post an event").click()
        page.wait_for_url(f"**/societies/{SOCIETY_A}/events/new")
        page.locator("#original_language").select_option("es")
        page.locator("#title_es").fill(TITLE_ES)
        page.locator("#description_es").fill("Dos días en línea con ponentes de la India.")
        page.locator("#title_en").fill(TITLE_EN)
        page.locator("#start_date").fill(start.isoformat())
        page.locator("#end_date").fill((start + timedelta(days=1)).isoformat())
        page.locator("#time_zone").select_option("America/Lima")
        page.locator("#format").select_option("online")
        page.locator(f'input[name=co_hosts][value="{SOCIETY_B}"]').check()
        page.get_by_label("Kaizen").check()
        page.locator("#speakers-0-name").fill("Priya Nair")
        page.locator("#speakers-0-country").fill("India")
        page.get_by_role("button", name="Save as draft").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
        page.get_by_role("button", name="Publish").click()
        page.get_by_role("link", name="Participation report").click()
        page.locator("#attendance_total").fill("90")
        page.locator("#distinct_participants").fill("50")
        page.locator("#countries-0-country").fill("Peru")
        page.locator("#countries-0-attendance").fill("60")
        page.locator("#countries-1-country").fill("India")
        page.locator("#countries-1-attendance").fill("20")
        page.get_by_role("button", name="Save the report").click()
        expect(page.locator("main")).to_contain_text("90 participants (cumulative, 延べ)")
        expect(page.locator("main")).to_contain_text("Country not stated")

        visitor = browser.new_context()
        for language, title in (("en", TITLE_EN), ("es", TITLE_ES), ("ja", TITLE_ES)):
            view = visitor.new_page()
            view.set_extra_http_headers({"Accept-Language": language})
            for code in (SOCIETY_A, SOCIETY_B):
                view.goto(f"{url}/societies/{code}")
                expect(view.locator("main")).to_contain_text(title)
            view.close()
        browser.close()

    calendar = Calendar.from_ical(fetch(f"{url}/federations/SAFAAS/events.ics", "es"))
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert TITLE_ES in summaries
    assert TITLE_ES in fetch(f"{url}/societies/{SOCIETY_B}/events.ics", "es")
    assert TITLE_EN in fetch(f"{url}/events/feed.atom", "en")
    rows = list(csv.reader(io.StringIO(fetch(f"{url}/events/export.csv?society={SOCIETY_B}"))))
    assert any(TITLE_EN in row and "90" in row for row in rows)
