"""Public pages: the network's events with filters, an event, a series."""

from flask import abort, render_template, request
from flask_login import current_user

from alumni.auth.access import public
from alumni.auth.permissions import can_see_event
from alumni.common.exceptions import Refused
from alumni.common.validators import whole_number
from alumni.common.visitor import logged_in
from alumni.events import (
    bp,
    event_facts,
    filter_choices,
    list_items,
    presenters,
    queries,
    series_page,
    sheet,
    workflow,
)
from alumni.events.models import EventFormat, EventKind

bp.add_app_template_global(presenters.event_title, "event_title")
bp.add_app_template_global(presenters.speaker_label, "speaker_label")
bp.add_app_template_global(presenters.place, "event_place")
bp.add_app_template_global(presenters.series_name, "series_name")
bp.add_app_template_global(presenters.status_badge, "event_badge")
bp.add_app_template_global(presenters.host_names, "event_host_names")
bp.add_app_template_global(presenters.attendance, "event_attendance")
bp.add_app_template_global(presenters.visibility_note, "event_visibility_note")


def filters_from_request() -> queries.EventFilter:
    """The list's filters from the query string; values that are not offered are ignored."""
    offered = filter_choices.filters()
    chosen = {name: offered[name].chosen(request.args.get(name)) for name in offered}
    year = chosen.pop("fiscal_year")
    return queries.EventFilter(**chosen, fiscal_year=int(year) if year else None)


def requested_filters() -> queries.EventFilter:
    """The list's filters from the query string, without building the list's form (an export
    or a feed shows no form): a value the form would not offer is ignored all the same."""
    args = {name: request.args.get(name) or None for name in vars(queries.EventFilter())}
    year = args["fiscal_year"]
    fixed = {
        "kind": {kind.value for kind in EventKind},
        "format": {form.value for form in EventFormat},
        "when": {"upcoming", "past"},
    }
    for name, allowed in fixed.items():
        if args[name] not in allowed:
            args[name] = None
    # The form offers "2021", not "02021", "٢٠٢١" or a year no date can have.
    number = whole_number(year, max_digits=4)
    args["fiscal_year"] = number if number and str(number) == year else None
    return queries.offered(queries.EventFilter(**args))


bp.add_app_template_global(presenters.theme_name, "theme_name")


@bp.get("/events/")
@public
def index():
    number = min(max(request.args.get("page", 1, type=int), 1), 10000)
    # Someone logged in (an officer, their own society) asks for the same lists again and
    # again: the query may keep what it learnt of a society (queries._among_partners).
    hosts, again = filter_choices.hosts(), logged_in()
    page = queries.event_page(filters_from_request(), number, hosts=hosts, again=again)
    # Only the filters go back into the page links (url_for takes other keys as its own).
    query = {k: v for k in vars(queries.EventFilter()) if (v := request.args.get(k))}
    selects = {name: f.html(request.args.get(name)) for name, f in filter_choices.filters().items()}
    items = list_items.items_html(page.items)
    return render_template(
        "events/index.html", selects=selects, page=page, query=query, items=items
    )


def load_visible_event(event_id: int):
    event = sheet.event_sheet(event_id)
    if event is None or not can_see_event(current_user, event):
        abort(404)  # a draft does not exist for the public
    return event


@bp.get("/events/<id:event_id>")
@public
def event(event_id):
    return event_page(load_visible_event(event_id))


def event_page(found, refusal: Refused | None = None, entry_form=None):
    """The event's page (FOUND: its sheet.EventSheet); with REFUSAL, the reason a button was
    refused, with its status."""
    description = presenters.event_description(found)
    page = render_template(
        "events/event.html",
        event=found,
        title=presenters.event_title(found),
        description=description,
        **event_facts.drawn(found, description),
        entries=queries.contest_entries(found) if found.series_id else [],
        moves=workflow.available(current_user, found),
        refusal=refusal,
        entry_form=entry_form,
    )
    if refusal is None:
        return page
    return page, refusal.status, refusal.headers()


@bp.get("/series/<code>")
@public
def series(code):
    title, body = series_page.drawn(code)
    return render_template("events/series.html", title=title, body=body)
