"""Post and report in one form: a past event is published with its report in one post, the
form starts from the officer's context, and its pickers stay small."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from alumni.events.models import Event
from alumni.extensions import db
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events_helpers import load_event, make_event
from tests.helpers import get_as, page_text
from tests.robustness.forms import form_posting_to
from tests.support.queries import count_queries

NEW = f"/societies/{SOCIETY_A}/events/new"
LAST_WEEK = date.today() - timedelta(days=7)
MAX_TYPED = 25


def as_a_browser(client, url: str, typed: dict, language="en"):
    """Post the page's form as a browser sends it, with TYPED changed (≤ 25 inputs)."""
    assert len(typed) <= MAX_TYPED
    page = get_as(client, url, language)
    assert page.status_code == 200
    data = MultiDict(form_posting_to(page.get_data(as_text=True), url, url))
    for name, value in typed.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return client.post(url, data=data, headers={"Accept-Language": language})


def past_seminar(**changes) -> dict:
    typed = {
        "title_en": "Kaizen seminar with Kerala",
        "start_date": LAST_WEEK.isoformat(),
        "end_date": (LAST_WEEK + timedelta(days=1)).isoformat(),
        "format": "online",
        "co_hosts": [SOCIETY_B],
        "themes": ["kaizen", "5s"],
        "speakers-0-name": "Priya Nair",
        "speakers-0-country": "India",
        "attendance_total": "90",
        "distinct_participants": "50",
        "speakers_count": "1",
        "countries-0-country": "Peru",
        "countries-0-attendance": "60",
        "countries-1-country": "IN",
        "countries-1-attendance": "20",
        "intent": "publish",
    }
    return typed | changes


def speaks(app, person, language: str) -> None:
    """The officer's saved interface language, which the site follows once logged in."""
    from sqlalchemy import update

    from alumni.auth.models import User

    with app.app_context():
        db.session.execute(update(User).where(User.id == person.id).values(language=language))
        db.session.commit()


def event_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Event))


def created_id(response) -> int:
    return int(re.search(r"/events/(\d+)$", response.headers["Location"]).group(1))


def test_a_past_seminar_is_posted_published_and_reported_in_one_post(app, client, people):
    log_in(client, people["officer_a"].email)
    before = event_count(app)
    typed = past_seminar()
    response = as_a_browser(client, NEW, typed)
    assert response.status_code == 302
    stored = load_event(app, created_id(response))
    assert stored["status"] == "published"
    assert stored["hosts"] == [SOCIETY_A, SOCIETY_B]
    assert stored["report"] == 90 and stored["countries"] == {"PE": 60, "IN": 20}
    assert event_count(app) == before + 1
    page = page_text(client.get(response.headers["Location"]))
    assert "The event is published with its participation report." in page
    assert "Priya Nair" in page and "90 participants (cumulative, 延べ)" in page


def test_the_same_post_sent_twice_acts_once(app, client, people):
    log_in(client, people["officer_a"].email)
    page = client.get(NEW).get_data(as_text=True)
    data = MultiDict(form_posting_to(page, NEW, NEW))
    for name, value in past_seminar().items():
        data.setlist(name, value if isinstance(value, list) else [value])
    before = event_count(app)
    first = client.post(NEW, data=data)
    second = client.post(NEW, data=data)
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert event_count(app) == before + 1


def test_an_unknown_country_is_refused_at_its_line_and_nothing_is_saved(app, client, people):
    speaks(app, people["officer_a"], "es")
    log_in(client, people["officer_a"].email)
    before = event_count(app)
    response = as_a_browser(client, NEW, past_seminar(**{"countries-1-country": "Narnia"}), "es")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    errors = re.search(r'<ul class="errors" id="countries-1-country-errors">(.*?)</ul>', body, re.S)
    assert "País o región desconocido" in errors.group(1)
    assert 'value="Narnia"' in body and 'value="Kaizen seminar with Kerala"' in body
    assert event_count(app) == before


def test_a_report_the_rules_refuse_saves_no_event_either(app, client, people):
    log_in(client, people["officer_a"].email)
    before = event_count(app)
    response = as_a_browser(client, NEW, past_seminar(distinct_participants="95"))
    assert response.status_code == 422
    assert "cannot be below the number of distinct participants" in page_text(response)
    assert 'value="95"' in response.get_data(as_text=True)
    assert event_count(app) == before


