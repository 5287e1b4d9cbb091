"""Phone-first pages at 360 px: WNF tables as cards, the folded header, charts, confirmations,
and the summary's programme table within the width of an A4 page."""

import shutil
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from alumni import create_app
from alumni.config import LANGUAGES
from alumni.events.examples import load_examples as load_event_examples
from alumni.events.models import EventStatus
from alumni.extensions import db
from alumni.fund.models import CounterpartyKind, LedgerKind
from alumni.fund.services import add_entry
from alumni.grants.examples import load_examples as load_grant_examples
from alumni.grants.models import GrantStatus
from alumni.i18n import own_language_name
from alumni.reports.examples import load_examples as load_summary_examples
from tests.auth_helpers import PASSWORD, SOCIETY_A, make_people
from tests.conftest import base_config
from tests.events_helpers import load_event, make_event
from tests.grants_helpers import donate, make_grant
from tests.support.browser import CHROMIUM_ARGS, chromium_path, wider_by
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
LONG_TITLE = "Regional kaizen and 5S exchange with the societies of Argentina and Kerala"
LONG_DONOR = "Fundación Internacional para la Cooperación Técnica y el Desarrollo Sostenible"
LONG_MEMO = "Donativo anual de la asamblea general en Lima, transferencia TRF-2024-000123456789"
# A4 is 794 CSS px wide; the print stylesheet's @page margins are 14 mm (53 px) on each side.
A4_CONTENT_WIDTH = 794 - 2 * 53


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_template):
    folder = tmp_path_factory.mktemp("phone")
    shutil.copyfile(sqlite_template, folder / "site.sqlite3")
    config = base_config(f"sqlite:///{folder / 'site.sqlite3'}")
    app = create_app(config | {"WTF_CSRF_ENABLED": True})
    app.instance_path = str(folder / "instance")
    people = make_people(app)
    with app.app_context():
        load_event_examples()
        load_grant_examples()
        load_summary_examples()
        db.session.commit()
    donate(app, 1_000_000)
    for status in (GrantStatus.SUBMITTED, GrantStatus.UNDER_REVIEW):
        make_grant(app, title=LONG_TITLE, status=status, amount=1_250_000)
    with LiveServer(app) as server:
        yield server.url, people, app


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="es-ES")
    yield context.new_page()
    context.close()


def log_in(page, url, email):
    page.goto(url + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def serious_violations(page) -> list[str]:
    return [
        f"{v['id']}: {v['help']}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def narrowest_cell(page) -> dict:
    """The shown table cell with the fewest characters' width (visually hidden ones aside)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main td, main th')]
            .filter(c => c.textContent.trim() && c.getBoundingClientRect().width > 1)
            .map(c => ({text: c.textContent.trim().slice(0, 40),
                        chars: c.getBoundingClientRect().width
                               / parseFloat(getComputedStyle(c).fontSize)}))
            .sort((a, b) => a.chars - b.chars)[0]"""
    )


def assert_fits_the_phone(page, path):
    assert wider_by(page) <= 0, path
    cell = narrowest_cell(page)
    assert cell is None or cell["chars"] >= 4, (path, cell)


def test_wnf_queue_and_public_table_are_cards_on_a_phone(phone, site):
    url, people, _app = site
    phone.goto(url + "/wnf/")  # one fiscal year: the example data has one programme in each
    cards = phone.locator("table.stack tbody tr")
    assert cards.count() >= 1
    grant_cell = cards.first.locator("td.num").last
    expect(grant_cell).to_have_css("text-align", "right")
    assert_fits_the_phone(phone, "/wnf/")
    assert serious_violations(phone) == []

    log_in(phone, url, people["committee"].email)
    phone.goto(url + "/wnf/queue")
    expect(phone.get_by_role("link", name=LONG_TITLE).first).to_be_visible()
    assert_fits_the_phone(phone, "/wnf/queue")
    requested = phone.locator("table.stack td.num").first
    label = requested.evaluate("c => getComputedStyle(c, '::before').content")
    header = phone.locator("table.stack thead th.num").first.inner_text()
    assert label == f'"{header}"' and "1,250,000" in requested.inner_text()
    assert serious_violations(phone) == []


def test_header_folds_into_two_lines_and_lists_the_languages(phone, site):
    url, _people, _app = site
    phone.goto(url + "/")
    header = phone.locator(".site-header")
    assert header.bounding_box()["height"] <= 2 * 48 + 16
    nav_link = phone.get_by_role("navigation").get_by_role("link", name="Asociaciones")
    expect(nav_link).to_be_hidden()
    menu = phone.locator(".menu > summary")
    assert menu.bounding_box()["height"] >= 44
    menu.click()
    expect(nav_link).to_be_visible()
    assert nav_link.bounding_box()["height"] >= 44
    phone.locator(".languages > summary").click()
    buttons = phone.locator(".language-switcher button")
    expect(buttons).to_have_text([own_language_name(code) for code in LANGUAGES])
    assert buttons.count() == 9
    assert min(b.bounding_box()["height"] for b in buttons.all()) >= 44
    assert wider_by(phone) <= 0
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.locator(".languages > summary")).to_contain_text("English")


