"""Issue journey in a real browser: a WNF application from submission to the public page, and
its money line by line (issue 16): the report with a line in soles, a receipt and a photo, the
report sent back and filed again, the refund in the ledger and the year's public statement.

The officer works on a phone (360 px); every date is relative to today."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect, sync_playwright

from alumni.common.fiscal import fiscal_year_of
from alumni.fund import services as fund_services
from tests.auth_helpers import PASSWORD, SOCIETY_A, make_user
from tests.events_helpers import make_event
from tests.files_helpers import PDF, png
from tests.grants_helpers import donate
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by

pytestmark = pytest.mark.browser
TITLE = "Online kaizen exchange with Argentina and Kerala"
TODAY = date.today()
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def site(live_site):
    app = live_site.app
    make_user(app, "hiro@example.org", name="Hiro", language="ja", is_committee=True)
    donate(app, 1_000_000)
    make_event(app, SOCIETY_A, titles={"en": "Kaizen exchange (held)"}, attendance=140)
    return live_site.url, live_site.people


def log_in(browser, url, email, viewport=None):
    context = browser.new_context(locale="en-US", **({"viewport": viewport} if viewport else {}))
    page = context.new_page()
    page.goto(url + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def fits_the_screen(page) -> None:
    overflow = wider_by(page)
    assert overflow <= 0, f"{page.url} is {overflow} px wider than the phone"


def test_application_to_public_page_with_mail_at_each_step(site, smtp, monkeypatch):
    url, people = site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        officer = log_in(browser, url, people["officer_a"].email, PHONE)
        apply_and_get_approved(browser, url, people, officer, smtp)
        staff = log_in(browser, url, people["staff"].email)
        staff.goto(officer.url)
        staff.get_by_role("button", name="Record the disbursement").click()
        expect(staff.locator("main")).to_contain_text("Disbursed")
        assert smtp.to(people["officer_a"].email)[-1]["Subject"] == "The WNF grant has been paid"

        file_the_report(officer)
        attach_a_receipt_and_a_photo(officer)
        assert smtp.to(people["staff"].email)[-1]["Subject"] == "A WNF programme report was filed"
        send_back_and_file_again(browser, url, people, officer, smtp)
        accept_close_and_publish(staff, url, people, smtp, monkeypatch)

        visitor = browser.new_context().new_page()
        visitor.goto(url + "/wnf/")
        expect(visitor.locator("main")).to_contain_text(TITLE)
        expect(visitor.locator("main")).to_contain_text("140")
        year = fiscal_year_of(TODAY)
        visitor.goto(f"{url}/wnf/fund/{year}")
        expect(visitor.get_by_role("heading", level=1)).to_contain_text(f"FY{year}")
        row = visitor.get_by_role("row").filter(has_text=TITLE)
        expect(row).to_contain_text("-¥300,000")
        expect(row).to_contain_text("¥54,000")
        expect(visitor.locator("main")).not_to_contain_text("recibo-lima")  # receipts: not public
        browser.close()


def apply_and_get_approved(browser, url, people, officer, smtp) -> None:
    officer.goto(f"{url}/societies/{SOCIETY_A}")
    officer.get_by_role("link", name="Apply for a WNF grant").click()
    officer.locator("#title").fill(TITLE)
    officer.locator("#theme").fill("Kaizen")
    officer.locator("#planned_start").fill((TODAY - timedelta(days=20)).isoformat())
    officer.locator("#planned_end").fill((TODAY - timedelta(days=19)).isoformat())
    officer.locator("#requested_amount").fill("300000")
    officer.locator("#cooperations-0-society").select_option("AR-ARGENTINA")
    officer.locator("#cooperations-0-role").select_option("recommends_lecturers")
    officer.locator("#cooperations-1-society").select_option("IN-KERALA")
    officer.locator("#cooperations-1-role").select_option("recruits_participants")
    officer.locator("#budget-0-label").fill("Venue")
    officer.locator("#budget-0-amount").fill("100000")
    officer.locator("#budget-1-label").fill("Interpretation")
    officer.locator("#budget-1-amount").fill("200000")
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
        member.context.close()
    assert smtp.to(people["officer_a"].email)[-1]["Subject"] == (
        "Your WNF application was approved"
    )


def file_the_report(officer) -> None:
    """Two lines on a phone: the venue paid in soles at that day's rate, interpretation in yen."""
    officer.reload()
    officer.get_by_role("link", name="File the programme report").click()
    fits_the_screen(officer)
    officer.locator("#event").select_option(
        label=officer.locator("#event option").nth(1).inner_text()
    )
    spent_on = (TODAY - timedelta(days=20)).isoformat()
    officer.locator("#lines-0-budget_line").select_option(label="Venue")
    expect(officer.locator("#lines-0-currency")).to_have_value("PEN")  # the host's currency
    officer.locator("#lines-0-amount").fill("2500.00")
    officer.locator("#lines-0-spent_on").fill(spent_on)
    officer.locator("#lines-0-rate").fill("40")
    officer.locator("#lines-1-budget_line").select_option(label="Interpretation")
    officer.locator("#lines-1-currency").fill("JPY")
    officer.locator("#lines-1-amount").fill("150000")
    officer.locator("#lines-1-spent_on").fill(spent_on)
    officer.locator("#lines-1-rate").fill("1")
    officer.locator("#narrative").fill("Two mornings, 140 participants in total.")
    officer.get_by_role("button", name="File the report").click()
    expect(officer.get_by_role("status").first).to_contain_text("The programme report is filed.")
    fits_the_screen(officer)
    accounts = officer.locator("#accounts-heading + .table-wrap")
    expect(accounts.get_by_role("row").filter(has_text="Venue")).to_contain_text("¥100,000")
    expect(accounts.locator("tfoot")).to_contain_text("¥250,000")
    expect(officer.get_by_role("row").filter(has_text="PEN2,500.00")).to_contain_text("¥100,000")


