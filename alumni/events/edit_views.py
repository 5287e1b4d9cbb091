"""Officers post, edit, publish and report their societies' events; staff manage themes.

Each view is one form or button: `handle_form`/`perform` run its one service call in the
request's unit of work, so a refusal answers with its status and the page, and a form sent
twice acts once.
"""

from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from alumni.auth.access import requires
from alumni.auth.permissions import can_create_event, can_edit_event, can_manage_themes
from alumni.common.exceptions import Refused
from alumni.common.forms import csrf_in_form, handle_form, perform
from alumni.common.versioning import form_version
from alumni.config import LANGUAGES
from alumni.events import bp, form_setup, posting, presenters, queries, services
from alumni.events.form_setup import Lead
from alumni.events.forms import EntryForm, SeriesForm, ThemeForm
from alumni.events.models import EventStatus
from alumni.events.sheet import event_sheet
from alumni.events.views import event_page
from alumni.societies.queries import load_society

# The time of day on the event's page (in its own zone).
bp.add_app_template_global(presenters.event_hours, "event_hours")
bp.add_app_template_global(form_setup.drawn_once, "drawn_once")
bp.add_app_template_filter(presenters.zone_label, "zone_name")


def load_event(event_id: int):
    return queries.get_event(event_id) or abort(404)


def load_event_for_form(event_id: int):
    """The event as its form's first view shows it (its sheet: columns, no ORM objects, a
    quarter of the time), or as a post changes it (the Event)."""
    if request.method == "GET":
        return event_sheet(event_id) or abort(404)
    return queries.event_for_form(event_id) or abort(404)


def _event_url(event) -> str:
    return url_for("events.event", event_id=event.id)


def _saved_message(event) -> str:
    if event.report is not None and event.status == EventStatus.PUBLISHED:
        return _("The event is published with its participation report.")
    if event.status == EventStatus.PUBLISHED:
        return _("The event is published.")
    return _("The event is saved as a draft. Publish it when it is ready.")


@bp.route("/societies/<code>/events/new", methods=["GET", "POST"])
@csrf_in_form
@requires(can_create_event, load=load_society)
def create(society):
    lead = Lead.of_society(society)
    form = form_setup.event_form(lead, lambda: form_setup.new_event_data(society))
    return handle_form(
        form,
        "events/edit.html",
        lambda: posting.post_event(current_user, society, form.data),
        done=_event_url,
        message=_saved_message,
        lead=lead,
        event=None,
        languages=LANGUAGES,
        publishable=True,
    )


@bp.route("/events/<id:event_id>/edit", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_event, load=load_event_for_form)
def edit(event):
    lead = Lead.of_event(event)
    form = form_setup.event_form(lead, lambda: form_setup.event_data(event))
    seen = form_version(form.version.data)
    return handle_form(
        form,
        "events/edit.html",
        lambda: posting.save_event(current_user, event, form.data, seen_version=seen),
        done=_event_url(event),
        message=_saved_message,
        lead=lead,
        event=event,
        languages=LANGUAGES,
        publishable=posting.publishable(current_user, event),
    )


@bp.post("/events/<id:event_id>/status/<name>")
@requires(can_edit_event, load=load_event)
def move(event, name):
    return perform(
        lambda: services.move(current_user, event, name[:20]),
        done=_event_url(event),
        message=lambda _result: _("The event is now: %(status)s.", status=event.status.title),
        page=lambda refusal: event_page(event_sheet(event.id), refusal),
    )


@bp.route("/events/<id:event_id>/report", methods=["GET", "POST"])
@csrf_in_form
@requires(can_edit_event, load=load_event)
def report(event):
    form = form_setup.report_form(event)
    seen = form_version(form.version.data) if event.report else None
    return handle_form(
        form,
        "events/report.html",
        lambda: services.save_report(current_user, event, form.data, seen_version=seen),
        done=_event_url(event),
        message=_("The participation report is saved."),
        event=event,
        history=queries.report_history(event),
        # A draft or an event still to come has no report yet: the page says so, no form.
        not_yet=services.why_no_report_yet(event),
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
        page=lambda refusal: event_page(event_sheet(event.id), refusal, entry_form=form),
    )


@bp.post("/events/<id:event_id>/entries/<id:entry_id>/delete")
@requires(can_edit_event, load=load_event)
def remove_entry(event, entry_id):
    return perform(
        lambda: services.remove_entry(current_user, event, entry_id),
        done=_event_url(event) + "#entries",
        message=_("The entry is removed."),
        page=lambda refusal: event_page(event_sheet(event.id), refusal),
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