def test_cancelling_an_event_asks_first(phone, site):
    url, people, app = site
    event_id = make_event(app, SOCIETY_A, titles={"en": "Kaizen day"}, attendance=None)
    log_in(phone, url, people["officer_a"].email)
    phone.goto(f"{url}/events/{event_id}")
    ask = phone.locator("details.confirm > summary", has_text="Cancel the event")
    yes = phone.get_by_role("button", name="Yes, cancel the event")
    expect(yes).to_be_hidden()
    ask.click()
    assert load_event(app, event_id)["status"] == "published"  # the first click posts nothing
    expect(yes).to_be_visible()
    assert wider_by(phone) <= 0
    assert serious_violations(phone) == []
    yes.click()
    expect(phone.locator("main")).to_contain_text("Cancelled")
    assert load_event(app, event_id)["status"] == "cancelled"


def test_summary_charts_are_legible_and_its_tables_fit_an_a4_page(phone, browser, site):
    url, _people, _app = site
    phone.goto(url + "/summaries/2021")
    svg_text = phone.locator("svg[role=img] text")
    sizes = svg_text.evaluate_all(
        "ts => ts.map(t => t.getBoundingClientRect().height / t.getBBox().height * "
        "parseFloat(t.getAttribute('font-size')))"
    )
    assert sizes and min(sizes) >= 12
    boxes = [t.bounding_box() for t in svg_text.all()]
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a["y"] + a["height"] <= b["y"] + 0.5 or a["x"] + a["width"] <= b["x"]  # no overlap
    chart_right = max(b["x"] + b["width"] for b in boxes)
    assert chart_right <= PHONE["width"]
    assert wider_by(phone) <= 0

    printed = browser.new_context(viewport={"width": A4_CONTENT_WIDTH, "height": 1123})
    page = printed.new_page()
    page.goto(url + "/summaries/2021")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".button-row, .confirm, .downloads").first).to_be_hidden()
    right_edges = page.locator("main table").evaluate_all(
        "ts => ts.map(t => Math.max(...[...t.querySelectorAll('th, td')]"
        ".map(c => c.getBoundingClientRect().right)))"
    )
    assert max(right_edges) <= A4_CONTENT_WIDTH
    programmes = page.locator("#programmes .table-wrap table")
    last_header = programmes.locator("thead th").last
    assert last_header.bounding_box()["x"] + last_header.bounding_box()["width"] <= A4_CONTENT_WIDTH
    assert page.pdf(format="A4").startswith(b"%PDF")
    printed.close()


