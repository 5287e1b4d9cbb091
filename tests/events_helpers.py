"""Making events for tests directly in the database (each in its own app context)."""

import threading
from datetime import date, timedelta

from sqlalchemy import func, select, update

from alumni.auth.models import User, UserSession
from alumni.common.time import utcnow
from alumni.events.models import (
    Cadence,
    ContestEntry,
    Event,
    EventFormat,
    EventHost,
    EventKind,
    EventStatus,
    EventText,
    ParticipationReport,
    ReportCountry,
    ReportRevision,
    Series,
    Speaker,
    Theme,
)
from alumni.extensions import db
from alumni.societies.models import Society
from tests.helpers import page_text


def society_by_code(code: str) -> Society:
    return db.session.scalars(select(Society).where(Society.code == code)).one()


def speakers(*rows) -> list[Speaker]:
    """An event's speakers in order, from (name, country code, society code or None) rows;
    inside an app context."""
    return [
        Speaker(
            position=number,
            name=name,
            country_code=country,
            society=society_by_code(code) if code else None,
        )
        for number, (name, country, code) in enumerate(rows, 1)
    ]


def report_countries(*rows) -> list[ReportCountry]:
    """A report's attendance by country, from (country code, attendance) rows."""
    return [ReportCountry(country_code=code, attendance=count) for code, count in rows]


def make_event(
    app,
    lead="PE-PERU",
    co_hosts=(),
    *,
    status=EventStatus.PUBLISHED,
    start=None,
    days=1,
    titles=None,
    kind=EventKind.SEMINAR,
    series=None,
    edition=None,
    themes=(),
    attendance=None,
    original="en",
    country=None,
) -> int:
    start = start or date.today() - timedelta(days=30)
    with app.app_context():
        event = Event(
            kind=kind,
            status=status,
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            time_zone="America/Lima",
            format=EventFormat.ONLINE,
            original_language=original,
            country_code=country,
        )
        event.lead_society_id = society_by_code(lead).id
        event.hosts.append(EventHost(society=society_by_code(lead)))
        for code in co_hosts:
            event.hosts.append(EventHost(society=society_by_code(code)))
        for lang, title in (titles or {"en": "A seminar"}).items():
            event.texts.append(EventText(language=lang, title=title))
        if series:
            event.series = db.session.scalars(select(Series).where(Series.code == series)).one()
            event.edition_number = edition
        event.themes = list(db.session.scalars(select(Theme).where(Theme.code.in_(themes))))
        if attendance is not None:
            event.report = ParticipationReport(attendance_total=attendance)
        db.session.add(event)
        db.session.commit()
        return event.id


def make_series(app, code="PE-5S", society="PE-PERU") -> str:
    with app.app_context():
        db.session.add(
            Series(
                code=code,
                society=society_by_code(society),
                cadence=Cadence.YEARLY,
                first_year=2013,
                names={"en": "Peru 5S contest", "es": "Concurso 5S del Perú"},
            )
        )
        db.session.commit()
    return code


def make_entry(app, event_id: int, name="Company A", award="Gold") -> int:
    with app.app_context():
        entry = ContestEntry(event_id=event_id, name=name, award=award)
        db.session.add(entry)
        db.session.commit()
        return entry.id


def load_event(app, event_id: int) -> dict:
    """What the database holds about an event, as plain values."""
    with app.app_context():
        event = db.session.get(Event, event_id)
        return {
            "status": event.status.value,
            "version": event.version,
            "titles": {t.language: t.title for t in event.texts},
            "hosts": [h.society.code for h in event.hosts],
            "series": event.series.code if event.series else None,
            "edition": event.edition_number,
            "report": (event.report.attendance_total if event.report else None),
            "countries": (
                {c.country_code: c.attendance for c in event.report.countries}
                if event.report
                else {}
            ),
        }


def report_revisions(app, event_id: int) -> list[dict]:
    """Every saved version of the event's report, oldest first, as stored."""
    with app.app_context():
        report = db.session.scalars(
            select(ParticipationReport).where(ParticipationReport.event_id == event_id)
        ).one()
        query = (
            select(ReportRevision)
            .where(ReportRevision.report_id == report.id)
            .order_by(ReportRevision.id)
        )
        return [revision.figures for revision in db.session.scalars(query)]


def count_rows(app, model, *conditions) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def stored_event(app, event_id: int) -> dict:
    """The event's child rows as stored: texts by language, co-hosts, speakers in order."""
    with app.app_context():
        event = db.session.get(Event, event_id)
        return {
            "texts": {t.language: (t.title, t.description) for t in event.texts},
            "hosts": sorted(h.society.code for h in event.hosts),
            "speakers": [
                (s.position, s.name, s.country_code, s.society.code if s.society else None)
                for s in event.speakers
            ],
        }


def expire_login(app, email: str, how: str) -> None:
    """End every login of EMAIL as the server sees it: revoked, or idle for days."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == email))
        values = (
            {"revoked_at": utcnow()}
            if how == "revoked"
            else {"last_seen_at": utcnow() - timedelta(days=3)}
        )
        db.session.execute(update(UserSession).where(UserSession.user_id == user_id).values(values))
        db.session.commit()


def post_together(app, posts) -> list:
    """Send each (client, url, data) from its own thread, all released at the same instant.

    Each result is (status, Location header, HTML, visible text), or the text of an exception
    the request raised (a 500 in production).
    """
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def worker(index, client, url, data):
        try:
            barrier.wait(timeout=30)
            response = client.post(url, data=data)
            results[index] = (
                response.status_code,
                response.headers.get("Location"),
                response.get_data(as_text=True),
                page_text(response),
            )
        except Exception as error:  # shown in the assertion, not lost in a thread
            results[index] = f"unexpected {error!r}"

    threads = [threading.Thread(target=worker, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