def attach_a_receipt_and_a_photo(officer) -> None:
    venue = officer.get_by_role("row").filter(has_text="PEN2,500.00")
    venue.get_by_role("link", name="Add or remove receipts").click()
    # The page says which line the receipt is for.
    expect(officer.locator("main")).to_contain_text("Venue")
    expect(officer.locator("main")).to_contain_text("PEN2,500.00")
    fits_the_screen(officer)
    officer.get_by_label("File").set_input_files(
        {"name": "recibo-lima.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    officer.get_by_role("button", name="Attach").click()
    expect(officer.get_by_role("status").first).to_contain_text("recibo-lima.pdf is attached.")
    officer.get_by_role("link", name="Back to the page").click()
    expect(officer.get_by_role("row").filter(has_text="PEN2,500.00")).to_contain_text(
        "recibo-lima.pdf"
    )

    officer.get_by_role("link", name="Add or remove evidence").click()
    officer.get_by_label("File").set_input_files(
        {"name": "group-photo.png", "mimeType": "image/png", "buffer": png((64, 48))}
    )
    officer.get_by_label("Caption").fill("Participants on the second morning")
    officer.get_by_role("button", name="Attach").click()
    expect(officer.get_by_role("status").first).to_contain_text("group-photo.png is attached.")
    officer.get_by_role("link", name="Back to the page").click()
    photo = officer.get_by_role("img", name="Participants on the second morning")
    expect(photo).to_be_visible()  # its box is there before the lazy image loads
    photo.scroll_into_view_if_needed()
    photo.element_handle().wait_for_element_state("stable")
    officer.wait_for_function(
        "img => img.complete && img.naturalWidth === 64", arg=photo.element_handle()
    )
    fits_the_screen(officer)


def send_back_and_file_again(browser, url, people, officer, smtp) -> None:
    member = log_in(browser, url, people["committee"].email)
    member.goto(officer.url)
    expect(member.get_by_role("row").filter(has_text="PEN2,500.00")).to_contain_text(
        "recibo-lima.pdf"
    )
    member.get_by_label("Comment (required: what should be changed)").fill(
        "The venue's invoice says PEN 2,400.00."
    )
    member.get_by_role("button", name="Return the report for changes").click()
    expect(member.locator("main")).to_contain_text("Report returned")
    member.context.close()
    assert (
        "2,400.00"
        in smtp.to(people["officer_a"].email)[-1].get_body(preferencelist=("plain",)).get_content()
    )

    officer.reload()
    officer.get_by_role("link", name="File the programme report").click()
    expect(officer.locator(".notice")).to_contain_text("The venue's invoice says PEN 2,400.00.")
    officer.locator("#lines-0-amount").fill("2400.00")
    officer.get_by_role("button", name="File the report").click()
    expect(officer.get_by_role("status").first).to_contain_text("The programme report is filed.")
    venue = officer.get_by_role("row").filter(has_text="PEN2,400.00")
    expect(venue).to_contain_text("¥96,000")
    expect(venue).to_contain_text("recibo-lima.pdf")  # the receipt stayed with its line


def accept_close_and_publish(staff, url, people, smtp, monkeypatch) -> None:
    staff.reload()
    expect(staff.locator("main")).to_contain_text("PEN2,400.00")
    staff.get_by_role("button", name="Accept the report").click()
    expect(staff.locator("main")).to_contain_text("Report accepted")
    staff.get_by_text("Close the programme", exact=True).click()  # asked first
    staff.get_by_role("button", name="Yes, close the programme").click()
    expect(staff.locator("main")).to_contain_text("Closed")
    closed = smtp.to(people["officer_a"].email)[-1]
    assert closed["Subject"] == "Your WNF programme is closed"
    assert "¥54,000" in closed.get_body(preferencelist=("plain",)).get_content()

    staff.goto(url + "/staff/fund/")
    expect(staff.locator(".figure-value").first).to_have_text("¥754,000")
    refund = staff.get_by_role("row").filter(has_text="Refund").filter(has_text=TITLE)
    expect(refund).to_contain_text("¥54,000")

    year = fiscal_year_of(TODAY)
    staff.goto(url + "/staff/fund/years")
    staff.locator("#publish-fiscal_year").fill(str(year))
    staff.get_by_role("button", name="Show or hide this year-end balance").click()
    # The year is not over: its balance at the end would be a figure of the future.
    expect(staff.locator("#publish-fiscal_year-errors")).to_contain_text(
        f"FY{year} ends on March 31, {year + 1}"
    )
    # Once it is (the clock moved to its next April), staff publish it.
    next_april = date(year + 1, 4, 1)
    monkeypatch.setattr(fund_services, "today", lambda: next_april)
    staff.get_by_role("button", name="Show or hide this year-end balance").click()
    expect(staff.get_by_role("status").first).to_have_text(
        f"FY{year}'s year-end balance and statement are now public."
    )
    expect(staff.get_by_role("link", name=f"FY{year}", exact=True)).to_have_attribute(
        "href", f"/wnf/fund/{year}"
    )
