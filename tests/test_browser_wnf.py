"""Issue journey in a real browser: a WNF application from submission to the public page."""

from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.auth_helpers import PASSWORD, SOCIETY_A, make_user
from tests.events_helpers import make_event
from tests.grants_helpers import donate
from tests.support.browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser
TITLE = "Online kaizen exchange with Argentina and Kerala"


@pytest.fixture
def site(live_site):
    app = live_site.app
    make_user(app, "hiro@example.org", name="Hiro", language="ja", is_committee=True)
    donate(app, 1_000_000)
    make_event(app, SOCIETY_A, titles={"en": "Kaizen exchange (held)"}, attendance=140)
    return live_site.url, live_site.people


def log_in(browser, url, email):
    page = browser.new_context(locale="en-US").new_page()
    page.goto(url + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def test_application_to_public_page_with_mail_at_each_step(site, smtp):
    url, people = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        officer = log_in(browser, url, people["officer_a"].email)
        officer.goto(f"{url}/societies/{SOCIETY_A}")
        officer.get_by_role("link", name="Apply for a WNF grant").click()
        officer.locator("#title").fill(TITLE)
        officer.locator("#theme").fill("Kaizen")
        officer.locator("#planned_start").fill("2026-06-01")
        officer.locator("#planned_end").fill("2026-06-02")
        officer.locator("#requested_amount").fill("300000")
        officer.locator("#cooperations-0-society").select_option("AR-ARGENTINA")
        officer.locator("#cooperations-0-role").select_option("recommends_lecturers")
        officer.locator("#cooperations-1-society").select_option("IN-KERALA")
        officer.locator("#cooperations-1-role").select_option("recruits_participants")
        officer.locator("#budget-0-label").fill("Interpretation")
        officer.locator("#budget-0-amount").fill("300000")
        officer.get_by_role("button", name="Save the draft").click()
        officer.get_by_role("button", name="Submit the application").click()
        expect(officer.locator("main")).to_contain_text("Submitted")
        assert smtp.to(people["committee"].email) and smtp.to("hiro@example.org")
        assert smtp.to("hiro@example.org")[0]["Content-Language"] == "ja"

        for email in (people["committee"].email, "hiro@example.org"):
            member = log_in(browser, url, email)
            member.goto(url + "/wnf/queue")  # Hiro reads the site in Japanese
            member.get_by_role("link", name=TITLE).click()
            member.locator("input[name=choice][value=approve]").check()
            member.locator("form[action$='/vote'] button[type=submit]").click()
            expect(member.get_by_role("status").first).to_contain_text(
                "Your vote is recorded." if "committee" in email else "投票を記録しました"
            )
        assert smtp.to(people["officer_a"].email)[-1]["Subject"] == (
            "Your WNF application was approved"
        )

        staff = log_in(browser, url, people["staff"].email)
        staff.goto(officer.url)
        staff.get_by_role("button", name="Record the disbursement").click()
        expect(staff.locator("main")).to_contain_text("Disbursed")
        assert smtp.to(people["officer_a"].email)[-1]["Subject"] == "The WNF grant has been paid"

        officer.reload()
        officer.get_by_role("link", name="File the programme report").click()
        officer.locator("#event").select_option(
            label=officer.locator("#event option").nth(1).inner_text()
        )
        officer.locator("#lines-0-label").fill("Venue in Lima")
        officer.locator("#lines-0-currency").fill("PEN")
        officer.locator("#lines-0-amount").fill("2500.00")
        officer.locator("#lines-0-spent_on").fill(date.today().isoformat())
        officer.locator("#lines-0-rate").fill("40")
        officer.locator("#lines-1-label").fill("Interpretation")
        officer.locator("#lines-1-currency").fill("JPY")
        officer.locator("#lines-1-amount").fill("150000")
        officer.locator("#lines-1-spent_on").fill(date.today().isoformat())
        officer.locator("#lines-1-rate").fill("1")
        officer.locator("#narrative").fill("Two mornings, 140 participants in total.")
        officer.get_by_role("button", name="File the report").click()
        assert smtp.to(people["staff"].email)[-1]["Subject"] == "A WNF programme report was filed"
        staff.reload()
        expect(staff.locator("main")).to_contain_text("PEN2,500.00")
        staff.get_by_role("button", name="Accept the report").click()
        expect(staff.locator("main")).to_contain_text("Report accepted")
        staff.get_by_text("Close the programme", exact=True).click()  # asked first
        staff.get_by_role("button", name="Yes, close the programme").click()
        expect(staff.locator("main")).to_contain_text("Closed")
        closed = smtp.to(people["officer_a"].email)[-1]
        assert closed["Subject"] == "Your WNF programme is closed"
        assert "¥50,000" in closed.get_body(preferencelist=("plain",)).get_content()
        staff.goto(url + "/staff/fund/")
        expect(staff.locator(".figure-value").first).to_have_text("¥750,000")

        visitor = browser.new_context().new_page()
        visitor.goto(url + "/wnf/")
        expect(visitor.locator("main")).to_contain_text(TITLE)
        expect(visitor.locator("main")).to_contain_text("140")
        browser.close()
