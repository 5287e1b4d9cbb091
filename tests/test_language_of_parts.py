"""A society's name shown in another language than the page's is marked with it (`lang`),
wherever a page prints it within a line: lists, an event's facts, forms, the WNF pages, an
officer's own page, the events list's society filter (WCAG 3.1.2). Text (an export, the
API) stays plain, and so do options that join the name with words in the page's language.

PE-PERU is named in English and Japanese only: a Spanish page shows its English name, a
Japanese page its own name, unmarked."""

import re

from alumni.events.models import Speaker
from alumni.extensions import db
from alumni.grants.models import GrantStatus
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events.test_one_form import speaks
from tests.events_helpers import make_event, make_series, society_by_code
from tests.grants_helpers import donate, make_grant
from tests.helpers import get_as

ENGLISH = '<span lang="en">Peru alumni society</span>'
JAPANESE = "ペルー同窓会"
MARKED_JAPANESE = re.compile(r'<span lang="[^"]*">ペルー同窓会')


def html(client, url: str, language: str) -> str:
    page = get_as(client, url, language)
    assert page.status_code == 200, url
    return page.get_data(as_text=True)


def speaking(app, event_id: int, society: str) -> None:
    with app.app_context():
        speaker = Speaker(event_id=event_id, position=1, name="Ana Pérez")
        speaker.society = society_by_code(society)
        db.session.add(speaker)
        db.session.commit()


def test_public_pages_mark_a_name_in_another_language(app, client):
    make_series(app)
    event_id = make_event(app, lead=SOCIETY_B, co_hosts=[SOCIETY_A], series="PE-5S", edition=3)
    speaking(app, event_id, SOCIETY_A)
    donate(app, 1_000_000)
    make_grant(app, host=SOCIETY_A, cooperators=(), status=GrantStatus.APPROVED)
    pages = ("/events/", f"/events/{event_id}", "/series/PE-5S", f"/societies/{SOCIETY_A}")
    pages += ("/wnf/",)
    for url in pages:
        page = html(client, url, "es")
        assert ENGLISH in page, url
        page = html(client, url, "ja")
        assert JAPANESE in page, url
        assert not MARKED_JAPANESE.search(page), url
    # The event's facts: both hosts, and the speaker's society.
    assert html(client, f"/events/{event_id}", "es").count(ENGLISH) == 2


def test_text_stays_plain(app, client):
    event_id = make_event(app, lead=SOCIETY_A)
    export = get_as(client, "/events/export.csv", "es").get_data(as_text=True)
    assert "Peru alumni society" in export
    assert "<span" not in export
    found = client.get(f"/api/v1/events/{event_id}", headers={"Accept-Language": "es"}).get_json()
    assert "Peru alumni society" in str(found)
    assert "<span" not in str(found)


def test_an_officers_pages_mark_it_too(app, client, people):
    event_id = make_event(app, lead=SOCIETY_A)
    speaks(app, people["officer_a"], "es")
    log_in(client, people["officer_a"].email)
    assert f"Anfitrión principal: {ENGLISH}" in html(client, f"/events/{event_id}/edit", "es")
    assert ENGLISH in html(client, "/my/", "es")
    assert ENGLISH in html(client, "/account", "es")
    speaks(app, people["officer_a"], "ja")
    page = html(client, f"/events/{event_id}/edit", "ja")
    assert JAPANESE in page
    assert not MARKED_JAPANESE.search(page)


def society_filter(client, url: str, language: str) -> str:
    page = html(client, url, language)
    return re.search(r'<select[^>]*name="society".*?</select>', page, re.S).group(0)


def test_the_society_filter_marks_a_name_in_another_language(app, client):
    make_event(app, lead=SOCIETY_A)
    options = society_filter(client, "/events/", "es")
    assert f'<option value="{SOCIETY_A}" lang="en">Peru alumni society</option>' in options
    # Chosen, it is still marked, and it is the one option chosen.
    options = society_filter(client, f"/events/?society={SOCIETY_A}", "es")
    chosen = f'<option selected value="{SOCIETY_A}" lang="en">Peru alumni society</option>'
    assert chosen in options
    assert options.count("selected") == 1
    options = society_filter(client, "/events/", "ja")
    assert f'<option value="{SOCIETY_A}">{JAPANESE}</option>' in options
