"""Officers post, edit, publish and report their societies' events; staff manage themes."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import requires
from alumni.auth.permissions import (
    can_create_event,
    can_edit_event,
    can_manage_themes,
)
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, render_form
from alumni.common.transaction import commit
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.events import bp, presenters, queries, services
from alumni.events.forms import EntryForm, EventForm, ReportForm, SeriesForm, ThemeForm
from alumni.events.models import ContestEntry, ReportRevision
from alumni.extensions import db
from alumni.i18n import country_name
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name
from alumni.societies.queries import load_society


def load_event(event_id: int):
    return queries.get_event(event_id) or abort(404)


def load_entry(event_id: int, entry_id: int):
    entry = db.session.get(ContestEntry, entry_id)
    if entry is None or entry.event_id != event_id:
        abort(404)
    return entry


def _society_choices(exclude: str | None = None) -> list[SelectChoice]:
    societies = [s for s in society_queries.all_societies() if s.code != exclude]
    return sorted(
        (
            SelectChoice(s.code, f"{society_name(s).text} — {country_name(s.country_code)}")
            for s in societies
        ),
        key=lambda choice: choice.label,
    )


def _event_form(lead_code: str, data: dict | None) -> EventForm:
    form = EventForm(data=data)
    countries, _federations, _regions = society_queries.reference_lists()
    form.set_choices(
        countries=countries,
        societies=_society_choices(exclude=lead_code),
        themes=[SelectChoice(t.code, presenters.theme_name(t)) for t in queries.themes()],
        series=[SelectChoice(s.code, presenters.series_name(s).text) for s in queries.all_series()],
        speaker_societies=_society_choices(),
    )
    return form


def _event_data(event) -> dict:
    data = {
        name: getattr(event, name)
        for name in (
            "kind",
            "start_date",
            "end_date",
            "time_zone",
            "format",
            "venue",
            "original_language",
            "edition_number",
        )
    }
    data.update(
        version=str(event.version),
        kind=event.kind.value,
        format=event.format.value,
        country=event.country_code or "",
        co_hosts=[h.society.code for h in event.hosts if not h.is_lead],
        themes=[t.code for t in event.themes],
        series=event.series.code if event.series else "",
        speakers=[
            {
                "name": s.name,
                "country": s.country_code or "",
                "society": s.society.code if s.society else "",
            }
            for s in event.speakers
        ],
    )
    for text in event.texts:
        data[f"title_{text.language}"] = text.title
        data[f"description_{text.language}"] = text.description
    return data


def _render_event_form(form, refusal=None, **context):
    return render_form("events/edit.html", form, refusal, languages=LANGUAGES, **context)


@bp.route("/societies/<code>/events/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_create_event, load=load_society)
def create(society):
    form = _event_form(society.code, _suggested_edition() if request.method == "GET" else None)
    if not form.validate_on_submit():
        return _render_event_form(form, society=society, event=None)
    try:
        event = services.create_event(current_user, society, form.data)
    except Refused as refusal:
        db.session.rollback()
        return _render_event_form(form, refusal, society=society, event=None)
    commit()
    flash(_("The event is saved as a draft. Publish it when it is ready."), "info")
    return redirect(url_for("events.event", event_id=event.id))


def _suggested_edition() -> dict | None:
    """Opened from a series page: a contest edition of it, numbered one past the last one."""
    code = (request.args.get("series") or "")[:40]
    series = queries.get_series(code) if code else None
    if series is None:
        return None
    return {
        "kind": "contest_edition",
        "series": series.code,
        "edition_number": queries.next_edition_number(series),
        "original_language": series.original_language,
    }


@bp.route("/events/<id:event_id>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_event, load=load_event)
def edit(event):
    lead = event.lead_host.society
    form = _event_form(lead.code, _event_data(event) if request.method == "GET" else None)
    context = {"society": lead, "event": event}
    if not form.validate_on_submit():
        return _render_event_form(form, **context)
    try:
        services.update_event(
            current_user, event, form.data, seen_version=form_version(form.version.data)
        )
    except Refused as refusal:
        db.session.rollback()
        return _render_event_form(form, refusal, **context)
    commit()
    flash(_("The event is saved."), "info")
    return redirect(url_for("events.event", event_id=event.id))


@bp.post("/events/<id:event_id>/status/<name>")
@requires(can_edit_event, load=load_event)
def move(event, name):
    try:
        services.move(current_user, event, name[:20])
    except Refused as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return redirect(url_for("events.event", event_id=event.id))
    commit()
    flash(_("The event is now: %(status)s.", status=event.status.title), "info")
    return redirect(url_for("events.event", event_id=event.id))


def _report_data(event) -> dict | None:
    report = event.report
    if report is None:
        return None
    return {
        "version": str(report.version),
        "attendance_total": report.attendance_total,
        "distinct_participants": report.distinct_participants,
        "speakers_count": report.speakers_count,
        "countries": [
            {"country": c.country_code, "attendance": c.attendance} for c in report.countries
        ],
    }


@bp.route("/events/<id:event_id>/report", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_event, load=load_event)
def report(event):
    form = ReportForm(data=_report_data(event) if request.method == "GET" else None)
    form.set_choices(society_queries.reference_lists()[0])
    history = (
        db.session.scalars(
            select(ReportRevision)
            .where(ReportRevision.report_id == event.report.id)
            .order_by(ReportRevision.id.desc())
        ).all()
        if event.report
        else []
    )
    context = {"event": event, "history": history}
    if not form.validate_on_submit():
        return render_form("events/report.html", form, **context)
    seen = form_version(form.version.data) if event.report else None
    try:
        services.save_report(current_user, event, form.data, seen_version=seen)
    except Refused as refusal:
        db.session.rollback()
        return render_form("events/report.html", form, refusal, **context)
    commit()
    flash(_("The participation report is saved."), "info")
    return redirect(url_for("events.event", event_id=event.id))


@bp.post("/events/<id:event_id>/entries")
@requires(can_edit_event, load=load_event)
def add_entry(event):
    form = EntryForm()
    if not form.validate_on_submit():
        flash(_("The entry needs the name of a company or team (at most 200 characters)."), "error")
        return redirect(url_for("events.event", event_id=event.id))
    try:
        services.add_entry(current_user, event, form.data)
    except Refused as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return redirect(url_for("events.event", event_id=event.id))
    commit()
    flash(_("The entry is added."), "info")
    return redirect(url_for("events.event", event_id=event.id) + "#entries")


@bp.post("/events/<id:event_id>/entries/<id:entry_id>/delete")
@requires(can_edit_event, load=load_event)
def remove_entry(event, entry_id):
    services.remove_entry(current_user, event, load_entry(event.id, entry_id))
    commit()
    flash(_("The entry is removed."), "info")
    return redirect(url_for("events.event", event_id=event.id) + "#entries")


@bp.route("/societies/<code>/series/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_create_event, load=load_society)
def create_series(society):
    form = SeriesForm()
    if not form.validate_on_submit():
        return render_form("events/series_form.html", form, society=society, languages=LANGUAGES)
    try:
        series = services.create_series(current_user, society, form.data)
    except Refused as refusal:
        db.session.rollback()
        return render_form(
            "events/series_form.html", form, refusal, society=society, languages=LANGUAGES
        )
    commit()
    flash(
        _("The series is created. Add its editions as events of the kind “5S contest edition”."),
        "info",
    )
    return redirect(url_for("events.series", code=series.code))


@bp.route("/staff/themes", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_themes)
def themes():
    form = ThemeForm()
    context = {"themes": queries.themes(), "languages": LANGUAGES}
    if not form.validate_on_submit():
        return render_form("events/themes.html", form, **context)
    try:
        services.add_theme(current_user, form.data)
    except Refused as refusal:
        db.session.rollback()
        return render_form("events/themes.html", form, refusal, **context)
    commit()
    flash(_("The theme is added."), "info")
    return redirect(url_for("events.themes"))
