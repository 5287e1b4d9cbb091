"""An event's edit form shows what is saved, every field of it, and sending it back unchanged
changes nothing, in any language: its first view reads the event's sheet (columns), a post
the Event, and the two must agree."""

import re
from datetime import date, timedelta

from werkzeug.datastructures import MultiDict

from alumni.events.models import Event
from alumni.extensions import db
from tests.auth_helpers import SOCIETY_A, SOCIETY_B, log_in
from tests.events.test_one_form import NEW, as_a_browser, created_id
from tests.events_helpers import make_series
from tests.helpers import get_as
from tests.robustness.forms import form_posting_to

NEXT_MONTH = date.today() + timedelta(days=30)


def everything(app, event_id: int) -> dict:
    """What the database holds of the event and its rows, as plain values."""
    with app.app_context():
        event = db.session.get(Event, event_id)
        columns = ("start_date", "end_date", "start_time", "end_time", "time_zone", "venue")
        columns += ("country_code", "original_language", "edition_number", "status", "kind")
        return {name: getattr(event, name) for name in (*columns, "format")} | {
            "series": event.series.code if event.series else None,
            "texts": {t.language: (t.title, t.description) for t in event.texts},
            "hosts": sorted((h.society.code, h.is_lead) for h in event.hosts),
            "themes": sorted(t.code for t in event.themes),
            "speakers": [
                (s.position, s.name, s.country_code, s.society.code if s.society else None)
                for s in event.speakers
            ],
        }


def shown(client, url: str, language: str) -> MultiDict:
    page = get_as(client, url, language)
    assert page.status_code == 200
    return MultiDict(form_posting_to(page.get_data(as_text=True), url, url))


def full_contest_edition() -> dict:
    day = NEXT_MONTH.isoformat()
    return {
        "kind": "contest_edition",
        "series": "PE-5S",
        "edition_number": "7",
        "original_language": "es",
        "title_es": "Concurso 5S — 7.ª edición",
        "description_es": "Línea uno\nLínea <dos> & más",
        "title_ja": "第7回 5S コンテスト",
        "start_date": day,
        "end_date": (NEXT_MONTH + timedelta(days=1)).isoformat(),
        "start_time": "09:30",
        "end_time": "17:00",
        "time_zone": "America/Lima",
        "format": "hybrid",
        "venue": "Auditorio Ñuñoa & Co.",
        "country": "CL",
        "co_hosts": [SOCIETY_B],
        "themes": ["kaizen", "5s"],
        "speakers-0-name": "Ana Pérez",
        "speakers-0-country": "CL",
        "speakers-0-society": SOCIETY_B,
        "speakers-1-name": "",
        "speakers-1-country": "JP",
        "intent": "publish",
    }


def test_every_saved_value_is_in_the_form_and_an_unchanged_save_keeps_them(app, client, people):
    make_series(app)
    log_in(client, people["officer_a"].email)
    event_id = created_id(as_a_browser(client, NEW, full_contest_edition()))
    saved = everything(app, event_id)
    assert saved["texts"]["ja"] == ("第7回 5S コンテスト", "")
    assert saved["speakers"] == [(1, "Ana Pérez", "CL", SOCIETY_B), (2, "", "JP", None)]
    url = f"/events/{event_id}/edit"

    form = shown(client, url, "en")
    first = int(form["version"])
    assert (form["kind"], form["series"], form["edition_number"]) == (
        "contest_edition",
        "PE-5S",
        "7",
    )
    assert form["original_language"] == "es"
    assert form["title_es"] == "Concurso 5S — 7.ª edición"
    assert form["description_es"] == "Línea uno\nLínea <dos> & más"
    assert (form["title_ja"], form["title_en"]) == ("第7回 5S コンテスト", "")
    assert (form["start_date"], form["end_date"]) == (
        NEXT_MONTH.isoformat(),
        (NEXT_MONTH + timedelta(days=1)).isoformat(),
    )
    assert (form["start_time"], form["end_time"], form["time_zone"]) == (
        "09:30",
        "17:00",
        "America/Lima",
    )
    assert (form["format"], form["venue"], form["country"]) == (
        "hybrid",
        "Auditorio Ñuñoa & Co.",
        "Chile",
    )
    assert form.getlist("co_hosts") == [SOCIETY_B]
    assert sorted(form.getlist("themes")) == ["5s", "kaizen"]
    assert [form[f"speakers-{n}-name"] for n in range(3)] == ["Ana Pérez", "", ""]
    assert [form[f"speakers-{n}-country"] for n in range(3)] == ["Chile", "Japan", ""]
    assert form["speakers-0-society"].endswith(f"({SOCIETY_B})")
    assert form["speakers-1-society"] == ""

    # Sent back as shown, twice (the second from a new view of the form), in English then in
    # Japanese, whose form names the countries and societies in Japanese.
    for language, version in (("en", first + 1), ("ja", first + 2)):
        answer = as_a_browser(client, url, {"intent": "save"}, language)
        assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
        assert everything(app, event_id) == saved
        assert shown(client, url, "en")["version"] == str(version)


def test_the_edit_form_of_an_event_someone_else_leads_shows_its_lead(app, client, people):
    """A co-host's officer edits an event another society leads: the form names that lead,
    offers it no co-host box of its own, and keeps the lead on saving."""
    log_in(client, people["officer_a"].email)
    typed = full_contest_edition() | {"kind": "seminar", "series": "", "edition_number": ""}
    event_id = created_id(as_a_browser(client, NEW, typed))
    other = app.test_client()
    log_in(other, people["officer_b"].email)
    url = f"/events/{event_id}/edit"
    page = get_as(other, url, "en").get_data(as_text=True)
    assert re.search(r"Lead host: [^<]*Peru", page)
    assert f'value="{SOCIETY_A}"' not in page  # the lead is no co-host to tick
    saved = everything(app, event_id)
    assert as_a_browser(other, url, {"intent": "save"}).status_code == 302
    assert everything(app, event_id) == saved
    assert (SOCIETY_A, True) in saved["hosts"]
