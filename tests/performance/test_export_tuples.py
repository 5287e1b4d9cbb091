"""An export of hundreds of events reads column tuples: no ORM instance per event (issue 15)."""

import csv
import io
from collections import Counter
from contextlib import contextmanager
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import event, func, insert, select

from alumni.events.models import (
    Event,
    EventFormat,
    EventHost,
    EventKind,
    EventStatus,
    EventText,
    EventTheme,
    ParticipationReport,
    Theme,
)
from alumni.extensions import db
from alumni.societies.models import Society
from tests.support.queries import count_queries

EVENTS = 600  # more than one piece of the streamed CSV (500 rows)
HOSTS = ["PE-PERU", "IN-KERALA", "AR-ARGENTINA"]
FIRST_DAY = date(2020, 4, 1)
# The lookups a request may make (its session, the content version...), whatever the rows.
MOST_LOADS = 20


@pytest.fixture
def many_events(app):
    """EVENTS co-hosted seminars, one a day from FIRST_DAY, each with two themes and a report,
    inserted in a few statements (the ORM would take seconds)."""
    return app, insert_events(app, EVENTS)


def insert_events(app, count: int, kind=lambda n: EventKind.SEMINAR) -> list[int]:
    """COUNT events as `many_events` describes, the Nth of KIND(n); their ids."""
    with app.app_context():
        society = dict(db.session.execute(select(Society.code, Society.id)).all())
        themes = list(db.session.scalars(select(Theme.id).where(Theme.code.in_(["kaizen", "5s"]))))
        first_id = (db.session.scalar(select(func.max(Event.id))) or 0) + 1
        ids = list(range(first_id, first_id + count))
        lead = {id_: society[HOSTS[n % 3]] for n, id_ in enumerate(ids)}
        day = {id_: FIRST_DAY + timedelta(days=n) for n, id_ in enumerate(ids)}
        co_host = {id_: society[HOSTS[(n + 1) % 3]] for n, id_ in enumerate(ids)}
        rows = {
            Event: [
                {"id": i, "kind": kind(n), "status": EventStatus.PUBLISHED}
                | {"start_date": day[i], "end_date": day[i], "format": EventFormat.ONLINE}
                | {"time_zone": "America/Lima", "lead_society_id": lead[i]}
                for n, i in enumerate(ids)
            ],
            EventHost: [
                {"event_id": i, "society_id": s, "start_date": day[i]}
                for i in ids
                for s in (lead[i], co_host[i])
            ],
            EventText: [
                {"event_id": i, "language": language, "title": f"{word} {n:03}"}
                for n, i in enumerate(ids)
                for language, word in (("en", "Seminar"), ("ja", "セミナー"))
            ],
            EventTheme: [{"event_id": i, "theme_id": t} for i in ids for t in themes],
            ParticipationReport: [
                {"event_id": i, "attendance_total": n} for n, i in enumerate(ids)
            ],
        }
        for model, values in rows.items():
            db.session.execute(insert(model), values)
        db.session.commit()
    return ids


@contextmanager
def orm_loads():
    """The ORM instances loaded from the database while the block runs, by class name."""
    loaded: Counter[str] = Counter()

    def record(target, context):
        loaded[type(target).__name__] += 1

    event.listen(db.Model, "load", record, propagate=True)
    try:
        yield loaded
    finally:
        event.remove(db.Model, "load", record)


@pytest.mark.parametrize("url", ["/events/export.csv", "/events/export.xlsx"])
def test_an_export_loads_no_orm_instance_per_event(many_events, url):
    app, _ids = many_events
    client = app.test_client()
    # The list's filters (societies and their names, read once per content version) first:
    # the export then finds its societies' ids among them, as the list does.
    assert client.get("/events/").status_code == 200
    with orm_loads() as loaded:
        response = client.get(url, headers={"Accept-Language": "en"})
        body = response.data  # a streamed body is written while it is read
    assert response.status_code == 200
    assert len(body) > 10_000  # every event is in it (checked row by row below)
    assert sum(loaded.values()) < MOST_LOADS, loaded


def test_the_streamed_csv_has_every_event_newest_first(many_events):
    app, ids = many_events
    response = app.test_client().get("/events/export.csv", headers={"Accept-Language": "ja"})
    pieces = list(response.response)
    # Sent as it is written: the header line (after the BOM Excel needs), then 500 rows a piece.
    assert pieces[0].startswith(b"\xef\xbb\xbf")
    assert [piece.count(b"\r\n") for piece in pieces] == [1, 500, 100]
    body = b"".join(pieces).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(body, newline=""))
    assert header[0] == "イベントのタイトル" and len(header) == 18
    assert [row[0] for row in rows] == [f"セミナー {n:03}" for n in reversed(range(EVENTS))]
    # Seminar 4: led by Kerala's society with Argentina's (named only in English), on
    # 2020-04-05 (fiscal year 2020).
    row = rows[EVENTS - 1 - 4]
    assert row[3:6] == ["2020-04-05", "2020-04-05", "2020"]
    assert row[10:12] == ["インドケララ同窓会", "Argentina alumni society"]
    assert row[12] == "5S; 改善"
    assert row[15:] == ["4", "", f"http://localhost/events/{ids[4]}"]


def test_the_excel_export_has_every_event(many_events):
    app, ids = many_events
    response = app.test_client().get("/events/export.xlsx", headers={"Accept-Language": "en"})
    header, *rows = openpyxl.load_workbook(io.BytesIO(response.data)).active.values
    assert [row[0] for row in rows] == [f"Seminar {n:03}" for n in reversed(range(EVENTS))]
    last = dict(zip(header, rows[0], strict=True))
    assert last["Cumulative attendance (延べ)"] == EVENTS - 1
    assert last["Page address"] == f"http://localhost/events/{ids[-1]}"


def test_a_large_filtered_excel_export_is_read_in_batches_and_sent_in_pieces_whole(app):
    """Thousands of rows: read BATCH events at a time, sent from a file in pieces."""
    conference = {n for n in range(4000) if n % 4 == 3}
    kinds = lambda n: EventKind.CONFERENCE if n in conference else EventKind.SEMINAR  # noqa: E731
    insert_events(app, 4000, kinds)
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as statements:
        response = app.test_client().get(
            "/events/export.xlsx?kind=seminar", headers={"Accept-Language": "en"}
        )
        pieces = list(response.response)
    assert response.status_code == 200 and len(pieces) > 1
    assert response.headers["Content-Length"] == str(sum(map(len, pieces)))
    assert response.headers["Content-Disposition"] == "attachment; filename=aots-alumni-events.xlsx"
    # 3000 events in three batches, read with what each batch names (five statements).
    assert len(statements) >= 1 + 3 * 5
    header, *rows = openpyxl.load_workbook(io.BytesIO(b"".join(pieces))).active.values
    seminars = [n for n in range(4000) if n not in conference]
    assert [row[0] for row in rows] == [f"Seminar {n:03}" for n in reversed(seminars)]
    assert {row[1] for row in rows} == {"Seminar"}