def test_staff_pages_of_a_person_fit_a_phone_in_spanish(phone, site):
    """A staff user's page of an officer (memberships as cards) and the reminder settings.
    The staff user's saved language (English) wins over the browser's: the switcher sets it."""
    url, people, _app = site
    log_in(phone, url, people["staff"].email)
    choose_language(phone, "es")
    try:
        paths = (f"/staff/users/{people['officer_a'].id}", "/account/reminders", "/staff/mail/")
        for path in paths:
            phone.goto(url + path)
            expect(phone.locator("html")).to_have_attribute("lang", "es")
            assert_fits_the_phone(phone, path)
            assert serious_violations(phone) == []
    finally:
        choose_language(phone, "en")  # the staff user's saved language, as the others expect


def choose_language(page, code):
    page.locator(".languages > summary").click()
    page.get_by_role("button", name=own_language_name(code), exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def test_fund_ledger_and_an_opened_reversal_fit_a_phone(phone, site):
    """Staff's ledger at 360 px: no sideways page scroll, a reversal's fields all on screen."""
    url, people, app = site
    with app.app_context():
        add_entry(
            None,
            kind=LedgerKind.DONATION,
            amount=2_500_000,
            entry_date=date(2024, 5, 1),
            counterparty_kind=CounterpartyKind.PERSON,
            counterparty_name=LONG_DONOR,
            memo=LONG_MEMO,
        )
        db.session.commit()
    log_in(phone, url, people["staff"].email)
    try:
        for code in ("es", "ja"):
            choose_language(phone, code)
            phone.goto(url + "/staff/fund/")
            row = phone.locator("main tbody tr", has_text=LONG_MEMO)
            expect(row).to_contain_text(LONG_DONOR)
            assert_fits_the_phone(phone, f"/staff/fund/ ({code})")
            row.locator("details.confirm > summary").click()
            fields = row.locator(".confirm-body").locator("input:not([type=hidden]), button")
            expect(fields).to_have_count(3)  # the date, the reason, the real button
            for box in (fields.nth(i).bounding_box() for i in range(3)):
                assert box and box["width"] > 0 and box["x"] >= 0
                assert box["x"] + box["width"] <= PHONE["width"], (code, box)
            assert_fits_the_phone(phone, f"/staff/fund/ ({code}), a reversal open")
            assert serious_violations(phone) == []
    finally:
        choose_language(phone, "en")  # the staff user's saved language, as the others expect


def test_the_stylesheet_is_asked_for_once_in_a_visit(phone, site):
    url = site[0]
    network = phone.context.new_cdp_session(phone)
    network.send("Network.enable")
    asked, from_cache = [], set()
    network.on(
        "Network.requestWillBeSent",
        lambda e: asked.append(e["requestId"]) if "site.css" in e["request"]["url"] else None,
    )
    network.on("Network.requestServedFromCache", lambda e: from_cache.add(e["requestId"]))
    for path in ("/", "/societies/", "/events/", "/wnf/"):
        phone.goto(url + path)
    assert phone.locator("body").evaluate("b => getComputedStyle(b).margin") == "0px"
    # Over the network once; the next pages took it from the cache without asking again.
    assert len(asked) == 4
    assert len([i for i in asked if i not in from_cache]) == 1


def test_a_title_without_spaces_and_many_fiscal_years_fit_the_phone(phone, site):
    """A title typed as one long word (300 characters are allowed) breaks inside its line on
    an officer's pages; the WNF page's links to its fiscal years wrap onto a second line."""
    url, people, app = site
    unbroken = "Kaizen" * 50
    make_event(app, SOCIETY_A, status=EventStatus.DRAFT, titles={"en": unbroken, "es": unbroken})
    for year in range(2012, 2024):
        make_grant(app, status=GrantStatus.APPROVED, title=f"P{year}", end=date(year, 9, 1))
    phone.goto(url + "/wnf/")
    assert phone.locator("nav.pager a").count() >= 10
    assert wider_by(phone) <= 0, "/wnf/"
    log_in(phone, url, people["officer_a"].email)
    for path in ("/my/", f"/societies/{SOCIETY_A}"):
        phone.goto(url + path)
        expect(phone.get_by_text(unbroken[:60], exact=False).first).to_be_visible()
        assert wider_by(phone) <= 0, path