def test_a_draft_stays_possible_and_a_future_event_is_published_in_one_step(app, client, people):
    log_in(client, people["officer_a"].email)
    day = LAST_WEEK.isoformat()
    plan = {"title_en": "Still a plan", "start_date": day, "end_date": day, "intent": "draft"}
    draft = as_a_browser(client, NEW, plan)
    assert draft.status_code == 302
    assert load_event(app, created_id(draft))["status"] == "draft"
    soon = (date.today() + timedelta(days=30)).isoformat()
    typed = {"title_en": "Next month", "start_date": soon, "end_date": soon, "intent": "publish"}
    future = as_a_browser(client, NEW, typed)
    assert future.status_code == 302
    stored = load_event(app, created_id(future))
    assert stored["status"] == "published" and stored["report"] is None


def test_a_draft_is_published_from_its_edit_form(app, client, people):
    from alumni.events.models import EventStatus

    event_id = make_event(app, SOCIETY_A, status=EventStatus.DRAFT)
    log_in(client, people["officer_a"].email)
    url = f"/events/{event_id}/edit"
    assert "Save as draft" in page_text(client.get(url))
    typed = {"attendance_total": "12", "intent": "publish"}
    assert as_a_browser(client, url, typed).status_code == 302
    stored = load_event(app, event_id)
    assert stored["status"] == "published" and stored["report"] == 12
    assert "Save as draft" not in page_text(client.get(url))


def test_the_new_event_form_starts_from_the_officers_context(app, client, people):
    speaks(app, people["officer_a"], "es")
    log_in(client, people["officer_a"].email)
    body = get_as(client, NEW, "es").get_data(as_text=True)
    assert re.search(r'<option selected value="es">|<option value="es" selected>', body)
    zones = re.search(r'<select id="time_zone" name="time_zone">(.*?)</select>', body, re.S)
    first = re.search(r"<option[^>]*>", zones.group(1)).group(0)
    assert 'value="America/Lima"' in first and "selected" in first
    assert "hora de Perú" in zones.group(1) and len(re.findall("<option", zones.group(1))) < 150
    assert re.search(r'<input[^>]*id="country"[^>]*value="Perú"', body)


def test_the_forms_stay_small_without_long_selects(app, client, people):
    from alumni.events.examples import load_examples

    with app.app_context():
        load_examples()
        db.session.commit()
    event_id = make_event(app, SOCIETY_A, co_hosts=[SOCIETY_B])
    log_in(client, people["officer_a"].email)
    for language in ("en", "ja", "es"):
        speaks(app, people["officer_a"], language)
        for url in (NEW, f"/events/{event_id}/edit", f"/events/{event_id}/report"):
            body = get_as(client, url, language).get_data(as_text=True)
            assert len(body.encode()) < 60 * 1024, (url, language, len(body.encode()))
            for select_id, options in re.findall(
                r'<select id="([^"]+)"[^>]*>(.*?)</select>', body, re.S
            ):
                assert select_id == "time_zone" or options.count("<option") <= 60, select_id


def test_the_report_form_of_an_existing_event_in_one_post(app, client, people):
    event_id = make_event(app, SOCIETY_A, days=2)
    speaks(app, people["officer_a"], "ja")
    log_in(client, people["officer_a"].email)
    typed = {
        "attendance_total": "70",
        "distinct_participants": "40",
        "countries-0-country": "ペルー",
        "countries-0-attendance": "50",
        "countries-1-country": "np",
        "countries-1-attendance": "5",
    }
    url = f"/events/{event_id}/report"
    assert as_a_browser(client, url, typed, "ja").status_code == 302
    assert load_event(app, event_id)["countries"] == {"PE": 50, "NP": 5}


def test_a_time_of_day_is_checked_and_shown_in_the_events_zone(app, client, people):
    log_in(client, people["officer_a"].email)
    day = LAST_WEEK.isoformat()
    typed = {"title_en": "Morning", "start_date": day, "end_date": day, "intent": "publish"}
    late = as_a_browser(client, NEW, typed | {"start_time": "11:00", "end_time": "09:00"})
    assert late.status_code == 422
    assert "On a one-day event, it cannot end before it starts." in page_text(late)
    done = as_a_browser(client, NEW, typed | {"start_time": "09:00", "end_time": "11:30"})
    assert done.status_code == 302
    page = page_text(get_as(app.test_client(), done.headers["Location"], "en"))
    assert "9:00 AM–11:30 AM, Peru Time" in page
    assert "(Peru Time)" not in page  # the zone once: the hours name it


