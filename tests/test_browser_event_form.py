"""The event form with a thumb (360 px): theme boxes checked by their labels, a co-host found
with the search box, a speaker added with the button, and the report in the same post."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import select

from alumni.events.models import Event
from alumni.extensions import db
from tests.auth_helpers import PASSWORD, SOCIETY_A, SOCIETY_B
from tests.support.browser import CHROMIUM_ARGS, chromium_path

pytestmark = pytest.mark.browser


# For each picker: labels that overlap the next one, and boxes outside their own label's text.
MISPLACED = """(id) => {
  const labels = [...document.querySelectorAll(`#${id} label`)];
  const bad = [];
  labels.forEach((label, i) => {
    const box = label.querySelector("input").getBoundingClientRect();
    const text = label.querySelector("span").getBoundingClientRect();
    if (box.bottom < text.top || box.top > text.bottom) bad.push(label.textContent.trim());
    const next = labels[i + 1];
    if (next && next.getBoundingClientRect().left === label.getBoundingClientRect().left
        && next.getBoundingClientRect().top < text.bottom - 1) bad.push(label.textContent.trim());
  });
  return bad;
}"""


def test_a_past_seminar_with_its_report_in_one_post_at_360_px(live_site):
    url, people = live_site.url, live_site.people
    day = (date.today() - timedelta(days=5)).isoformat()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(
            locale="en-US", viewport={"width": 360, "height": 740}
        ).new_page()
        page.goto(url + "/login")
        page.get_by_label("E-mail address").fill(people["officer_a"].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{url}/societies/{SOCIETY_A}/events/new")
        for picker in ("co_hosts-choices", "themes-choices"):
            assert page.evaluate(MISPLACED, picker) == [], picker
        participation = page.locator("#participation")
        expect(participation).to_be_hidden()  # the dates are not in the past yet
        page.locator("#title_en").fill("Thumb seminar")
        page.locator("#start_date").fill(day)
        page.locator("#end_date").fill(day)
        page.locator("#end_date").dispatch_event("change")
        expect(participation).to_be_visible()
        # The labels' text, clicked: each box is inside its own label.
        themes = page.locator("#themes-choices")
        themes.get_by_text("Kaizen", exact=True).click()
        themes.get_by_text("Productivity", exact=True).click()
        page.get_by_label("Find a society").fill("kerala")
        hosts = page.locator("#co_hosts-choices label:visible")
        expect(hosts).to_have_count(1)
        hosts.first.locator("span").click()
        page.locator("#speakers-0-name").fill("Ana Torres")
        page.get_by_role("button", name="Add a speaker").click()
        page.locator("#speakers-1-name").fill("Priya Nair")
        page.locator("#speakers-1-country").fill("India")
        page.locator("#attendance_total").fill("40")
        page.locator("#countries-0-country").fill("Peru")
        page.locator("#countries-0-attendance").fill("30")
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thumb seminar")
        expect(page.locator("main")).to_contain_text("40 participants (cumulative, 延べ)")
        browser.close()
    with live_site.app.app_context():
        event = db.session.scalars(select(Event).order_by(Event.id.desc())).first()
        assert sorted(t.code for t in event.themes) == ["kaizen", "productivity"]
        assert [h.society.code for h in event.hosts] == [SOCIETY_A, SOCIETY_B]
        assert [s.name for s in event.speakers] == ["Ana Torres", "Priya Nair"]
        assert event.status.value == "published" and event.report.attendance_total == 40
