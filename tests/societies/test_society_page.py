"""A society's page, drawn once per content version for visitors who are not logged in
(societies/society_page.py): each visitor still sees their own page, and every change the
page shows reaches the next visitor of the same worker."""

from datetime import date, timedelta

from sqlalchemy import select

from alumni.auth.models import Membership, User
from alumni.common import caching
from alumni.extensions import db
from alumni.societies import queries
from tests.auth_helpers import SOCIETY_A, log_in, pages_in_turn
from tests.helpers import get_as, page_text
from tests.societies.test_editing import profile_form

PAGE = f"/societies/{SOCIETY_A}"
EDIT = "Edit the profile"


def shown_publicly(app, person, term_end=None) -> int:
    """PERSON's office in society A shown on its page, ending on TERM_END if given; its id."""
    with app.app_context():
        membership = db.session.scalars(
            select(Membership).where(Membership.user_id == person.id)
        ).one()
        membership.show_publicly = True
        if term_end is not None:
            membership.term_end = term_end
        db.session.commit()
        return membership.id


def test_a_visitor_and_the_officers_each_see_their_own_page_from_one_worker(app, people):
    officer, other, visitor = app.test_client(), app.test_client(), app.test_client()
    log_in(officer, people["officer_a"].email)
    log_in(other, people["officer_b"].email)
    assert EDIT not in page_text(get_as(visitor, PAGE, "en"))
    assert EDIT in page_text(get_as(officer, PAGE, "en"))
    assert EDIT not in page_text(get_as(other, PAGE, "en"))
    # The officer's page was drawn after the visitor's: the visitor's is still theirs.
    again = page_text(get_as(visitor, PAGE, "en"))
    assert EDIT not in again and "Peru" in again
    assert "Perú" in page_text(get_as(app.test_client(), PAGE, "es"))


def test_a_saved_profile_and_a_renamed_officer_reach_the_next_visitor(app, people):
    visitor = app.test_client()
    membership = shown_publicly(app, people["officer_a"])
    assert "Officer_A" in page_text(get_as(visitor, PAGE, "en"))
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    for text in ("We run the 5S award.", "We run the 5S award, twice a year."):  # saved again
        data = profile_form(officer, SOCIETY_A) | {"description_en": text}
        data["shown_memberships"] = str(membership)
        assert officer.post(f"{PAGE}/edit", data=data).status_code == 302
        assert text in page_text(get_as(visitor, PAGE, "en"))
        # The officer's own page, kept under their standing, shows it as well.
        mine = page_text(get_as(officer, PAGE, "en"))
        assert text in mine and EDIT in mine
    with app.app_context():
        db.session.get(User, people["officer_a"].id).name = "Ana Quispe Mamani"
        db.session.commit()
    shown = page_text(get_as(visitor, PAGE, "en"))
    assert "Ana Quispe Mamani (President)" in shown and "Officer_A" not in shown


def test_an_officer_whose_term_ended_yesterday_is_gone_the_next_day(app, people, monkeypatch):
    """No commit happens at midnight: the day is in what the page is kept under."""
    shown_publicly(app, people["officer_a"], term_end=date.today())
    visitor = app.test_client()
    assert "Officer_A" in page_text(get_as(visitor, PAGE, "en"))
    tomorrow = date.today() + timedelta(days=1)
    for module in (caching, queries):
        monkeypatch.setattr(module, "today", lambda: tomorrow)
    app.config["PAGE_CACHE_MB"] = 0  # the page cache has its own day (test_page_cache.py)
    app.extensions.pop("page_cache", None)
    assert "Officer_A" not in page_text(get_as(visitor, PAGE, "en"))


def test_an_unknown_society_is_not_found_and_not_kept(app):
    visitor = app.test_client()
    for _ in range(2):
        assert visitor.get("/societies/XX-NOWHERE").status_code == 404
    kept = app.extensions.get("per_version:society_page", {}).get("values", {})
    assert not any(key[0] == "XX-NOWHERE" for key in kept)
    assert visitor.get("/societies/" + "X" * 41).status_code == 404


BUTTONS = ("Edit the profile", "Change the status", "Post an event", "Apply for a WNF grant")
# What each person may do on society A's page (auth/permissions.py).
SHOWN = {
    "staff": {"Edit the profile", "Change the status", "Post an event"},
    "admin": {"Edit the profile", "Change the status", "Post an event"},
    "officer_a": {"Edit the profile", "Post an event", "Apply for a WNF grant"},
    "officer_b": set(),
    "expired_officer": set(),
    "member": set(),
    "committee": set(),
}


def test_each_standing_sees_its_own_buttons_whoever_asked_first(app, people):
    """The logged-in page is kept per standing (staff, officer of the society): asked by
    staff, then by the society's officer, by others and by staff again, nobody gets
    another's buttons."""
    order = ["staff", "officer_a", "officer_b", "member", "admin", "expired_officer"]
    order += ["committee", "officer_a", "staff"]
    for role, shown in pages_in_turn(app, people, order, PAGE):
        assert {b for b in BUTTONS if b in shown} == SHOWN[role], role
    assert not any(b in page_text(get_as(app.test_client(), PAGE, "en")) for b in BUTTONS)


def test_an_officer_whose_office_is_taken_away_loses_the_buttons_at_once(app, people):
    officer = app.test_client()
    log_in(officer, people["officer_a"].email)
    assert EDIT in page_text(get_as(officer, PAGE, "en"))
    with app.app_context():
        membership = db.session.scalars(
            select(Membership).where(Membership.user_id == people["officer_a"].id)
        ).one()
        membership.term_end = date.today() - timedelta(days=1)
        db.session.commit()
    assert EDIT not in page_text(get_as(officer, PAGE, "en"))
