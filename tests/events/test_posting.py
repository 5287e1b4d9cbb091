"""Officers post events for their society, co-hosted across countries; drafts stay hidden."""

import re
from datetime import date, timedelta

from alumni.events.models import EventStatus
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events_helpers import load_event, make_event
from tests.helpers import get_as, page_text


def event_form(**changes) -> dict:
    data = {
        "kind": "seminar",
        "original_language": "es",
        "title_es": "Seminario de kaizen",
        "title_en": "Kaizen seminar",
        "description_es": "Tres días en línea.",
        "start_date": "2026-05-10",
        "end_date": "2026-05-12",
        "time_zone": "America/Lima",
        "format": "online",
        "venue": "",
        "country": "",
        "co_hosts": [SOCIETY_B],
        "themes": ["kaizen", "5s"],
        "series": "",
        "edition_number": "",
        "speakers-0-name": "Ana Torres",
        "speakers-0-country": "PE",
        "speakers-0-society": SOCIETY_A,
        "speakers-1-country": "IN",
    }
    data.update(changes)
    return data


def post_event(client, **changes):
    return client.post(f"/societies/{SOCIETY_A}/events/new", data=event_form(**changes))


def created_id(response) -> int:
    return int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))


def test_officer_posts_a_draft_that_the_public_cannot_see(app, client, people):
    log_in(client, people["officer_a"].email)
    response = post_event(client)
    assert response.status_code == 302
    event_id = created_id(response)
    stored = load_event(app, event_id)
    assert stored["status"] == "draft" and stored["hosts"] == [SOCIETY_A, SOCIETY_B]
    visitor = app.test_client()
    assert visitor.get(f"/events/{event_id}").status_code == 404
    assert "Kaizen seminar" not in page_text(get_as(visitor, "/events/", "en"))
    assert "Kaizen seminar" not in page_text(get_as(visitor, f"/societies/{SOCIETY_A}", "en"))
    assert "Kaizen seminar" not in visitor.get("/events/feed.ics").get_data(as_text=True)
    assert "Kaizen seminar" not in visitor.get("/events/export.csv").get_data(as_text=True)


def test_published_event_shows_on_both_hosts_pages_in_three_languages(app, client, people):
    log_in(client, people["officer_a"].email)
    event_id = created_id(post_event(client))
    assert client.post(f"/events/{event_id}/status/publish").status_code == 302
    visitor = app.test_client()
    for code in (SOCIETY_A, SOCIETY_B):
        assert "Kaizen seminar" in page_text(get_as(visitor, f"/societies/{code}", "en"))
        assert "Seminario de kaizen" in page_text(get_as(visitor, f"/societies/{code}", "es"))
    japanese = page_text(get_as(visitor, f"/events/{event_id}", "ja"))
    assert "Seminario de kaizen" in japanese  # no Japanese title: the original, said so
    assert "スペイン語" in japanese
    page = get_as(visitor, f"/events/{event_id}", "en")
    text = page_text(page)
    assert "Ana Torres" in text and "A speaker from India" in text
    assert 'property="og:title" content="Kaizen seminar"' in page.get_data(as_text=True)


