"""An event page's facts and report are written in Python (events/event_facts.py): the same
HTML as the template's markup they replaced (kept here, as it was), in any language and for
any kind of event."""

from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select

from alumni.common import driver_reads
from alumni.common.urls import external_url
from alumni.events import event_facts, presenters, sheet
from alumni.events.models import (
    Event,
    EventFormat,
    EventKind,
    EventText,
)
from alumni.extensions import db
from tests.events_helpers import make_event, make_series, report_countries, speakers
from tests.support.queries import count_queries

# templates/events/event.html's facts and report before they were written in Python.
PARTS = ("facts", "report", "about")
FACTS, REPORT, ABOUT = (
    Path(__file__).parent / "templates" / f"event_{part}.html" for part in PARTS
)


@pytest.fixture
def events(app) -> list[int]:
    """Events of every shape the facts and the report draw."""
    make_series(app)
    plain = make_event(app, titles={"en": "Plain"})
    full = make_event(
        app,
        "PE-PERU",
        ["IN-KERALA"],
        titles={"en": "Kaizen <day> & more", "ja": "改善の日"},
        themes=["kaizen", "5s"],
        attendance=1234,
        days=3,
        series="PE-5S",
        edition=4,
        country="PE",
        kind=EventKind.CONTEST_EDITION,
    )
    bare_report = make_event(app, titles={"ja": "報告"}, original="ja", attendance=7)
    with app.app_context():
        event = db.session.get(Event, full)
        event.venue = "Hall <A> & B"
        event.format = EventFormat.HYBRID
        event.start_time, event.end_time = time(9, 15), time(17, 30)
        event.speakers = speakers(
            ("Ana <Quispe>", "PE", "IN-KERALA"),
            ("", "JP", None),
            ("", None, None),
            ("Bo", None, None),
        )
        event.report.distinct_participants = 1000
        event.report.speakers_count = 4
        event.report.countries = report_countries(("AR", 5), ("IN", 1200))
        for text in event.texts:  # in Japanese only: shown in it, said, in other languages
            text.description = "改善 <の> 日" if text.language == "ja" else ""
        bare = db.session.get(Event, bare_report)
        bare.time_zone = "UTC"
        bare.texts.append(EventText(language="en", title="Report", description="In English"))
        db.session.commit()
    return [plain, full, bare_report]


@pytest.mark.parametrize("language", ["en", "ja", "es", "fr"])
def test_the_facts_and_report_are_the_templates_html(app, events, language):
    with app.test_request_context(f"/?lang={language}", headers={"Accept-Language": language}):
        app.preprocess_request()
        facts, report, about = (
            app.jinja_env.from_string(p.read_text()) for p in (FACTS, REPORT, ABOUT)
        )
        for _round in range(2):  # drawn, then from what was kept
            for event_id in events:
                event = sheet.event_sheet(event_id)
                assert str(event_facts.facts_html(event)) == facts.render(event=event)
                drawn = str(event_facts.report_html(event))
                assert (drawn + "\n" if drawn else "") == report.render(event=event)
                description = presenters.event_description(event)
                drawn = str(event_facts.about_html(description)) if description.text else ""
                assert (drawn + "\n" if drawn else "") == about.render(description=description)
            link = app.jinja_env.from_string(
                "<p><a href=\"{{ url_for('events.index') }}\">{{ _('All events') }}</a></p>"
            )
            assert str(event_facts.all_events_html()) == link.render()
            for event_id in events:
                address = external_url("events.event", event_id=event_id)
                assert event_facts.event_address(sheet.event_sheet(event_id)) == address


def test_the_page_shows_the_facts_and_report(app, client, events):
    page = client.get(f"/events/{events[1]}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert "<dt>Venue</dt><dd>Hall &lt;A&gt; &amp; B, Peru</dd>" in text
    assert '<ul class="plain"><li>Ana &lt;Quispe&gt; <span class="meta">(Peru)</span> — ' in text
    assert '<p class="figure-value">1,234 participants (cumulative, 延べ)</p>' in text
    assert '<td class="num">1,200</td>' in text and ">Country not stated</th>" in text


def test_the_sheet_reads_on_the_driver_what_core_reads(app, events):
    """The event's statements run on the driver connection give Core's rows, value for value
    and type for type (dates, enums, JSON), on either database."""
    with app.test_request_context("/events/"):
        for statement in sheet._statements().values():
            for event_id in events:
                params = {"event_id": event_id}
                driver = driver_reads.rows(statement, params)
                core = [tuple(row) for row in db.session.execute(statement, params)]
                db.session.remove()
                assert driver == core and driver
                assert [list(map(type, row)) for row in driver] == [
                    list(map(type, row)) for row in core
                ]


def test_the_sheet_reads_in_core_when_statements_are_counted_or_a_transaction_is_open(app, events):
    statement = sheet._statements()["event"]
    with app.test_request_context("/events/"):
        with count_queries(db.engine) as statements:
            assert driver_reads.rows(statement, {"event_id": events[0]}) is None
            assert sheet.event_sheet(events[0]).id == events[0]
        # The event's two statements, through Core (with the version and the names).
        assert sum(s.startswith(("SELECT event.id", "SELECT 0 AS part")) for s in statements) == 2
        db.session.execute(select(Event.id).limit(1))
        assert driver_reads.rows(statement, {"event_id": events[0]}) is None
        db.session.remove()
        assert driver_reads.rows(statement, {"event_id": events[0]}) is not None
