"""A series' page, drawn once per content version for visitors who are not logged in
(events/series_page.py): each visitor sees their own page, every change reaches the next."""

from alumni.events.models import EventKind, EventStatus
from tests.auth_helpers import log_in, pages_in_turn
from tests.events_helpers import make_event, make_series
from tests.helpers import get_as, page_text

PAGE = "/series/PE-5S"
ADD = "Add the next edition"


def edition(app, number: int, title: str, status=EventStatus.PUBLISHED) -> int:
    return make_event(
        app,
        kind=EventKind.CONTEST_EDITION,
        series="PE-5S",
        edition=number,
        titles={"en": title},
        status=status,
    )


def test_a_visitor_and_the_officers_each_see_their_own_series_page(app, people):
    make_series(app)
    edition(app, 1, "First 5S contest")
    officer, other, visitor = app.test_client(), app.test_client(), app.test_client()
    log_in(officer, people["officer_a"].email)
    log_in(other, people["officer_b"].email)
    assert ADD not in page_text(get_as(visitor, PAGE, "en"))
    assert ADD in page_text(get_as(officer, PAGE, "en"))
    assert ADD not in page_text(get_as(other, PAGE, "en"))
    again = page_text(get_as(visitor, PAGE, "en"))
    assert ADD not in again and "First 5S contest" in again


def test_a_new_edition_reaches_the_next_visitor_and_a_draft_does_not(app):
    make_series(app)
    edition(app, 1, "First 5S contest")
    visitor = app.test_client()
    assert "No. 1" in page_text(get_as(visitor, PAGE, "en"))
    edition(app, 2, "Second 5S contest")
    edition(app, 3, "Third, still a draft", status=EventStatus.DRAFT)
    shown = page_text(get_as(visitor, PAGE, "en"))
    assert "Second 5S contest" in shown and "Third, still a draft" not in shown


def test_an_unknown_series_is_not_found_and_not_kept(app):
    visitor = app.test_client()
    for _ in range(2):
        assert visitor.get("/series/XX-NONE").status_code == 404
    kept = app.extensions.get("per_version:series_page", {}).get("values", {})
    assert not any(key[0] == "XX-NONE" for key in kept)


def test_each_standing_sees_its_own_button_whoever_asked_first(app, people):
    """Kept per standing (staff, officer of the organising society): staff, the society's
    officer, another society's, a member and the committee, in an order where a page kept
    for the wrong standing would show."""
    make_series(app)
    edition(app, 1, "First 5S contest")
    may_add = {"staff": True, "officer_a": True, "admin": True}
    order = ["staff", "officer_b", "officer_a", "member", "committee", "admin", "officer_b"]
    for role, shown in pages_in_turn(app, people, order, PAGE):
        assert (ADD in shown) == may_add.get(role, False), role
        assert "First 5S contest" in shown