def test_bad_event_input_is_refused_with_values_kept(app, client, people):
    log_in(client, people["officer_a"].email)
    response = post_event(
        client, end_date="2026-05-01", title_es="", time_zone="Mars/Base", venue="x" * 301
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "The last day cannot be before the first day." in page_text(response)
    assert 'value="Kaizen seminar"' in body
    response = post_event(client, title_es="")  # no title in the original language
    assert response.status_code == 422
    assert "Give the event a title in the language it was written in." in page_text(response)


def test_a_date_left_empty_is_required_and_one_that_cannot_be_read_says_so(app, client, people):
    """Nothing typed is not "a date that is not valid": the officer is told the day is
    needed. A date typed that no calendar has is told that, and nothing else."""
    log_in(client, people["officer_a"].email)
    response = post_event(client, start_date="", end_date="")
    assert response.status_code == 422
    shown = page_text(response)
    assert shown.count("This field is required.") == 2
    assert "Not a valid date value." not in shown
    response = post_event(client, start_date="2026-02-30")
    assert response.status_code == 422
    shown = page_text(response)
    assert shown.count("Not a valid date value.") == 1
    assert "This field is required." not in shown
    assert 'value="2026-02-30"' in response.get_data(as_text=True)


def test_a_title_written_with_joiners_is_saved_as_typed(app, client, people):
    """Persian parts words with ZWNJ, emoji join with ZWJ: both are text, not hidden marks."""
    title = "Seminario \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f469"
    log_in(client, people["officer_a"].email)
    response = post_event(client, title_es=title)
    assert response.status_code == 302
    assert load_event(app, created_id(response))["titles"]["es"] == title
    response = post_event(client, title_es="Semi\u200cnario")
    assert response.status_code == 422
    assert "U+200C" in page_text(response)


def test_co_host_officers_edit_but_only_the_lead_host_cancels(app, people):
    event_id = make_event(app, SOCIETY_A, [SOCIETY_B])
    co_host = app.test_client()
    log_in(co_host, people["officer_b"].email)
    assert co_host.get(f"/events/{event_id}/edit").status_code == 200
    assert co_host.post(f"/events/{event_id}/status/cancel").status_code == 403
    assert load_event(app, event_id)["status"] == "published"
    lead = app.test_client()
    log_in(lead, people["officer_a"].email)
    assert lead.post(f"/events/{event_id}/status/cancel").status_code == 302
    assert load_event(app, event_id)["status"] == "cancelled"
    # A cancelled event cannot be published again: not in the workflow table.
    assert lead.post(f"/events/{event_id}/status/publish").status_code == 409
    assert load_event(app, event_id)["status"] == "cancelled"
    assert "Cancelled" in page_text(get_as(app.test_client(), f"/events/{event_id}", "en"))


def test_officer_of_a_non_host_society_is_refused_everywhere(app, people):
    event_id = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    other = app.test_client()
    log_in(other, people["officer_b"].email)
    before = load_event(app, event_id)
    assert other.get(f"/events/{event_id}").status_code == 404
    assert other.get(f"/events/{event_id}/edit").status_code == 403
    assert other.post(f"/events/{event_id}/edit", data=event_form()).status_code == 403
    assert other.post(f"/events/{event_id}/status/publish").status_code == 403
    assert (
        other.post(f"/events/{event_id}/report", data={"attendance_total": "5"}).status_code == 403
    )
    assert other.post(f"/societies/{SOCIETY_A}/events/new", data=event_form()).status_code == 403
    assert load_event(app, event_id) == before


def test_two_officers_saving_at_once_the_second_is_told(app, people):
    event_id = make_event(app, SOCIETY_A, [SOCIETY_B], titles={"en": "Original"})
    first, second = app.test_client(), app.test_client()
    log_in(first, people["officer_a"].email)
    log_in(second, people["officer_b"].email)
    form = event_form(original_language="en", title_en="First", version="1", co_hosts=[SOCIETY_B])
    assert first.post(f"/events/{event_id}/edit", data=form).status_code == 302
    response = second.post(
        f"/events/{event_id}/edit", data=dict(form, title_en="Second officer's title")
    )
    assert response.status_code == 409
    assert "Someone else changed this while you were editing." in page_text(response)
    assert 'value="Second officer&#39;s title"' in response.get_data(as_text=True)
    assert load_event(app, event_id)["titles"]["en"] == "First"


def test_events_list_filters(app, client):
    make_event(
        app,
        SOCIETY_A,
        [SOCIETY_B],
        titles={"en": "Co-hosted"},
        themes=["kaizen"],
        start=date(2022, 3, 31),
    )
    make_event(app, "AR-ARGENTINA", titles={"en": "Argentine"}, start=date(2022, 4, 1))
    make_event(
        app, "AR-ARGENTINA", titles={"en": "Coming"}, start=date.today() + timedelta(days=20)
    )
    make_event(app, SOCIETY_A, titles={"en": "Hidden draft"}, status=EventStatus.DRAFT)

    def titles(query):
        return {
            t
            for t in ("Co-hosted", "Argentine", "Coming", "Hidden draft")
            if t in page_text(get_as(client, f"/events/?{query}", "en"))
        }

    assert titles("") == {"Co-hosted", "Argentine", "Coming"}
    assert titles("fiscal_year=2021") == {"Co-hosted"}  # 31 March 2022 is still FY2021
    assert titles("fiscal_year=2022") == {"Argentine"}
    assert titles("federation=SAFAAS") == {"Co-hosted"}  # through its co-host in India
    assert titles("country=AR") == {"Argentine", "Coming"}
    assert titles("theme=kaizen") == {"Co-hosted"}
    assert titles("when=upcoming") == {"Coming"}
    assert titles("when=past&society=AR-ARGENTINA") == {"Argentine"}
    assert titles("kind=nonsense&fiscal_year=99999999999") == {"Co-hosted", "Argentine", "Coming"}


def test_events_list_pages(app, client):
    for number in range(25):
        make_event(
            app,
            titles={"en": f"Event number {number:02d}"},
            start=date(2020, 1, 1) + timedelta(days=number),
        )
    first = get_as(client, "/events/", "en")
    # No total is counted: the page says which events it shows and offers the next page.
    text = page_text(first)
    assert "Events 1 to 20" in text and "Page 1" in text and "Event number 24" in text
    assert "25 events" not in text and "of 2" not in text
    assert 'href="/events/?page=2">Next</a>' in first.get_data(as_text=True)
    second = get_as(client, "/events/?page=2", "en")
    text = page_text(second)
    assert "Events 21 to 25" in text and "Event number 00" in text
    assert "Event number 24" not in text and ">Next</a>" not in second.get_data(as_text=True)
    assert 'href="/events/?page=1">Previous</a>' in second.get_data(as_text=True)
    assert get_as(client, "/events/?page=99999999999999999999", "en").status_code == 200
    # Past the last page: said so, with the way back to the first (not "no event matches
    # these filters", nor a "Previous" link to page 9,999).
    past = get_as(client, "/events/?kind=seminar&page=5", "en")
    assert "This page is past the last one. Go to the first page" in page_text(past)
    assert "No event matches" not in page_text(past)
    body = past.get_data(as_text=True)
    assert 'href="/events/?kind=seminar">Go to the first page</a>' in body
    assert ">Previous</a>" not in body


def test_a_made_up_speaker_country_is_refused_with_the_form_kept(app, client, people):
    log_in(client, people["officer_a"].email)
    response = post_event(client, **{"speakers-0-country": "ZZ"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert 'value="Ana Torres"' in body and 'value="ZZ"' in body
    assert "Unknown country or region: choose one of the suggestions." in page_text(response)


def test_the_event_page_names_its_time_zone_in_the_readers_language(app, client):
    event_id = make_event(app, SOCIETY_A)  # in America/Lima
    for language, name in (("es", "hora de Perú"), ("ja", "ペルー時間"), ("en", "Peru Time")):
        text = page_text(get_as(client, f"/events/{event_id}", language))
        assert f"({name})" in text and "America/Lima" not in text


def test_the_hosts_officers_find_their_drafts_on_the_society_page(app, client, people):
    log_in(client, people["officer_a"].email)
    draft = created_id(post_event(client, title_en="Draft seminar"))
    published = created_id(post_event(client, title_en="Published seminar", intent="publish"))
    assert load_event(app, draft)["status"] == "draft"
    assert load_event(app, published)["status"] == "published"
    co_host = app.test_client()
    log_in(co_host, people["officer_b"].email)
    # The lead host's page to its officer, the co-host's to its own.
    for reader, society in ((client, SOCIETY_A), (co_host, SOCIETY_B)):
        page = get_as(reader, f"/societies/{society}", "en").get_data(as_text=True)
        drafts = page.split('id="drafts-heading"')[1].split("</section>")[0]
        assert "Draft seminar" in drafts and "Published seminar" not in drafts
    visitor = get_as(app.test_client(), f"/societies/{SOCIETY_A}", "en").get_data(as_text=True)
    assert 'id="drafts-heading"' not in visitor
