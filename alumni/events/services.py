"""Operations on events, series and participation reports; they audit and flush, never commit."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from alumni.audit.services import record
from alumni.common.children import per_language, save_children
from alumni.common.exceptions import Conflict, Forbidden, Refused
from alumni.common.time import today, utcnow
from alumni.common.versioning import claim_version
from alumni.config import LANGUAGES
from alumni.events import workflow
from alumni.events.models import (
    ContestEntry,
    Event,
    EventHost,
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
from alumni.societies.presenters import society_name


def create_event(actor, lead: Society, data: dict) -> Event:
    """A new draft event led by LEAD; nothing is public until it is published."""
    event = Event(status=EventStatus.DRAFT, lead_society_id=lead.id)
    event.hosts.append(EventHost(society_id=lead.id, society=lead))
    db.session.add(event)
    _apply(event, data)
    db.session.flush()
    record("event.created", actor=actor, target=event, society=lead)
    return event


def update_event(actor, event: Event, data: dict, *, seen_version: int) -> None:
    claim_version(event, seen_version)
    _apply(event, data)
    event.updated_at = utcnow()
    db.session.flush()
    record("event.updated", actor=actor, target=event, society=event.lead_host.society)


def _apply(event: Event, data: dict) -> None:
    for name in ("kind", "start_date", "end_date", "time_zone", "format", "original_language"):
        setattr(event, name, data[name])
    event.start_time, event.end_time = data.get("start_time"), data.get("end_time")
    event.venue = data.get("venue") or ""
    event.country_code = data.get("country") or None
    _set_texts(event, data)
    _set_co_hosts(event, data.get("co_hosts") or [])
    event.themes = list(
        db.session.scalars(select(Theme).where(Theme.code.in_(data.get("themes") or [])))
    )
    _set_edition(event, data.get("series") or None, data.get("edition_number"))
    _set_speakers(event, data.get("speakers") or [])


def _set_texts(event: Event, data: dict) -> None:
    if not data.get(f"title_{data['original_language']}"):
        raise Refused(_("Give the event a title in the language it was written in."))
    wanted = per_language(data, ("title", "description"), LANGUAGES)
    save_children(event.texts, wanted, "language", lambda text: EventText(**text))


def _set_co_hosts(event: Event, codes: list[str]) -> None:
    """The lead host stays; co-hosts are matched on their society."""
    lead = event.lead_host
    wanted = {c for c in codes if c != lead.society.code}
    societies = {
        s.code: s for s in db.session.scalars(select(Society).where(Society.code.in_(wanted)))
    }
    if len(societies) != len(wanted):
        raise Refused(_("One of the co-host societies does not exist."))
    by_id = {s.id: s for s in societies.values()}
    hosts = [{"society_id": lead.society.id}] + [
        {"society_id": societies[code].id} for code in sorted(wanted)
    ]
    save_children(
        event.hosts,
        hosts,
        "society_id",
        lambda host: EventHost(society_id=host["society_id"], society=by_id[host["society_id"]]),
    )


def _set_edition(event: Event, series_code: str | None, number: int | None) -> None:
    if not series_code:
        event.series, event.edition_number = None, None
        return
    series = db.session.scalars(select(Series).where(Series.code == series_code)).first()
    if series is None:
        raise Refused(_("This series does not exist."))
    if number is None:  # the form asks for it; a check constraint would fail the commit
        raise Refused.at("edition_number", _("Enter the edition number of this contest."))
    if series.society_id not in {host.society_id for host in event.hosts}:
        # A society's series holds the editions it hosts (leads or co-hosts), not any
        # society's event: another's would take an edition number from it.
        raise Refused.at(
            "series",
            _(
                "The series %(series)s belongs to %(society)s, which does not host this "
                "event: add that society as a co-host, or choose another series.",
                series=series.code,
                society=society_name(series.society).text,
            ),
        )
    taken = db.session.scalars(
        select(Event.id).where(
            Event.series_id == series.id,
            Event.edition_number == number,
            Event.id != (event.id or 0),
        )
    ).first()
    if taken:
        raise Refused(_("Edition %(number)s of this series is already recorded.", number=number))
    event.series, event.edition_number = series, number


def _set_speakers(event: Event, rows: list[dict]) -> None:
    """Speakers in the order given, matched on their position (the form's line)."""
    society_ids = dict(db.session.execute(select(Society.code, Society.id)).all())
    used = [r for r in rows if r.get("name") or r.get("country") or r.get("society")]
    speakers = [
        {
            "position": position,
            "name": row.get("name") or "",
            "country_code": row.get("country") or None,
            "society_id": society_ids.get(row.get("society") or ""),
        }
        for position, row in enumerate(used, start=1)
    ]
    save_children(event.speakers, speakers, "position", lambda speaker: Speaker(**speaker))


def move(actor, event: Event, name: str) -> None:
    """Publish, cancel or discard, as the workflow table allows."""
    try:
        transition = workflow.check(actor, event, name)
    except workflow.IllegalTransition:
        raise Conflict(_("This event cannot be changed that way now.")) from None
    except PermissionError:
        raise Forbidden(_("Only the lead host's officers can do this.")) from None
    before = event.status
    event.status = transition.target
    # The calendar's SEQUENCE: subscribed calendars replace their copy of the event.
    claim_version(event, event.version)
    if transition.target == EventStatus.PUBLISHED:
        event.published_at = utcnow()
    event.updated_at = utcnow()
    record(
        f"event.{name}",
        actor=actor,
        target=event,
        society=event.lead_host.society,
        details={"from": before.value, "to": event.status.value},
    )


# Caps documented on the report form: beyond these a figure is surely a typing error.
MAX_ATTENDANCE = 1_000_000


def save_report(actor, event: Event, data: dict, *, seen_version: int | None) -> None:
    """Create or update the participation report, keeping every saved version."""
    _check_report_allowed(event)
    figures = _report_figures(event, data)
    report = _report_to_save(event, seen_version)
    report.attendance_total = figures["attendance_total"]
    report.distinct_participants = figures["distinct_participants"]
    report.speakers_count = figures["speakers_count"]
    countries = [
        {"country_code": code, "attendance": count}
        for code, count in sorted(figures["countries"].items())
    ]
    save_children(report.countries, countries, "country_code", lambda c: ReportCountry(**c))
    report.updated_at = utcnow()
    report.updated_by_id = getattr(actor, "id", None)
    db.session.add(
        ReportRevision(
            report_id=report.id,
            saved_by_id=getattr(actor, "id", None),
            saved_by_label=getattr(actor, "email", ""),
            figures=figures,
        )
    )
    db.session.flush()
    record(
        "event.report_saved",
        actor=actor,
        target=event,
        society=event.lead_host.society,
        details=figures,
    )


def _report_to_save(event: Event, seen_version: int | None) -> ParticipationReport:
    """The event's report, claimed from the version the form showed, or a new one.

    Two first saves at once: the second one's insert meets the first one's report (the unique
    event), and is told like any save that someone else's overtook.
    """
    report = event.report
    if report is not None:
        claim_version(report, seen_version if seen_version is not None else -1)
        return report
    try:
        with db.session.begin_nested():
            report = ParticipationReport(event=event, attendance_total=0)
            db.session.add(report)
    except IntegrityError:
        saved = db.session.scalar(
            select(ParticipationReport.version).where(ParticipationReport.event_id == event.id)
        )
        message = _(
            "Someone else changed this while you were editing. "
            "Your input is kept below: check it and save again."
        )
        raise Conflict(message, current_version=saved) from None
    return report


def why_no_report_yet(event: Event) -> str | None:
    """Why EVENT cannot have its participation report yet, or None when it can."""
    if event.status != EventStatus.PUBLISHED:
        return _("Only a published event can have a participation report.")
    if event.start_date > today():
        return _("The report can be filed once the event has begun.")
    return None


def _check_report_allowed(event: Event) -> None:
    if (why := why_no_report_yet(event)) is not None:
        raise Conflict(why)


def _report_figures(event: Event, data: dict) -> dict:
    """Check the sanity rules; return the figures as stored (and kept in the history)."""
    total, distinct = data["attendance_total"], data.get("distinct_participants")
    countries: dict[str, int] = {}
    for row in data.get("countries") or []:
        code, count = row.get("country") or "", row.get("attendance")
        if not code and count is None:
            continue
        if not code or count is None:
            raise Refused(_("Give both the country and its attendance on every line you use."))
        if code in countries:
            raise Refused(_("A country is listed twice."))
        countries[code] = count
    if distinct is not None and total < distinct:
        raise Refused(
            _(
                "The cumulative attendance (延べ) cannot be below the number of "
                "distinct participants."
            )
        )
    if distinct is not None and total > distinct * event.days:
        raise Refused(
            ngettext(
                "The cumulative attendance (延べ) cannot exceed the distinct participants "
                "times the %(num)s day of the event.",
                "The cumulative attendance (延べ) cannot exceed the distinct participants "
                "times the %(num)s days of the event.",
                event.days,
            )
        )
    if sum(countries.values()) > total:
        raise Refused(_("The attendance by country adds up to more than the total."))
    return {
        "attendance_total": total,
        "distinct_participants": distinct,
        "speakers_count": data.get("speakers_count"),
        "countries": countries,
    }


def create_series(actor, society: Society, data: dict) -> Series:
    if db.session.scalars(select(Series.id).where(Series.code == data["code"])).first():
        raise Refused(_("A series with this code already exists."))
    names = {lang: data[f"name_{lang}"] for lang in LANGUAGES if data.get(f"name_{lang}")}
    if not names.get(data["original_language"]):
        raise Refused(_("Give the series a name in the language it was written in."))
    series = Series(
        code=data["code"],
        society=society,
        cadence=data["cadence"],
        first_year=data["first_year"],
        names=names,
        original_language=data["original_language"],
    )
    db.session.add(series)
    db.session.flush()
    record("series.created", actor=actor, target=series, society=society)
    return series


def add_entry(actor, event: Event, data: dict) -> ContestEntry:
    if event.series_id is None:
        raise Conflict(_("Only a contest edition has entries."))
    entry = ContestEntry(
        event_id=event.id,
        name=data["name"],
        category=data.get("category") or "",
        award=data.get("award") or "",
    )
    db.session.add(entry)
    db.session.flush()
    record(
        "event.entry_added",
        actor=actor,
        target=event,
        society=event.lead_host.society,
        details={"entry": entry.name, "award": entry.award},
    )
    return entry


def remove_entry(actor, event: Event, entry_id: int) -> None:
    """Remove one of the event's entries; one removed already (another tab) is refused."""
    entry = db.session.get(ContestEntry, entry_id)
    if entry is None or entry.event_id != event.id:
        raise Conflict(_("This entry is no longer listed."))
    db.session.delete(entry)
    record(
        "event.entry_removed",
        actor=actor,
        target=event,
        society=event.lead_host.society,
        details={"entry": entry.name},
    )


def add_theme(actor, data: dict) -> Theme:
    if db.session.scalars(select(Theme.id).where(Theme.code == data["code"])).first():
        raise Refused(_("A theme with this code already exists."))
    names = {lang: data[f"name_{lang}"] for lang in LANGUAGES if data.get(f"name_{lang}")}
    theme = Theme(code=data["code"], names=names)
    db.session.add(theme)
    db.session.flush()
    record("theme.created", actor=actor, target=theme, details={"code": theme.code})
    return theme
