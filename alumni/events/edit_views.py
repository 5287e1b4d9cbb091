"""Officers post, edit, publish and report their societies' events; staff manage themes.

Each view is one form or button: `handle_form`/`perform` run its one service call in the
request's unit of work, so a refusal answers with its status and the page, and a form sent
twice acts once.
"""

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import requires
from alumni.auth.permissions import can_create_event, can_edit_event, can_manage_themes
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, handle_form, perform
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.events import bp, presenters, queries, services
from alumni.events.forms import EntryForm, EventForm, ReportForm, SeriesForm, ThemeForm
from alumni.events.views import event_page
from alumni.i18n import country_name
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name
from alumni.societies.queries import load_society


def load_event(event_id: int):
    return queries.get_event(event_id) or abort(404)


def _event_url(event) -> str:
    return url_for("events.event", event_id=event.id)


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
    """The event form with its choices; DATA fills it when it is first shown (a GET)."""
    form = EventForm(data=data if request.method == "GET" else None)
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


@bp.route("/societies/<code>/events/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_create_event, load=load_society)
def create(society):
    form = _event_form(society.code, _suggested_edition())
    return handle_form(
        form,
        "events/edit.html",
        lambda: services.create_event(current_user, society, form.data),
        done=_event_url,
        message=_("The event is saved as a draft. Publish it when it is ready."),
        society=society,
        event=None,
        languages=LANGUAGES,
    )


@bp.route("/events/<id:event_id>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_event, load=load_event)
def edit(event):
    form = _event_form(event.lead_host.society.code, _event_data(event))
    seen = form_version(form.version.data)
    return handle_form(
        form,
        "events/edit.html",
        lambda: services.update_event(current_user, event, form.data, seen_version=seen),
        done=_event_url(event),
        message=_("The event is saved."),
        society=event.lead_host.society,
        event=event,
        languages=LANGUAGES,
    )


@bp.post("/events/<id:event_id>/status/<name>")
@requires(can_edit_event, load=load_event)
def move(event, name):
    return perform(
        lambda: services.move(current_user, event, name[:20]),
        done=_event_url(event),
        message=lambda _result: _("The event is now: %(status)s.", status=event.status.title),
        page=lambda refusal: event_page(event, refusal),
    )


def _report_form(event) -> ReportForm:
    form = ReportForm(data=_report_data(event) if request.method == "GET" else None)
    form.set_choices(countries=society_queries.reference_lists()[0])
    return form


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
    form = _report_form(event)
    seen = form_version(form.version.data) if event.report else None
    return handle_form(
        form,
        "events/report.html",
        lambda: services.save_report(current_user, event, form.data, seen_version=seen),
        done=_event_url(event),
        message=_("The participation report is saved."),
        event=event,
        history=queries.report_history(event),
    )


def _valid_entry(form: EntryForm) -> dict:
    if not form.validate_on_submit():
        raise Refused(_("The entry needs the name of a company or team (at most 200 characters)."))
    return form.data


@bp.post("/events/<id:event_id>/entries")
@requires(can_edit_event, load=load_event)
def add_entry(event):
    form = EntryForm()
    return perform(
        lambda: services.add_entry(current_user, event, _valid_entry(form)),
        done=_event_url(event) + "#entries",
        message=_("The entry is added."),
        page=lambda refusal: event_page(event, refusal, entry_form=form),
    )


@bp.post("/events/<id:event_id>/entries/<id:entry_id>/delete")
@requires(can_edit_event, load=load_event)
def remove_entry(event, entry_id):
    return perform(
        lambda: services.remove_entry(current_user, event, entry_id),
        done=_event_url(event) + "#entries",
        message=_("The entry is removed."),
        page=lambda refusal: event_page(event, refusal),
    )


@bp.route("/societies/<code>/series/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_create_event, load=load_society)
def create_series(society):
    form = SeriesForm()
    return handle_form(
        form,
        "events/series_form.html",
        lambda: services.create_series(current_user, society, form.data),
        done=lambda series: url_for("events.series", code=series.code),
        message=_(
            "The series is created. Add its editions as events of the kind “5S contest edition”."
        ),
        society=society,
        languages=LANGUAGES,
    )


@bp.route("/staff/themes", methods=["GET", "POST"])
@csrf_in_form
@requires(can_manage_themes)
def themes():
    form = ThemeForm()
    return handle_form(
        form,
        "events/themes.html",
        lambda: services.add_theme(current_user, form.data),
        done=url_for("events.themes"),
        message=_("The theme is added."),
        themes=queries.themes(),
        languages=LANGUAGES,
    )
