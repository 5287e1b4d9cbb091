"""The nine languages at 360 px in one Chromium: the key public pages fit the phone in each, the
switcher lists the nine in their own names, and in Thai and Chinese an officer files a
participation report (fill, save, see it saved). The event among the key pages has a long Thai
title without a space: in Thai it must wrap within the phone too."""

import shutil

import pytest
from babel import Locale
from flask_babel import force_locale, gettext
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from alumni import create_app
from alumni.events.examples import load_examples as load_event_examples
from alumni.events.models import Event
from alumni.extensions import db
from alumni.grants.examples import load_examples as load_grant_examples
from alumni.i18n import bcp47, own_language_name
from alumni.reports.examples import load_examples as load_summary_examples
from tests.auth_helpers import PASSWORD, SOCIETY_A, make_people
from tests.catalogs import LANGUAGES
from tests.conftest import base_config
from tests.events_helpers import make_event
from tests.support.browser import CHROMIUM_ARGS, chromium_path, ensure_frames, wider_by
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
# Thai without a space, and not words of the line breaker's dictionary (as a name may be).
LONG_THAI = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ" * 2


@pytest.fixture(scope="module")
def site(tmp_path_factory, sqlite_template):
    folder = tmp_path_factory.mktemp("languages")
    shutil.copyfile(sqlite_template, folder / "site.sqlite3")
    app = create_app(base_config(f"sqlite:///{folder / 'site.sqlite3'}"))
    app.instance_path = str(folder / "instance")
    people = make_people(app)
    with app.app_context():
        load_event_examples()
        load_grant_examples()
        load_summary_examples()
        db.session.commit()
    event_id = make_event(app, SOCIETY_A, titles={"th": LONG_THAI, "en": "Kaizen and 5S"})
    with LiveServer(app) as server:
        yield server.url, people, app, event_id


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def phone_in(browser, language: str):
    context = browser.new_context(viewport=PHONE, locale=bcp47(language))
    context.set_extra_http_headers({"Accept-Language": bcp47(language)})
    return context


def ui(app, language: str, message: str) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(message)


def test_key_pages_fit_a_phone_in_every_language(browser, site):
    url, _people, _app, event_id = site
    paths = ["/", "/societies/", "/societies/IN-KERALA", "/events/", f"/events/{event_id}"]
    paths += ["/wnf/", "/summaries/2021"]
    for language in LANGUAGES:
        context = phone_in(browser, language)
        page = context.new_page()
        for path in paths:
            page.goto(url + path)
            expect(page.locator("html")).to_have_attribute("lang", bcp47(language))
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (language, path, width)
        context.close()


def test_the_switcher_lists_nine_languages_in_their_own_names_on_a_phone(browser, site):
    url = site[0]
    context = phone_in(browser, "th")
    page = context.new_page()
    page.goto(url + "/")
    page.locator(".languages > summary").click()
    buttons = page.locator(".language-switcher button")
    expect(buttons).to_have_text([own_language_name(code) for code in LANGUAGES])
    boxes = [b.bounding_box() for b in buttons.all()]
    assert min(box["height"] for box in boxes) >= 44
    assert max(box["x"] + box["width"] for box in boxes) <= PHONE["width"]
    assert wider_by(page) <= 0
    page.get_by_role("button", name=own_language_name("zh_Hans")).click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    context.close()


@pytest.mark.parametrize("language", ["th", "zh_Hans"])
def test_an_officer_files_a_report_in_thai_and_in_chinese(browser, site, language):
    url, people, app, _event_id = site
    event_id = make_event(app, SOCIETY_A, titles={"en": f"Seminar reported in {language}"})
    context = phone_in(browser, language)
    page = context.new_page()
    page.goto(url + "/login")
    page.locator("#email").fill(people["officer_a"].email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(url + "/")
    page.locator(".languages > summary").click()
    page.get_by_role("button", name=own_language_name(language)).click()  # saved for them
    expect(page.locator("html")).to_have_attribute("lang", bcp47(language))

    page.goto(f"{url}/events/{event_id}/report")
    page.locator("#attendance_total").fill("42")
    country = Locale.parse(language).territories["PE"]
    page.locator("#countries-0-country").fill(country)
    page.locator("#countries-0-attendance").fill("30")
    assert wider_by(page) <= 0
    ensure_frames(page)
    page.get_by_role("button", name=ui(app, language, "Save the report")).click()
    saved = ui(app, language, "The participation report is saved.")
    expect(page.locator("main")).to_contain_text(saved)
    assert wider_by(page) <= 0
    with app.app_context():
        report = db.session.scalars(select(Event).where(Event.id == event_id)).one().report
        assert report.attendance_total == 42
        assert {c.country_code: c.attendance for c in report.countries} == {"PE": 30}
    context.close()
