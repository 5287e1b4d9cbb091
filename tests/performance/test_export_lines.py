"""The CSV export's lines are written once per content version and language, then joined."""

import csv
import io

from sqlalchemy import select

from alumni.common.caching import Bounded
from alumni.events.models import EventText
from alumni.extensions import db
from tests.performance.test_export_tuples import insert_events
from tests.support.queries import count_queries

EVENTS = 600  # more than one piece of the streamed CSV (500 lines)


def exported(client, url: str, language: str = "en") -> list[list[str]]:
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))[1:]


def test_an_export_of_events_already_exported_reads_none_of_their_names(app):
    insert_events(app, EVENTS)
    client = app.test_client()
    everything = exported(client, "/events/export.csv")
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        # Another filter, whose events were all in the first export.
        peru = exported(client, "/events/export.csv?society=PE-PERU")
    # Peru's society leads one event in three and co-hosts one in three.
    assert len(peru) == EVENTS * 2 // 3 and peru == [row for row in everything if row in peru]
    # Its events' ids, and no title, host or theme: their lines were kept.
    assert not [s for s in statements if "event_text" in s or "event_theme" in s], statements


def test_an_edited_event_shows_its_new_title_in_the_next_export(app):
    ids = insert_events(app, EVENTS)
    client = app.test_client()
    assert exported(client, "/events/export.csv")[-1][0] == "Seminar 000"
    with app.app_context():
        # Through the ORM, as the event's form: the commit bumps the content version.
        texts = db.session.scalars(select(EventText).where(EventText.event_id == ids[0]))
        for text in texts:
            text.title = {"en": "Renamed seminar", "ja": "改名したセミナー"}[text.language]
        db.session.commit()
    rows = exported(client, "/events/export.csv")
    assert rows[-1][0] == "Renamed seminar" and len(rows) == EVENTS
    assert exported(client, "/events/export.csv", "ja")[-1][0] == "改名したセミナー"


def test_each_language_has_its_own_lines(app):
    insert_events(app, 3)
    client = app.test_client()
    assert [r[0] for r in exported(client, "/events/export.csv", "ja")][-1] == "セミナー 000"
    assert [r[0] for r in exported(client, "/events/export.csv", "en")][-1] == "Seminar 000"
    assert [r[1] for r in exported(client, "/events/export.csv", "ja")] == ["セミナー"] * 3


def test_a_bounded_store_drops_the_least_recently_asked_past_its_bytes():
    store = Bounded(most_bytes=3 * (Bounded.ENTRY_BYTES + 100))
    for key in "abc":
        store.put(key, b"x" * 100)
    assert store.get("a") == b"x" * 100  # asked: now the newest
    store.put("d", b"y" * 100)
    assert store.get("b") is None and len(store) == 3
    assert [store.get(k) is not None for k in "acd"] == [True, True, True]
    store.put("e", b"z" * 500)  # larger than what is left: the oldest go
    assert store.size <= store.most_bytes and store.get("e") is not None
