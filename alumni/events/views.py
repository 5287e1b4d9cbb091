"""Public pages: the network's events with filters, an event, a series."""

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from alumni.auth.access import public
from alumni.auth.permissions import can_see_event
from alumni.common.exceptions import Refused
from alumni.common.validators import whole_number
from alumni.events import bp, presenters, queries, workflow
from alumni.events.forms import enum_choices
from alumni.events.models import EventFormat, EventKind
from alumni.i18n import country_name
from alumni.societies import queries as society_queries
from alumni.societies.presenters import society_name

bp.add_app_template_global(presenters.event_title, "event_title")
bp.add_app_template_global(presenters.speaker_label, "speaker_label")
bp.add_app_template_global(presenters.place, "event_place")
bp.add_app_template_global(presenters.series_name, "series_name")
bp.add_app_template_global(presenters.status_badge, "event_badge")
bp.add_app_template_global(presenters.visibility_note, "event_visibility_note")


class EventFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    kind = SelectField(validate_choice=False)
    format = SelectField(validate_choice=False)
    federation = SelectField(validate_choice=False)
    region = SelectField(validate_choice=False)
    country = SelectField(validate_choice=False)
    society = SelectField(validate_choice=False)
    fiscal_year = SelectField(validate_choice=False)
    theme = SelectField(validate_choice=False)
    when = SelectField(validate_choice=False)


def _filter_form() -> EventFilterForm:
    form = EventFilterForm(request.args)
    everything = SelectChoice("", _("All"))
    societies = society_queries.all_societies()
    federations, regions = society_queries.federations(), society_queries.regions()
    form.kind.choices = [everything, *enum_choices(EventKind)]
    form.format.choices = [everything, *enum_choices(EventFormat)]
    form.federation.choices = [everything, *(SelectChoice(f.code, f.code) for f in federations)]
    form.region.choices = [everything, *(SelectChoice(r.code, r.title) for r in regions)]
    form.country.choices = [
        everything,
        *sorted(
            # The countries that have a society, as the directory offers them.
            (SelectChoice(c, country_name(c)) for c in sorted({s.country_code for s in societies})),
            key=lambda choice: choice.label,
        ),
    ]
    form.society.choices = [
        everything,
        *sorted(
            (SelectChoice(s.code, society_name(s).text) for s in societies),
            key=lambda choice: choice.label,
        ),
    ]
    form.fiscal_year.choices = [
        everything,
        *(SelectChoice(str(y), _("FY%(year)s", year=y)) for y in queries.fiscal_years()),
    ]
    form.theme.choices = [
        everything,
        *(SelectChoice(t.code, presenters.theme_name(t)) for t in queries.themes()),
    ]
    form.when.choices = [
        everything,
        SelectChoice("upcoming", _("Upcoming")),
        SelectChoice("past", _("Past")),
    ]
    return form


def _chosen(field) -> str | None:
    value = field.data
    return value if value and value in {c.value for c in field.choices} else None


def filters_from_request(form: EventFilterForm) -> queries.EventFilter:
    """The list's filters from the query string; values that are not offered are ignored."""
    year = _chosen(form.fiscal_year)
    return queries.EventFilter(
        kind=_chosen(form.kind),
        format=_chosen(form.format),
        federation=_chosen(form.federation),
        region=_chosen(form.region),
        country=_chosen(form.country),
        society=_chosen(form.society),
        fiscal_year=int(year) if year else None,
        theme=_chosen(form.theme),
        when=_chosen(form.when),
    )


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
    form = _filter_form()
    number = min(max(request.args.get("page", 1, type=int), 1), 10000)
    page = queries.event_page(filters_from_request(form), number)
    # Only the filters go back into the page links (url_for takes other keys as its own).
    query = {k: v for k in vars(queries.EventFilter()) if (v := request.args.get(k))}
    return render_template("events/index.html", form=form, page=page, query=query)


def load_visible_event(event_id: int):
    event = queries.event_for_page(event_id)
    if event is None or not can_see_event(current_user, event):
        abort(404)  # a draft does not exist for the public
    return event


@bp.get("/events/<id:event_id>")
@public
def event(event_id):
    return event_page(load_visible_event(event_id))


def event_page(found, refusal: Refused | None = None, entry_form=None):
    """The event's page; with REFUSAL, the reason a button was refused, with its status."""
    page = render_template(
        "events/event.html",
        event=found,
        title=presenters.event_title(found),
        description=presenters.event_description(found),
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
    found = queries.get_series(code) if len(code) <= 40 else None
    if found is None:
        abort(404)
    return render_template("events/series.html", series=found, editions=queries.editions(found))