def test_the_edit_form_offers_what_was_added_after_it_was_shown(app, client, people):
    """Its choices are built once per content version: a new theme, a renamed society, a
    new series are in the next form, in the reader's language."""
    from alumni.events.models import Cadence, Series, Theme
    from alumni.societies.models import SocietyText
    from tests.events_helpers import society_by_code

    event_id = make_event(app, SOCIETY_A)
    log_in(client, people["officer_a"].email)
    url = f"/events/{event_id}/edit"
    before = get_as(client, url, "en").get_data(as_text=True)
    assert 'value="lean-office"' not in before and "Kerala renamed" not in before
    with app.app_context():
        db.session.add(Theme(code="lean-office", names={"en": "Lean office", "ja": "リーン"}))
        db.session.add(
            Series(
                code="NEW-5S",
                society_id=society_by_code(SOCIETY_A).id,
                cadence=Cadence.YEARLY,
                first_year=2020,
            )
        )
        text = db.session.scalars(
            select(SocietyText).where(
                SocietyText.society_id == society_by_code(SOCIETY_B).id,
                SocietyText.language == "en",
            )
        ).one()
        text.name = "Kerala renamed"
        db.session.commit()
    after = page_text(get_as(client, url, "en"))
    assert "Lean office" in after and "Kerala renamed" in after
    html = get_as(client, url, "en").get_data(as_text=True)
    assert re.search(r'<option value="NEW-5S">', html)
    # The checkboxes are drawn once per content version too: drawn again, with the new names.
    assert re.search(r'name="themes" type="checkbox" value="lean-office"> <span>Lean office<', html)
    assert re.search(r'name="co_hosts" [^>]*> <span>Kerala renamed — ', html)
    speaks(app, people["officer_a"], "ja")
    assert "リーン" in page_text(get_as(client, url, "ja"))


def test_wtforms_messages_follow_the_readers_language_from_one_request_to_the_next(
    app, client, people
):
    """WTForms' own catalogues are kept per worker (common/forms.py), one per language."""
    log_in(client, people["officer_a"].email)
    for language, message in (
        ("es", "No es un valor entero válido."),
        ("ja", "無効な整数です。"),
        ("en", "Not a valid integer value."),
    ):
        speaks(app, people["officer_a"], language)
        answer = as_a_browser(client, NEW, past_seminar(attendance_total="12a"), language)
        assert answer.status_code == 422
        assert message in page_text(answer)


def test_a_length_bound_is_written_as_the_readers_language_writes_numbers(app, client, people):
    """TextLength (common/validators.py): WTForms' own message printed "20000" in any language."""
    log_in(client, people["officer_a"].email)
    before = event_count(app)
    too_long = "Ñandú 会場 " * 2223  # 20,007 characters
    for language, message in (
        ("en", "Enter at most 20,000 characters."),
        ("es", "Escriba como máximo 20.000 caracteres."),
        ("ja", "20,000 文字以内で入力してください。"),
        ("fr", "Saisissez au plus 20\u202f000 caractères."),
    ):
        speaks(app, people["officer_a"], language)
        answer = as_a_browser(client, NEW, past_seminar(description_en=too_long), language)
        assert answer.status_code == 422
        body = answer.get_data(as_text=True)
        errors = re.search(r'<ul class="errors" id="description_en-errors">(.*?)</ul>', body, re.S)
        assert message in errors.group(1), language
        assert too_long.strip() in body  # what was typed is kept
    assert event_count(app) == before


def test_the_edit_form_of_an_event_without_photos_asks_for_no_files(app, client, people):
    """Whether it has photos rides on the event's own statement (as on its page)."""
    event = make_event(app, SOCIETY_A)
    log_in(client, people["officer_a"].email)
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        form = get_as(client, f"/events/{event}/edit", "en")
    assert form.status_code == 200 and "Nothing attached yet." in form.get_data(as_text=True)
    [asked] = [statement for statement in statements if "attachment" in statement]
    assert "EXISTS" in asked.upper() and "FROM event" in asked  # not a statement of its own
