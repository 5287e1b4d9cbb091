"""The officer's loop at 360 px, as issue 12's "done when" walks it, in Spanish, Japanese and
English: log in, land on one's page, file the report that is due in one post, post a past
co-hosted seminar with its report in one more post; the federation page counts both.

Every input the officer touches goes through `touch`, so the test counts them."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel import Locale
from flask_babel import force_locale, gettext
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from alumni.auth.models import MembershipRole
from alumni.common.fiscal import fiscal_year_of
from alumni.events.examples import load_examples
from alumni.events.models import Event, EventStatus, Theme
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, make_user
from tests.events_helpers import society_by_code
from tests.support.browser import CHROMIUM_ARGS, chromium_path, ensure_frames

pytestmark = pytest.mark.browser
NEPAL, CO_HOST = "NP-NEPAL", "IN-KERALA"  # the co-host is in another country (India)
MAX_INPUTS = 25
LOCALES = {"es": "es-ES", "ja": "ja-JP", "en": "en-US"}


class Officer:
    """The officer's hands: every fill, click or check is one touched input."""

    def __init__(self, page):
        self.page, self.touched = page, 0

    def touch(self, locator, action="click", *value):
        self.touched += 1
        if action == "click":
            ensure_frames(self.page)
        getattr(locator, action)(*value)

    def start_counting(self):
        self.touched = 0


def _ui(app, language: str, message: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(message, **values)


def _country(language: str, code: str) -> str:
    return Locale.parse(language).territories[code]


def _serious_violations(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [v["id"] for v in found if v["impact"] in ("serious", "critical")]


def _prepare(app, language: str) -> dict:
    with app.app_context():
        load_examples()
        db.session.commit()
        nepal = society_by_code(NEPAL)
        internship = db.session.scalars(
            select(Event).where(Event.lead_society_id == nepal.id, Event.is_example.is_(True))
        ).one()
        kaizen = db.session.scalars(select(Theme).where(Theme.code == "kaizen")).one()
        facts = {
            "internship": internship.id,
            "internship_year": fiscal_year_of(internship.start_date),
            "federation": nepal.federation_code,
            "kaizen": kaizen.names.get(language) or kaizen.names["en"],
        }
    make_user(
        app,
        f"officer-{language}@example.org",
        language=language,
        memberships=[(NEPAL, MembershipRole.OFFICER, date.today() - timedelta(days=400), None)],
    )
    return facts


@pytest.mark.parametrize("language", ["es", "ja", "en"])
def test_an_officer_files_what_is_due_and_posts_a_past_seminar_in_two_posts(live_site, language):
    app, url = live_site.app, live_site.url
    facts = _prepare(app, language)
    ui = lambda message, **values: _ui(app, language, message, **values)  # noqa: E731
    federation_url = f"{url}/federations/{facts['federation']}"
    this_year = fiscal_year_of(date.today() - timedelta(days=10))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale=LOCALES[language], viewport={"width": 360, "height": 740}
        )
        context.set_extra_http_headers({"Accept-Language": language})
        page = context.new_page()
        officer = Officer(page)

        # Before: the internship's report is missing on the federation page.
        page.goto(f"{federation_url}?fy={facts['internship_year']}")
        row = page.locator("table.completeness tbody tr").filter(
            has=page.locator(f"a[href$='/societies/{NEPAL}']")
        )
        before = row.inner_text()
        assert ui("%(filed)s of %(due)s due", filed="0", due="1") in before

        page.goto(url + "/login")
        officer.touch(page.locator("#email"), "fill", f"officer-{language}@example.org")
        officer.touch(page.locator("#password"), "fill", PASSWORD)
        officer.touch(page.get_by_role("button", name=ui("Log in")))
        expect(page).to_have_url(url + "/my/")
        expect(page.get_by_role("heading", level=1)).to_have_text(ui("My page"))
        due = page.locator("#due-heading + ul li").filter(
            has=page.locator(f"a[href$='/events/{facts['internship']}']")
        )
        expect(due).to_contain_text(ui("Report due"))

        # The report that is due, in one form post.
        officer.start_counting()
        officer.touch(due.get_by_role("link", name=ui("File the report")))
        assert _serious_violations(page) == []
        officer.touch(page.locator("#attendance_total"), "fill", "16")
        officer.touch(page.locator("#countries-0-country"), "fill", _country(language, "JP"))
        officer.touch(page.locator("#countries-0-attendance"), "fill", "8")
        officer.touch(page.get_by_role("button", name=ui("Save the report")))
        expect(page.locator("main")).to_contain_text(ui("The participation report is saved."))
        assert officer.touched <= MAX_INPUTS

        page.goto(url + "/my/")
        expect(
            page.locator(f"#due-heading + ul a[href$='/events/{facts['internship']}']")
        ).to_have_count(0)

        # A past seminar co-hosted with India, with its report, in one more form post.
        officer.start_counting()
        day = (date.today() - timedelta(days=10)).isoformat()
        page.goto(f"{url}/societies/{NEPAL}/events/new")
        officer.touch(page.locator(f"#title_{language}"), "fill", "Kaizen 2026 · カイゼン · Mejora")
        officer.touch(page.locator("#start_date"), "fill", day)
        officer.touch(page.locator("#end_date"), "fill", day)
        page.locator("#end_date").dispatch_event("change")
        assert _serious_violations(page) == []
        officer.touch(page.get_by_label(ui("Find a society")), "fill", "kerala")
        officer.touch(page.locator("#co_hosts-choices label:visible span").first)
        officer.touch(page.locator("#themes-choices").get_by_text(facts["kaizen"], exact=True))
        officer.touch(page.locator("#attendance_total"), "fill", "45")
        officer.touch(page.locator("#countries-0-country"), "fill", _country(language, "NP"))
        officer.touch(page.locator("#countries-0-attendance"), "fill", "30")
        officer.touch(page.locator("#countries-1-country"), "fill", _country(language, "IN"))
        officer.touch(page.locator("#countries-1-attendance"), "fill", "15")
        officer.touch(page.get_by_role("button", name=ui("Publish"), exact=True))
        expect(page.get_by_role("heading", level=1)).to_have_text("Kaizen 2026 · カイゼン · Mejora")
        assert officer.touched <= MAX_INPUTS

        # After: the federation page counts the filed report and the new seminar.
        page.goto(f"{federation_url}?fy={facts['internship_year']}")
        after = row.inner_text()
        assert after != before
        assert ui("%(filed)s of %(due)s due", filed="1", due="1") in after
        page.goto(f"{federation_url}?fy={this_year}")
        assert ui("%(filed)s of %(due)s due", filed="1", due="1") in row.inner_text()
        browser.close()

    with app.app_context():
        seminar = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
        assert seminar.status == EventStatus.PUBLISHED
        assert seminar.original_language == language  # the default: the interface language
        assert sorted(h.society.code for h in seminar.hosts) == sorted([NEPAL, CO_HOST])
        assert [t.code for t in seminar.themes] == ["kaizen"]
        assert {c.country_code: c.attendance for c in seminar.report.countries} == {
            "NP": 30,
            "IN": 15,
        }
        assert seminar.lead_host.society.country_code == seminar.country_code == "NP"
