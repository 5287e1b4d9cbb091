"""Making events for tests directly in the database (each in its own app context)."""

from datetime import date, timedelta

from sqlalchemy import select

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
    Series,
    Theme,
)
from alumni.extensions import db
from alumni.societies.models import Society


def society_by_code(code: str) -> Society:
    return db.session.scalars(select(Society).where(Society.code == code)).one()


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
            "report": (event.report.attendance_total if event.report else None),
            "countries": (
                {c.country_code: c.attendance for c in event.report.countries}
                if event.report
                else {}
            ),
        }
